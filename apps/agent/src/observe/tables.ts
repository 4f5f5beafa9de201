import {
  TABLE_ROW_LIMIT,
  type AddressRow,
  type FdbRow,
  type NeighbourRow,
  type RouteRow,
  type TableName,
  type TablesBody,
} from '@netloom/protocol';

import { ipAt } from './linkinfo';
import { forEachAttr, forEachMessage } from './netlink-frame';
import { macAt, parseLinkDump, type LinkRecord } from './rtnetlink';

/**
 * Decodes nl-relay's answer to `T <namespace>` (links, addresses, routes, neighbours, bridge FDB,
 * raw rtnetlink, one frame) into the rows a class is shown: what `ip addr`, `ip route` (main
 * table), `ip neigh` and `bridge fdb` print, without the entries iproute2 hides by default or
 * that say nothing about the drawing (the multicast MACs every device lists in its own FDB).
 * Layouts from <linux/rtnetlink.h> and <linux/neighbour.h>.
 */

const RTM_NEWADDR = 20;
const RTM_NEWROUTE = 24;
const RTM_NEWNEIGH = 28;
const AF_INET = 2;
const AF_BRIDGE = 7;
const AF_INET6 = 10;
const IFA = { ADDRESS: 1, LOCAL: 2 } as const;
const RTA = { DST: 1, OIF: 4, GATEWAY: 5, PRIORITY: 6, PREFSRC: 7, MULTIPATH: 9, TABLE: 15 } as const;
const RT_TABLE_MAIN = 254;
const RTM_F_CLONED = 0x200;
const NDA = { DST: 1, LLADDR: 2, CACHEINFO: 3, VLAN: 5, VNI: 7, MASTER: 9 } as const;
const NUD = { INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, PROBE: 0x10, FAILED: 0x20 } as const;
const NUD_NOARP = 0x40;
const NUD_PERMANENT = 0x80;
const NTF_PROXY = 0x08;
const NTF_ROUTER = 0x80;
/** Clock ticks per second of nda_cacheinfo (USER_HZ). */
const USER_HZ = 100;

