import { formatIpv6 } from '@netloom/topology';

import { forEachAttr } from './netlink-frame';

/**
 * Decoder of IFLA_LINKINFO: the device kind and its per-kind data (tun/tap mode, bridge STP,
 * VXLAN settings). Read only for interfaces netloom may own, so it can afford small objects.
 * Constants from <linux/if_link.h>.
 */

type Attr = { readonly type: number; readonly data: Buffer };

function parseAttrs(buf: Buffer): Attr[] {
  const attrs: Attr[] = [];
  forEachAttr(buf, 0, buf.length, (type, start, end) => attrs.push({ type, data: buf.subarray(start, end) }));
  return attrs;
}

const IFLA_INFO_KIND = 1;
const IFLA_INFO_DATA = 2;
const IFLA_INFO_SLAVE_KIND = 4;
const IFLA_TUN_TYPE = 3;
const IFF_TAP = 0x0002;
const IFLA_BR_STP_STATE = 5;
const IFLA_VXLAN = { ID: 1, GROUP: 2, LINK: 3, LOCAL: 4, PORT: 15, GROUP6: 16, LOCAL6: 17 } as const;

export type VxlanInfo = {
  readonly vni: number;
  readonly port: number;
  readonly local?: string;
  readonly remote?: string;
  readonly group?: string;
  readonly underlayIndex?: number;
};

export type LinkInfo = {
  readonly kind?: string;
  readonly slaveKind?: string;
  /** For `tun`: whether it is in tap mode. */
  readonly tap?: boolean;
  readonly stp?: boolean;
  readonly vxlan?: VxlanInfo;
};

/**
 * Whether IFLA_LINKINFO (bytes `from`..`to` of `frame`) describes a VXLAN, without decoding it: the
 * kernel puts IFLA_INFO_KIND first. Someone else's VXLANs are read too, because the preflight
 * needs their VNI and port (the kernel refuses a second VXLAN with both in one namespace).
 */
export function isVxlanInfo(frame: Buffer, from: number, to: number): boolean {
  return (
    to - from >= 10 &&
    frame.readUInt16LE(from + 2) === IFLA_INFO_KIND &&
    frame.readUInt16LE(from) >= 10 &&
    frame.toString('latin1', from + 4, from + 10) === 'vxlan\0'
  );
}

const cstring = (b: Buffer): string => b.toString('utf8').replace(/\0.*$/s, '');

export function parseLinkInfo(buf: Buffer | undefined): LinkInfo {
  if (buf === undefined) return {};
  let kind: string | undefined;
  let slaveKind: string | undefined;
  let data: Buffer | undefined;
  for (const a of parseAttrs(buf)) {
    if (a.type === IFLA_INFO_KIND) kind = cstring(a.data);
    else if (a.type === IFLA_INFO_DATA) data = a.data;
    else if (a.type === IFLA_INFO_SLAVE_KIND) slaveKind = cstring(a.data);
  }
  const base = { ...(kind !== undefined && { kind }), ...(slaveKind !== undefined && { slaveKind }) };
  if (data === undefined) return base;
  const attrs = parseAttrs(data);
  const find = (type: number) => attrs.find((a) => a.type === type)?.data;
  switch (kind) {
    case 'tun': {
      const type = find(IFLA_TUN_TYPE);
      return { ...base, tap: type !== undefined && (type.readUInt8(0) & IFF_TAP) !== 0 };
    }
    case 'bridge': {
      const stp = find(IFLA_BR_STP_STATE);
      return { ...base, stp: stp !== undefined && stp.readUInt32LE(0) !== 0 };
    }
    case 'vxlan':
      return { ...base, vxlan: parseVxlan(find) };
    default:
      return base;
  }
}

function parseVxlan(find: (type: number) => Buffer | undefined): VxlanInfo {
  const id = find(IFLA_VXLAN.ID);
  const port = find(IFLA_VXLAN.PORT);
  const link = find(IFLA_VXLAN.LINK);
  const local = ip(find(IFLA_VXLAN.LOCAL)) ?? ip(find(IFLA_VXLAN.LOCAL6));
  // The kernel reports a unicast remote and a multicast group in the same attribute.
  const peer = ip(find(IFLA_VXLAN.GROUP)) ?? ip(find(IFLA_VXLAN.GROUP6));
  const multicast = peer !== undefined && isMulticast(peer);
  return {
    vni: id === undefined ? 0 : id.readUInt32LE(0),
    port: port === undefined ? 0 : port.readUInt16BE(0), // network byte order
    ...(local !== undefined && { local }),
    ...(peer !== undefined && (multicast ? { group: peer } : { remote: peer })),
    ...(link !== undefined && link.readUInt32LE(0) !== 0 && { underlayIndex: link.readUInt32LE(0) }),
  };
}

/** Raw address bytes → canonical text; all-zero (unset) → undefined. */
export function ip(b: Buffer | undefined): string | undefined {
  return b === undefined ? undefined : ipAt(b, 0, b.length);
}

/**
 * The address in `buf[from, to)` → canonical text; all-zero (unset) or a length that is neither
 * IPv4 nor IPv6 → undefined. Read in place: an observation formats ~1500 addresses.
 */
export function ipAt(buf: Buffer, from: number, to: number): string | undefined {
  if (to - from === 4) {
    const a = buf.readUInt8(from);
    const b = buf.readUInt8(from + 1);
    const c = buf.readUInt8(from + 2);
    const d = buf.readUInt8(from + 3);
    return (a | b | c | d) === 0 ? undefined : `${a}.${b}.${c}.${d}`;
  }
  if (to - from !== 16) return undefined;
  const groups: number[] = [];
  let any = 0;
  for (let i = from; i < to; i += 2) {
    const group = buf.readUInt16BE(i);
    any |= group;
    groups.push(group);
  }
  return any === 0 ? undefined : formatIpv6(groups);
}

export function isMulticast(address: string): boolean {
  if (address.includes(':')) return address.toLowerCase().startsWith('ff');
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}
