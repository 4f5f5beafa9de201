import { checksumOk } from './bytes.ts';
import { field, fits, payload, type Decoding, type IpContext } from './context.ts';
import type { Field, IcmpLayer, QuotedDatagram } from './layers.ts';
import { describeQuoted, readQuoted } from './quoted.ts';

const TYPES: Readonly<Record<number, string>> = {
  0: 'echo reply',
  3: 'destination unreachable',
  4: 'source quench',
  5: 'redirect',
  8: 'echo request',
  9: 'router advertisement',
  10: 'router solicitation',
  11: 'time exceeded',
  12: 'parameter problem',
  13: 'timestamp request',
  14: 'timestamp reply',
};

const UNREACHABLE: Readonly<Record<number, string>> = {
  0: 'network unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed',
  5: 'source route failed',
  6: 'network unknown',
  7: 'host unknown',
  9: 'network prohibited',
  10: 'host prohibited',
  13: 'communication prohibited',
};

const TIME_EXCEEDED: Readonly<Record<number, string>> = {
  0: 'time exceeded in transit',
  1: 'fragment reassembly time exceeded',
};

/** Types whose body quotes the datagram that caused them. */
const ERRORS: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

export function icmpTypeName(type: number, code: number): string {
  if (type === 3) return UNREACHABLE[code] ?? `unreachable code ${code}`;
  if (type === 11) return TIME_EXCEEDED[code] ?? `time exceeded code ${code}`;
  return TYPES[type] ?? `type ${type}`;
}

/** An ICMP message at [off, end) of an IPv4 packet. */
export function decodeIcmp(d: Decoding, off: number, end: number, ip: IpContext): string {
  if (!fits(d, off, end, 4, 'ICMP')) return 'ICMP truncated';
  const { bytes, view } = d;
  const type = bytes[off] as number;
  const code = bytes[off + 1] as number;
  const checksum = view.getUint16(off + 2);
  const typeName = icmpTypeName(type, code);
  const checksumValid = end >= ip.declaredEnd && !ip.fragment ? checksumOk(bytes, off, end) : null;
  const fields: Field[] = [
    field('icmp.type', 'Type', `${type} (${TYPES[type] ?? 'unknown'})`, off, 1),
    field('icmp.code', 'Code', code, off + 1, 1),
    field('icmp.checksum', checksumLabel(checksumValid), checksum, off + 2, 2),
  ];
  let extra: Partial<Pick<IcmpLayer, 'id' | 'seq' | 'mtu'>> = {};
  let original: QuotedDatagram | undefined;
  let headerLength = 4;
  if (end - off >= 8) {
    headerLength = 8;
    if (type === 0 || type === 8 || type === 13 || type === 14) {
      extra = { id: view.getUint16(off + 4), seq: view.getUint16(off + 6) };
      fields.push(field('icmp.id', 'Identifier', extra.id as number, off + 4, 2));
      fields.push(field('icmp.seq', 'Sequence number', extra.seq as number, off + 6, 2));
    } else if (type === 3 && code === 4) {
      extra = { mtu: view.getUint16(off + 6) };
      fields.push(field('icmp.mtu', 'Next-hop MTU', extra.mtu as number, off + 6, 2));
    }
    if (ERRORS.has(type)) original = readQuoted(bytes, view, off + 8, end, 4);
  }
  const { src, dst } = ip;
  let summary = `ICMP ${typeName} ${src} → ${dst}`;
  if (extra.id !== undefined) summary += ` id ${extra.id} seq ${extra.seq}`;
  if (extra.mtu !== undefined) summary = `ICMP ${typeName}, MTU ${extra.mtu}, ${src} → ${dst}`;
  summary += describeQuoted(original);
  d.layers.push({
    kind: 'icmp',
    offset: off,
    length: headerLength,
    summary,
    fields,
    type,
    code,
    typeName,
    checksum,
    checksumValid,
    ...extra,
    ...(original === undefined ? {} : { original }),
  });
  payload(d, off + headerLength, end, original === undefined ? 'ICMP data' : 'Original datagram');
  return summary;
}

export const checksumLabel = (ok: boolean | null): string =>
  ok === null ? 'Checksum (not checked: message not all here)' : ok ? 'Checksum (correct)' : 'Checksum (WRONG)';
