import { checksumOk, formatIpv6, formatMac } from './bytes.ts';
import { field, fits, payload, type Decoding, type IpContext } from './context.ts';
import { checksumLabel } from './icmp.ts';
import type { Field, Icmpv6Layer, Part, QuotedDatagram } from './layers.ts';
import { pseudoHeaderSum } from './pseudo.ts';
import { describeQuoted, readQuoted } from './quoted.ts';

const TYPES: Readonly<Record<number, string>> = {
  1: 'destination unreachable',
  2: 'packet too big',
  3: 'time exceeded',
  4: 'parameter problem',
  128: 'echo request',
  129: 'echo reply',
  130: 'multicast listener query',
  131: 'multicast listener report',
  132: 'multicast listener done',
  133: 'router solicitation',
  134: 'router advertisement',
  135: 'neighbor solicitation',
  136: 'neighbor advertisement',
  137: 'redirect',
  143: 'multicast listener report v2',
};

const UNREACHABLE: Readonly<Record<number, string>> = {
  0: 'no route to destination',
  1: 'administratively prohibited',
  2: 'beyond scope of source address',
  3: 'address unreachable',
  4: 'port unreachable',
  5: 'source address failed policy',
  6: 'reject route',
};

const OPTIONS: Readonly<Record<number, string>> = {
  1: 'source link-address',
  2: 'target link-address',
  3: 'prefix info',
  4: 'redirected header',
  5: 'mtu',
  14: 'nonce',
  24: 'route info',
  25: 'rdnss',
  31: 'dnssl',
};

/** Where neighbour discovery options start, by type (offset from the ICMPv6 header). */
const ND_OPTIONS_AT: Readonly<Record<number, number>> = { 133: 8, 134: 16, 135: 24, 136: 24, 137: 40 };

export function icmpv6TypeName(type: number, code: number): string {
  if (type === 1) return UNREACHABLE[code] ?? `unreachable code ${code}`;
  return TYPES[type] ?? `type ${type}`;
}

