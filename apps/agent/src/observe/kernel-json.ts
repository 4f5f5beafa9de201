import { formatIpv6, type Mutable } from '@netloom/topology';

import { isMulticast, type LinkInfo } from './linkinfo';
import { NetlinkError, OPERSTATES } from './netlink-frame';
import { SCOPE_LINK, ZERO_COUNTERS, type AddressRecord, type LinkRecord } from './rtnetlink';

/**
 * The kernel as nl-relay writes it in JSON (`J` and `j <nsid>`, native/kernel-json.c): the
 * records of rtnetlink.ts, decoded by one JSON.parse. Why not the binary dumps: reading a star of
 * 500 namespaces meant ~1000 frames decoded attribute by attribute in JavaScript, once, cold,
 * in V8's interpreter, and allocating as it went: half of a converged re-apply's own time.
 * The binary decoders stay for telemetry, which reads counters every second from warm code.
 */

/** An address: IPv4 dotted, IPv6 as its eight 16-bit groups (spelled here, by formatIpv6, like every other). */
type JsonIp = string | readonly number[];

type JsonLink = {
  readonly index: number;
  readonly flags: number;
  readonly name: string;
  readonly alias?: string;
  readonly master?: number;
  readonly mtu?: number;
  readonly mac?: string;
  readonly operstate?: number;
  readonly carrier?: number;
  readonly stats?: readonly number[];
  readonly linkNetnsid?: number;
  readonly iflink?: number;
  readonly qdisc?: string;
  readonly info?: {
    readonly kind?: string;
    readonly slave?: string;
    readonly tap?: boolean;
    readonly stp?: boolean;
    readonly vxlan?: {
      readonly vni: number;
      readonly port: number;
      readonly underlayIndex?: number;
      readonly local?: JsonIp;
      readonly peer?: JsonIp;
    };
  };
};

type JsonAddress = { readonly index: number; readonly prefixlen: number; readonly scope: number; readonly ip: JsonIp };

/** One namespace's dumps; `error` is the errno of a dump the kernel refused. */
export type JsonNamespace = {
  readonly links?: readonly JsonLink[];
  readonly addresses?: readonly JsonAddress[];
  readonly error?: number;
};

/** The whole kernel: the root namespace, and every entry of /run/netns (read when it has an id). */
export type JsonKernel = {
  readonly root: JsonNamespace;
  readonly namespaces: readonly (JsonNamespace & { readonly name: string; readonly id?: number })[];
  readonly listError?: string;
};

export const parseKernelJson = (frame: Buffer): JsonKernel => JSON.parse(frame.toString('utf8')) as JsonKernel;
export const parseNamespaceJson = (frame: Buffer): JsonNamespace => JSON.parse(frame.toString('utf8')) as JsonNamespace;

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
/** A namespace's link records, as parseLinkDump gives them. */
export function namespaceLinks(ns: JsonNamespace): LinkRecord[] {
  if (ns.error !== undefined) throw new NetlinkError(ns.error);
  return (ns.links ?? []).map(linkRecord);
}

/**
 * A namespace's address records, as parseAddressDump gives them, but the kernel's own link-scope
 * ones (fe80::/64 on every interface with IPv6), which a snapshot leaves out: not spelled, ~1000
 * IPv6 texts per read of a 500-namespace star.
 */
export function snapshotAddresses(ns: JsonNamespace): AddressRecord[] {
  const out: AddressRecord[] = [];
  for (const a of ns.addresses ?? []) if (a.scope !== SCOPE_LINK) out.push(addressRecord(a));
  return out;
}

const addressRecord = (a: JsonAddress): AddressRecord => ({
  ifindex: a.index,
  cidr: `${ipText(a.ip)}/${a.prefixlen}`,
  scope: a.scope,
});

// The records are built by assignment, fields in the order the spread form had: a converged re-apply
// converts every link of the host once, in cold code, where `...(c && { k })` allocates an object
// per field and copies it (~5x the time of assigning, measured on a 500-namespace star).
function linkRecord(l: JsonLink): LinkRecord {
  const s = l.stats;
  // The rest are set below, before it is returned.
  const r = {
    ifindex: l.index,
    ifname: l.name,
    loopback: (l.flags & IFF_LOOPBACK) !== 0,
    info: l.info === undefined ? {} : linkInfo(l.info),
  } as Mutable<LinkRecord>;
  if (l.alias !== undefined && l.alias !== '') r.alias = l.alias;
  if (l.master !== undefined && l.master !== 0) r.masterIndex = l.master;
  r.up = (l.flags & IFF_UP) !== 0;
  r.mtu = l.mtu ?? 0;
  if (l.mac !== undefined) r.mac = l.mac;
  r.operstate = OPERSTATES[l.operstate ?? 0] ?? 'UNKNOWN';
  r.carrier = l.carrier === 1;
  r.counters =
    s === undefined
      ? ZERO_COUNTERS
      : {
          rxPackets: s[0] ?? 0,
          txPackets: s[1] ?? 0,
          rxBytes: s[2] ?? 0,
          txBytes: s[3] ?? 0,
          rxErrors: s[4] ?? 0,
          txErrors: s[5] ?? 0,
          rxDropped: s[6] ?? 0,
          txDropped: s[7] ?? 0,
        };
  if (l.linkNetnsid !== undefined && l.linkNetnsid >= 0) r.linkNetnsid = l.linkNetnsid;
  if (l.linkNetnsid !== undefined && l.linkNetnsid < 0) r.peerNetnsUnassigned = true;
  if (l.iflink !== undefined) r.iflink = l.iflink;
  if (l.qdisc !== undefined) r.qdisc = l.qdisc;
  return r;
}

/** As parseLinkInfo (linkinfo.ts) gives it. */
function linkInfo(info: NonNullable<JsonLink['info']>): LinkInfo {
  const r: Mutable<LinkInfo> = {};
  if (info.kind !== undefined) r.kind = info.kind;
  if (info.slave !== undefined) r.slaveKind = info.slave;
  if (info.tap !== undefined) r.tap = info.tap;
  else if (info.stp !== undefined) r.stp = info.stp;
  else if (info.vxlan !== undefined) {
    const vx = info.vxlan;
    const vxlan: Mutable<NonNullable<LinkInfo['vxlan']>> = { vni: vx.vni, port: vx.port };
    if (vx.local !== undefined) vxlan.local = ipText(vx.local);
    if (vx.peer !== undefined) {
      const peer = ipText(vx.peer);
      if (isMulticast(peer)) vxlan.group = peer;
      else vxlan.remote = peer;
    }
    if (vx.underlayIndex !== undefined) vxlan.underlayIndex = vx.underlayIndex;
    r.vxlan = vxlan;
  }
  return r;
}

const ipText = (ip: JsonIp): string => (typeof ip === 'string' ? ip : formatIpv6(ip));
