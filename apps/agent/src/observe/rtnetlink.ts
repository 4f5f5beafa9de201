import { ipAt, isVxlanInfo, parseLinkInfo, type LinkInfo } from './linkinfo';
import {
  cstring,
  forEachAttr,
  forEachMessage,
  OPERSTATES,
  stats64,
  STATS64_MIN_BYTES,
  type Counters,
} from './netlink-frame';

export { NetlinkError, type Counters } from './netlink-frame';

/**
 * Decoders for rtnetlink dump answers (RTM_NEWLINK, RTM_NEWADDR), as relayed raw by nl-relay.
 * Only the attributes netloom uses are read, in place. The link kind (IFLA_LINKINFO) is decoded
 * only for interfaces that carry a netloom marker or are loopbacks: everything else is foreign,
 * and all the observer needs of it is its name. Constants from <linux/rtnetlink.h>.
 */

export type LinkRecord = {
  readonly ifindex: number;
  readonly ifname: string;
  readonly loopback: boolean;
  readonly info: LinkInfo;
  readonly alias?: string;
  readonly masterIndex?: number;
  /** IFF_UP: administrative state. */
  readonly up: boolean;
  readonly mtu: number;
  readonly mac?: string;
  /** RFC 2863 operstate as iproute2 prints it (UP, DOWN, LOWERLAYERDOWN, UNKNOWN...). */
  readonly operstate: string;
  readonly carrier: boolean;
  readonly counters: Counters;
  /** For a veth: the id, in this namespace, of the namespace its peer is in (when not the same). */
  readonly linkNetnsid?: number;
  /**
   * The peer is in another namespace that has no id here. netloom gives every namespace it makes
   * an id, so for one of its veths this means the peer's namespace is being destroyed: the
   * kernel withdraws the ids of a dying namespace before it dismantles its devices.
   */
  readonly peerNetnsUnassigned?: true;
  /** IFLA_LINK: for a veth, its peer's ifindex; 0 once the peer is gone (the pair is being destroyed). */
  readonly iflink?: number;
  /** IFLA_QDISC: the kind of a marked interface's root qdisc, unless it is the default (noqueue). */
  readonly qdisc?: string;
};

export type AddressRecord = { readonly ifindex: number; readonly cidr: string; readonly scope: number };

/** RT_SCOPE_LINK: IPv6 link-local addresses the kernel adds by itself. */
export const SCOPE_LINK = 253;