const SCOPES: Record<number, string> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };
const PROTOCOLS: Record<number, string> = { 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static', 9: 'ra', 16: 'dhcp' };
const ROUTE_KINDS: Record<number, string> = {
  1: 'unicast',
  2: 'local',
  3: 'broadcast',
  4: 'anycast',
  5: 'multicast',
  6: 'blackhole',
  7: 'unreachable',
  8: 'prohibit',
  9: 'throw',
  10: 'nat',
};

export type Tables = TablesBody & { readonly links: readonly LinkRecord[] };

/** Which interfaces' rows to keep (the root namespace keeps only a topology's); all when absent. */
export type RowFilter = (ifindex: number, link: LinkRecord | undefined) => boolean;

export function parseTables(frame: Buffer, keep?: RowFilter): Tables {
  const links = parseLinkDump(frame);
  const byIndex = new Map(links.map((l) => [l.ifindex, l]));
  const name = (ifindex: number) => byIndex.get(ifindex)?.ifname ?? `if${ifindex}`;
  const kept = (ifindex: number) => keep === undefined || keep(ifindex, byIndex.get(ifindex));
  const tables = {
    addresses: new Rows<AddressRow>(),
    routes: new Rows<RouteRow>(),
    neighbours: new Rows<NeighbourRow>(),
    fdb: new Rows<FdbRow>(),
  };
  forEachMessage(frame, (type, start, end) => {
    if (type === RTM_NEWADDR) address(frame, start, end, name, kept, tables.addresses);
    else if (type === RTM_NEWROUTE) route(frame, start, end, name, kept, tables.routes);
    else if (type === RTM_NEWNEIGH) {
      if (frame.readUInt8(start) === AF_BRIDGE) fdbEntry(frame, start, end, byIndex, kept, tables.fdb);
      else neighbour(frame, start, end, name, kept, tables.neighbours);
    }
  });
  const truncated = (Object.keys(tables) as TableName[]).filter((t) => tables[t].truncated);
  return {
    links,
    addresses: tables.addresses.rows,
    routes: tables.routes.rows,
    neighbours: tables.neighbours.rows,
    fdb: tables.fdb.rows,
    truncated,
  };
}

/** A table capped at TABLE_ROW_LIMIT rows, remembering whether more came. */
class Rows<T> {
  readonly rows: T[] = [];
  truncated = false;
  add(row: T): void {
    if (this.rows.length < TABLE_ROW_LIMIT) this.rows.push(row);
    else this.truncated = true;
  }
}

type Name = (ifindex: number) => string;
type Kept = (ifindex: number) => boolean;

function address(frame: Buffer, start: number, end: number, name: Name, kept: Kept, out: Rows<AddressRow>): void {
  const prefixlen = frame.readUInt8(start + 1);
  const scope = frame.readUInt8(start + 3);
  const ifindex = frame.readUInt32LE(start + 4);
  if (!kept(ifindex)) return;
  let text: string | undefined;
  let fallback: string | undefined;
  forEachAttr(frame, start + 8, end, (attr, from, to) => {
    if (attr === IFA.LOCAL) text = ipAt(frame, from, to);
    else if (attr === IFA.ADDRESS) fallback = ipAt(frame, from, to);
  });
  const ip = text ?? fallback;
  if (ip !== undefined)
    out.add({ ifname: name(ifindex), cidr: `${ip}/${prefixlen}`, scope: SCOPES[scope] ?? String(scope) });
}

function route(frame: Buffer, start: number, end: number, name: Name, kept: Kept, out: Rows<RouteRow>): void {
  const family = frame.readUInt8(start);
  const dstLen = frame.readUInt8(start + 1);
  let table = frame.readUInt8(start + 4);
  const proto = frame.readUInt8(start + 5);
  const kind = frame.readUInt8(start + 7);
  const flags = frame.readUInt32LE(start + 8);
  if ((flags & RTM_F_CLONED) !== 0) return;
  let dst: string | undefined;
  let via: string | undefined;
  let src: string | undefined;
  let oif: number | undefined;
  let metric: number | undefined;
  let multipath = false;
  forEachAttr(frame, start + 12, end, (attr, from, to) => {
    if (attr === RTA.DST) dst = ipAt(frame, from, to);
    else if (attr === RTA.GATEWAY) via = ipAt(frame, from, to);
    else if (attr === RTA.PREFSRC) src = ipAt(frame, from, to);
    else if (attr === RTA.OIF) oif = frame.readUInt32LE(from);
    else if (attr === RTA.PRIORITY) metric = frame.readUInt32LE(from);
    else if (attr === RTA.TABLE) table = frame.readUInt32LE(from);
    else if (attr === RTA.MULTIPATH) multipath = true;
  });
  if (table !== RT_TABLE_MAIN || (family !== AF_INET && family !== AF_INET6)) return;
  if (oif !== undefined ? !kept(oif) : !kept(0)) return;
  const to = dstLen === 0 ? 'default' : `${dst ?? (family === AF_INET ? '0.0.0.0' : '::')}/${dstLen}`;
  out.add({
    to,
    ...(via !== undefined && { via }),
    ...(oif !== undefined ? { dev: name(oif) } : multipath && { dev: 'multipath' }),
    proto: PROTOCOLS[proto] ?? String(proto),
    kind: ROUTE_KINDS[kind] ?? String(kind),
    ...(metric !== undefined && { metric }),
    ...(src !== undefined && { src }),
  });
}

/** NUD state as `ip neigh` prints it (the first bit set). */
function nudText(state: number): string {
  if ((state & NUD_PERMANENT) !== 0) return 'PERMANENT';
  for (const [text, bit] of Object.entries(NUD)) if ((state & bit) !== 0) return text;
  return state === 0 ? 'NONE' : `0x${state.toString(16)}`;
}

function neighbour(frame: Buffer, start: number, end: number, name: Name, kept: Kept, out: Rows<NeighbourRow>): void {
  const ifindex = frame.readInt32LE(start + 4);
  const state = frame.readUInt16LE(start + 8);
  const flags = frame.readUInt8(start + 10);
  // `ip neigh` hides NOARP entries (multicast, loopback) and proxies unless asked.
  if ((state & NUD_NOARP) !== 0 || (flags & NTF_PROXY) !== 0 || !kept(ifindex)) return;
  let address: string | undefined;
  let mac: string | undefined;
  forEachAttr(frame, start + 12, end, (attr, from, to) => {
    if (attr === NDA.DST) address = ipAt(frame, from, to);
    else if (attr === NDA.LLADDR && to - from === 6) mac = macAt(frame, from);
  });
  if (address === undefined) return;
  out.add({
    address,
    dev: name(ifindex),
    ...(mac !== undefined && { mac }),
    state: nudText(state),
    ...((flags & NTF_ROUTER) !== 0 && { router: true }),
  });
}

/**
 * A bridge's entry (NDA_MASTER names the bridge, the message's ifindex the port) or a VXLAN
 * device's own (NDA_DST: the remote VTEP). Every other AF_BRIDGE entry is a device listing its
 * own unicast and multicast addresses, which says nothing about forwarding.
 */
function fdbEntry(
  frame: Buffer,
  start: number,
  end: number,
  byIndex: ReadonlyMap<number, LinkRecord>,
  kept: Kept,
  out: Rows<FdbRow>,
): void {
  const ifindex = frame.readInt32LE(start + 4);
  const state = frame.readUInt16LE(start + 8);
  let mac: string | undefined;
  let master: number | undefined;
  let remote: string | undefined;
  let vni: number | undefined;
  let vlan: number | undefined;
  let ageSec: number | undefined;
  forEachAttr(frame, start + 12, end, (attr, from, to) => {
    if (attr === NDA.LLADDR && to - from === 6) mac = macAt(frame, from);
    else if (attr === NDA.MASTER) master = frame.readUInt32LE(from);
    else if (attr === NDA.DST) remote = ipAt(frame, from, to);
    else if (attr === NDA.VNI) vni = frame.readUInt32LE(from);
    else if (attr === NDA.VLAN) vlan = frame.readUInt16LE(from);
    else if (attr === NDA.CACHEINFO && to - from >= 16) ageSec = frame.readUInt32LE(from + 8) / USER_HZ;
  });
  if (mac === undefined) return;
  const kind = (state & NUD_PERMANENT) !== 0 ? 'permanent' : (state & NUD_NOARP) !== 0 ? 'static' : 'learned';
  const common = {
    mac,
    ...(vlan !== undefined && { vlan }),
    state: kind,
    ...(kind === 'learned' && ageSec !== undefined && { ageSec }),
  } as const;
  const device = byIndex.get(ifindex);
  if (master !== undefined && master !== 0) {
    if (!kept(master)) return;
    const bridge = byIndex.get(master)?.ifname ?? `if${master}`;
    out.add({ device: bridge, port: device?.ifname ?? `if${ifindex}`, ...common });
  } else if (device?.info.kind === 'vxlan' && kept(ifindex)) {
    out.add({
      device: device.ifname,
      ...(remote !== undefined && { remote }),
      ...(vni !== undefined && { vni }),
      ...common,
    });
  }
}