/** An ICMPv6 message at [off, end) of an IPv6 packet. */
export function decodeIcmpv6(d: Decoding, off: number, end: number, ip: IpContext): string {
  if (!fits(d, off, end, 4, 'ICMPv6')) return 'ICMPv6 truncated';
  const { bytes, view } = d;
  const type = bytes[off] as number;
  const code = bytes[off + 1] as number;
  const checksum = view.getUint16(off + 2);
  const typeName = icmpv6TypeName(type, code);
  const checksumValid =
    end >= ip.declaredEnd && !ip.fragment ? checksumOk(bytes, off, end, pseudoHeaderSum(d, ip, 58, end - off)) : null;
  const fields: Field[] = [
    field('icmpv6.type', 'Type', `${type} (${TYPES[type] ?? 'unknown'})`, off, 1),
    field('icmpv6.code', 'Code', code, off + 1, 1),
    field('icmpv6.checksum', checksumLabel(checksumValid), checksum, off + 2, 2),
  ];
  const extra: {
    -readonly [K in 'id' | 'seq' | 'mtu' | 'target' | 'flags' | 'curHopLimit' | 'routerLifetime']?: Icmpv6Layer[K];
  } = {};
  let headerLength = Math.min(8, end - off);
  let original: QuotedDatagram | undefined;
  const have = end - off;
  if ((type === 128 || type === 129) && have >= 8) {
    extra.id = view.getUint16(off + 4);
    extra.seq = view.getUint16(off + 6);
    fields.push(field('icmpv6.id', 'Identifier', extra.id, off + 4, 2));
    fields.push(field('icmpv6.seq', 'Sequence number', extra.seq, off + 6, 2));
  } else if (type === 2 && have >= 8) {
    extra.mtu = view.getUint32(off + 4);
    fields.push(field('icmpv6.mtu', 'MTU', extra.mtu, off + 4, 4));
  } else if ((type === 135 || type === 136) && have >= 24) {
    if (type === 136) {
      const f = bytes[off + 4] as number;
      extra.flags = [f & 0x80 ? 'router' : '', f & 0x40 ? 'solicited' : '', f & 0x20 ? 'override' : ''].filter(Boolean);
      fields.push(field('icmpv6.na.flags', 'Flags', extra.flags.join(', ') || 'none', off + 4, 1));
    }
    extra.target = formatIpv6(bytes, off + 8);
    fields.push(field('icmpv6.nd.target', 'Target address', extra.target, off + 8, 16));
  } else if (type === 134 && have >= 16) {
    const f = bytes[off + 5] as number;
    extra.curHopLimit = bytes[off + 4] as number;
    extra.flags = [f & 0x80 ? 'managed' : '', f & 0x40 ? 'other' : ''].filter(Boolean);
    extra.routerLifetime = view.getUint16(off + 6);
    fields.push(field('icmpv6.ra.hop_limit', 'Current hop limit', extra.curHopLimit, off + 4, 1));
    fields.push(field('icmpv6.ra.flags', 'Flags', extra.flags.join(', ') || 'none', off + 5, 1));
    fields.push(field('icmpv6.ra.lifetime', 'Router lifetime (s)', extra.routerLifetime, off + 6, 2));
    fields.push(field('icmpv6.ra.reachable', 'Reachable time (ms)', view.getUint32(off + 8), off + 8, 4));
    fields.push(field('icmpv6.ra.retrans', 'Retrans timer (ms)', view.getUint32(off + 12), off + 12, 4));
  }
  if (type >= 1 && type <= 4 && have >= 8) original = readQuoted(bytes, view, off + 8, end, 6);
  const options: Part[] = [];
  const optionsAt = ND_OPTIONS_AT[type];
  if (optionsAt !== undefined && have >= optionsAt) {
    headerLength = readOptions(bytes, view, off + optionsAt, end, options) - off;
    for (const o of options)
      fields.push(field(`icmpv6.option.${o.type}`, `Option: ${o.name}`, o.value ?? o.length, o.offset, o.length));
  }
  const { src, dst } = ip;
  let summary = `ICMPv6 ${typeName} ${src} → ${dst}`;
  if (extra.id !== undefined) summary += ` id ${extra.id} seq ${extra.seq}`;
  if (extra.target !== undefined) summary += `, ${type === 135 ? 'who has' : 'target'} ${extra.target}`;
  if (extra.mtu !== undefined) summary = `ICMPv6 ${typeName}, MTU ${extra.mtu}, ${src} → ${dst}`;
  summary += describeQuoted(original);
  d.layers.push({
    kind: 'icmpv6',
    offset: off,
    length: headerLength,
    summary,
    fields,
    type,
    code,
    typeName,
    checksum,
    checksumValid,
    options,
    ...extra,
    ...(original === undefined ? {} : { original }),
  });
  payload(d, off + headerLength, end, original === undefined ? 'ICMPv6 data' : 'Original datagram');
  return summary;
}

/** Neighbour discovery options from `at`; returns where they stop. */
function readOptions(bytes: Uint8Array, view: DataView, at: number, end: number, out: Part[]): number {
  while (at + 2 <= end) {
    const type = bytes[at] as number;
    const length = (bytes[at + 1] as number) * 8;
    if (length === 0 || at + length > end) break; // a zero length would loop forever (RFC 4861 says drop)
    const name = OPTIONS[type] ?? `option ${type}`;
    let value: string | undefined;
    if ((type === 1 || type === 2) && length >= 8) value = formatMac(bytes, at + 2);
    else if (type === 5 && length >= 8) value = String(view.getUint32(at + 4));
    else if (type === 3 && length >= 32) value = `${formatIpv6(bytes, at + 16)}/${bytes[at + 2]}`;
    out.push(value === undefined ? { type, name, offset: at, length } : { type, name, offset: at, length, value });
    at += length;
  }
  return at;
}