const RTM_NEWLINK = 16;
const RTM_NEWADDR = 20;
const IFINFOMSG_LEN = 16;
const IFADDRMSG_LEN = 8;
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const IFLA = {
  ADDRESS: 1,
  IFNAME: 3,
  MTU: 4,
  LINK: 5,
  MASTER: 10,
  OPERSTATE: 16,
  LINKINFO: 18,
  IFALIAS: 20,
  STATS64: 23,
  CARRIER: 33,
  QDISC: 6,
  LINK_NETNSID: 37,
} as const;
const IFA = { ADDRESS: 1, LOCAL: 2 } as const;
const MARKER_PREFIX = 'netloom:';
/** The counters of a link the kernel reports none for. */
export const ZERO_COUNTERS: Counters = {
  rxPackets: 0,
  txPackets: 0,
  rxBytes: 0,
  txBytes: 0,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Six bytes at `at` → `02:00:00:00:00:01`. */
export function macAt(frame: Buffer, at: number): string {
  let text = HEX[frame[at] ?? 0] ?? '00';
  for (let i = at + 1; i < at + 6; i += 1) text += `:${HEX[frame[i] ?? 0] ?? '00'}`;
  return text;
}

export function parseLinkDump(frame: Buffer): LinkRecord[] {
  const links: LinkRecord[] = [];
  forEachMessage(frame, (type, start, end) => {
    if (type !== RTM_NEWLINK || end - start < IFINFOMSG_LEN) return;
    const ifindex = frame.readInt32LE(start + 4);
    const flags = frame.readUInt32LE(start + 8);
    let ifname: string | undefined;
    let alias: string | undefined;
    let masterIndex: number | undefined;
    let mtu = 0;
    let mac: string | undefined;
    let operstate = 0;
    let carrier = false;
    let counters = ZERO_COUNTERS;
    let linkinfo: [number, number] | undefined;
    let linkNetnsid: number | undefined;
    let iflink: number | undefined;
    let qdisc: string | undefined;
    forEachAttr(frame, start + IFINFOMSG_LEN, end, (attr, from, to) => {
      switch (attr) {
        case IFLA.IFNAME:
          ifname = cstring(frame, from, to);
          break;
        case IFLA.IFALIAS:
          alias = cstring(frame, from, to);
          break;
        case IFLA.MASTER:
          masterIndex = frame.readUInt32LE(from);
          break;
        case IFLA.MTU:
          mtu = frame.readUInt32LE(from);
          break;
        case IFLA.ADDRESS:
          if (to - from === 6) mac = macAt(frame, from);
          break;
        case IFLA.OPERSTATE:
          operstate = frame.readUInt8(from);
          break;
        case IFLA.CARRIER:
          carrier = frame.readUInt8(from) === 1;
          break;
        case IFLA.LINKINFO:
          linkinfo = [from, to];
          break;
        case IFLA.STATS64:
          if (to - from >= STATS64_MIN_BYTES) counters = stats64(frame, from);
          break;
        case IFLA.LINK_NETNSID:
          linkNetnsid = frame.readInt32LE(from);
          break;
        case IFLA.LINK:
          iflink = frame.readInt32LE(from);
          break;
        case IFLA.QDISC:
          qdisc = cstring(frame, from, to);
          break;
      }
    });
    if (ifname === undefined) return;
    const loopback = (flags & IFF_LOOPBACK) !== 0;
    const marked = alias?.startsWith(MARKER_PREFIX) === true;
    const mayBeOurs = marked || loopback;
    links.push({
      ifindex,
      ifname,
      loopback,
      info:
        linkinfo !== undefined && (mayBeOurs || isVxlanInfo(frame, linkinfo[0], linkinfo[1]))
          ? parseLinkInfo(frame.subarray(linkinfo[0], linkinfo[1]))
          : {},
      ...(alias !== undefined && alias !== '' && { alias }),
      ...(masterIndex !== undefined && masterIndex !== 0 && { masterIndex }),
      up: (flags & IFF_UP) !== 0,
      mtu,
      ...(mac !== undefined && { mac }),
      operstate: OPERSTATES[operstate] ?? 'UNKNOWN',
      carrier,
      counters,
      ...(linkNetnsid !== undefined && linkNetnsid >= 0 && { linkNetnsid }),
      ...(linkNetnsid !== undefined && linkNetnsid < 0 && { peerNetnsUnassigned: true as const }),
      ...(iflink !== undefined && { iflink }),
      ...(marked && qdisc !== undefined && qdisc !== 'noqueue' && { qdisc }),
    });
  });
  return links;
}

export function parseAddressDump(frame: Buffer): AddressRecord[] {
  const out: AddressRecord[] = [];
  forEachMessage(frame, (type, start, end) => {
    if (type !== RTM_NEWADDR || end - start < IFADDRMSG_LEN) return;
    const prefixlen = frame.readUInt8(start + 1);
    const scope = frame.readUInt8(start + 3);
    const ifindex = frame.readUInt32LE(start + 4);
    let local: [number, number] | undefined;
    let address: [number, number] | undefined;
    forEachAttr(frame, start + IFADDRMSG_LEN, end, (attr, from, to) => {
      if (attr === IFA.LOCAL) local = [from, to];
      else if (attr === IFA.ADDRESS) address = [from, to];
    });
    const at = local ?? address;
    const text = at === undefined ? undefined : ipAt(frame, at[0], at[1]);
    if (text !== undefined) out.push({ ifindex, cidr: `${text}/${prefixlen}`, scope });
  });
  return out;
}

const RTM_NEWNSID = 88;
const RTGENMSG_LEN = 4; // struct rtgenmsg, padded
const NETNSA_NSID = 1;

/** The id in an RTM_NEWNSID answer; undefined when the namespace has none (NETNSA_NSID_NOT_ASSIGNED) or the answer is empty. */
export function parseNsid(frame: Buffer): number | undefined {
  let id: number | undefined;
  forEachMessage(frame, (type, start, end) => {
    if (type !== RTM_NEWNSID) return;
    forEachAttr(frame, start + RTGENMSG_LEN, end, (attr, from) => {
      if (attr === NETNSA_NSID) id = frame.readInt32LE(from);
    });
  });
  return id === undefined || id < 0 ? undefined : id;
}
