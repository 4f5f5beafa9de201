import { ip, parseAttrs, parseLinkInfo, type LinkInfo } from './linkinfo';

/**
 * Pure decoders for rtnetlink dump answers (RTM_NEWLINK, RTM_NEWADDR), as relayed raw by
 * nl-relay. Only the attributes netloom uses are read. Constants from <linux/rtnetlink.h>.
 */

export type Counters = {
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxPackets: number;
  readonly txPackets: number;
  readonly rxErrors: number;
  readonly txErrors: number;
  readonly rxDropped: number;
  readonly txDropped: number;
};

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
};

export type AddressRecord = { readonly ifindex: number; readonly cidr: string; readonly scope: number };

/** RT_SCOPE_LINK: IPv6 link-local addresses the kernel adds by itself. */
export const SCOPE_LINK = 253;

const NLMSG_ERROR = 2;
const RTM_NEWLINK = 16;
const RTM_NEWADDR = 20;
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const IFLA = { ADDRESS: 1, IFNAME: 3, MTU: 4, MASTER: 10, OPERSTATE: 16, LINKINFO: 18, IFALIAS: 20, STATS64: 23, CARRIER: 33 } as const;
const IFA = { ADDRESS: 1, LOCAL: 2 } as const;
const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;

/** A dump that the kernel refused (for example an unknown namespace id): errno, positive. */
export class NetlinkError extends Error {
  readonly errno: number;
  constructor(errno: number) {
    super(`rtnetlink dump failed with errno ${errno}`);
    this.errno = errno;
  }
}

type Message = { readonly type: number; readonly body: Buffer };

function messages(frame: Buffer): Message[] {
  const out: Message[] = [];
  for (let off = 0; off + 16 <= frame.length; ) {
    const len = frame.readUInt32LE(off);
    if (len < 16 || off + len > frame.length) break;
    const type = frame.readUInt16LE(off + 4);
    const body = frame.subarray(off + 16, off + len);
    if (type === NLMSG_ERROR) {
      const errno = -body.readInt32LE(0);
      if (errno !== 0) throw new NetlinkError(errno);
    }
    out.push({ type, body });
    off += (len + 3) & ~3;
  }
  return out;
}

const cstring = (b: Buffer): string => b.toString('utf8').replace(/\0.*$/s, '');
const u64 = (b: Buffer, i: number): number => (b.length >= (i + 1) * 8 ? Number(b.readBigUInt64LE(i * 8)) : 0);

export function parseLinkDump(frame: Buffer): LinkRecord[] {
  return messages(frame).flatMap((m): LinkRecord[] => {
    if (m.type !== RTM_NEWLINK || m.body.length < 16) return [];
    const ifindex = m.body.readInt32LE(4);
    const flags = m.body.readUInt32LE(8);
    let ifname: string | undefined;
    let alias: string | undefined;
    let masterIndex: number | undefined;
    let mtu = 0;
    let mac: string | undefined;
    let operstate = 0;
    let carrier = false;
    let info: LinkInfo = {};
    let stats: Buffer | undefined;
    for (const a of parseAttrs(m.body.subarray(16))) {
      switch (a.type) {
        case IFLA.IFNAME: ifname = cstring(a.data); break;
        case IFLA.IFALIAS: alias = cstring(a.data); break;
        case IFLA.MASTER: masterIndex = a.data.readUInt32LE(0); break;
        case IFLA.MTU: mtu = a.data.readUInt32LE(0); break;
        case IFLA.ADDRESS: if (a.data.length === 6) mac = [...a.data].map((b) => b.toString(16).padStart(2, '0')).join(':'); break;
        case IFLA.OPERSTATE: operstate = a.data.readUInt8(0); break;
        case IFLA.CARRIER: carrier = a.data.readUInt8(0) === 1; break;
        case IFLA.LINKINFO: info = parseLinkInfo(a.data); break;
        case IFLA.STATS64: stats = a.data; break;
      }
    }
    if (ifname === undefined) return [];
    const s = stats ?? Buffer.alloc(0);
    return [
      {
        ifindex,
        ifname,
        loopback: (flags & IFF_LOOPBACK) !== 0,
        info,
        ...(alias !== undefined && alias !== '' && { alias }),
        ...(masterIndex !== undefined && masterIndex !== 0 && { masterIndex }),
        up: (flags & IFF_UP) !== 0,
        mtu,
        ...(mac !== undefined && { mac }),
        operstate: OPERSTATES[operstate] ?? 'UNKNOWN',
        carrier,
        // struct rtnl_link_stats64 starts rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped.
        counters: {
          rxPackets: u64(s, 0),
          txPackets: u64(s, 1),
          rxBytes: u64(s, 2),
          txBytes: u64(s, 3),
          rxErrors: u64(s, 4),
          txErrors: u64(s, 5),
          rxDropped: u64(s, 6),
          txDropped: u64(s, 7),
        },
      },
    ];
  });
}

export function parseAddressDump(frame: Buffer): AddressRecord[] {
  return messages(frame).flatMap((m): AddressRecord[] => {
    if (m.type !== RTM_NEWADDR || m.body.length < 8) return [];
    const prefixlen = m.body.readUInt8(1);
    const scope = m.body.readUInt8(3);
    const ifindex = m.body.readUInt32LE(4);
    let local: Buffer | undefined;
    let address: Buffer | undefined;
    for (const a of parseAttrs(m.body.subarray(8))) {
      if (a.type === IFA.LOCAL) local = a.data;
      else if (a.type === IFA.ADDRESS) address = a.data;
    }
    const text = ip(local ?? address);
    return text === undefined ? [] : [{ ifindex, cidr: `${text}/${prefixlen}`, scope }];
  });
}
