import { checksumOk, formatIpv4 } from './bytes.ts';
import { field, fits, payload, type Decoding } from './context.ts';
import type { Field, Part } from './layers.ts';
import { decodeUpper, protocolName } from './protocols.ts';

const OPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'EOL',
  1: 'NOP',
  7: 'RR',
  68: 'TS',
  130: 'SEC',
  131: 'LSRR',
  137: 'SSRR',
  148: 'RA',
};

/** An IPv4 header at `off`, its options, then its payload. `end` is the end of the captured frame. */
export function decodeIpv4(d: Decoding, off: number, end: number): string {
  if (!fits(d, off, end, 20, 'IPv4')) return 'IPv4 truncated';
  const { bytes, view } = d;
  const b0 = bytes[off] as number;
  const version = b0 >> 4;
  const headerLength = (b0 & 0x0f) * 4;
  if (version !== 4 || headerLength < 20) {
    payload(d, off, end, `Not IPv4 (version ${version}, header length ${headerLength})`);
    return 'IPv4 malformed';
  }
  if (!fits(d, off, end, headerLength, 'IPv4')) return 'IPv4 truncated';
  const tos = bytes[off + 1] as number;
  const totalLength = view.getUint16(off + 2);
  const id = view.getUint16(off + 4);
  const fragWord = view.getUint16(off + 6);
  const dontFragment = (fragWord & 0x4000) !== 0;
  const moreFragments = (fragWord & 0x2000) !== 0;
  const fragmentOffset = (fragWord & 0x1fff) * 8;
  const ttl = bytes[off + 8] as number;
  const protocol = bytes[off + 9] as number;
  const checksum = view.getUint16(off + 10);
  const checksumValid = checksumOk(bytes, off, off + headerLength);
  const src = formatIpv4(bytes, off + 12);
  const dst = formatIpv4(bytes, off + 16);
  const options = readOptions(bytes, off + 20, off + headerLength);
  const fields: Field[] = [
    field('ipv4.version', 'Version', version, off, 1),
    field('ipv4.ihl', 'Header length', headerLength, off, 1),
    field('ipv4.dscp', 'DSCP', tos >> 2, off + 1, 1),
    field('ipv4.ecn', 'ECN', tos & 3, off + 1, 1),
    field('ipv4.len', 'Total length', totalLength, off + 2, 2),
    field('ipv4.id', 'Identification', id, off + 4, 2),
    field('ipv4.df', "Don't fragment", dontFragment, off + 6, 1),
    field('ipv4.mf', 'More fragments', moreFragments, off + 6, 1),
    field('ipv4.frag_offset', 'Fragment offset', fragmentOffset, off + 6, 2),
    field('ipv4.ttl', 'Time to live', ttl, off + 8, 1),
    field('ipv4.proto', 'Protocol', protocolName(protocol), off + 9, 1),
    field(
      'ipv4.checksum',
      checksumValid ? 'Header checksum (correct)' : 'Header checksum (WRONG)',
      checksum,
      off + 10,
      2,
    ),
    field('ipv4.src', 'Source', src, off + 12, 4),
    field('ipv4.dst', 'Destination', dst, off + 16, 4),
  ];
  for (const o of options)
    fields.push(field(`ipv4.option.${o.name}`, `Option ${o.name}`, o.value ?? '', o.offset, o.length));
  const flags = [dontFragment ? 'DF' : '', moreFragments ? 'MF' : ''].filter(Boolean).join(' ');
  const frag =
    fragmentOffset > 0 || moreFragments ? `, fragment offset ${fragmentOffset}${moreFragments ? '+' : ''}` : '';
  d.layers.push({
    kind: 'ipv4',
    offset: off,
    length: headerLength,
    summary: `IPv4 ${src} → ${dst}, ${protocolName(protocol)}, TTL ${ttl}, id ${id}${flags ? `, ${flags}` : ''}${frag}`,
    fields,
    src,
    dst,
    headerLength,
    tos,
    totalLength,
    id,
    dontFragment,
    moreFragments,
    fragmentOffset,
    ttl,
    protocol,
    checksum,
    checksumValid,
    options,
  });
  // A length field shorter than the header is nonsense: trust the captured bytes instead.
  const declaredEnd = totalLength >= headerLength ? off + totalLength : end;
  const upperEnd = Math.min(declaredEnd, end);
  let summary: string;
  if (fragmentOffset > 0) {
    payload(d, off + headerLength, upperEnd, `IPv4 fragment (offset ${fragmentOffset})`);
    summary = `IPv4 fragment ${src} → ${dst} ${protocolName(protocol)} id ${id} offset ${fragmentOffset}`;
  } else {
    const ip = {
      src,
      dst,
      family: 4 as const,
      declaredEnd,
      fragment: moreFragments,
      srcOffset: off + 12,
      dstOffset: off + 16,
    };
    summary =
      decodeUpper(d, protocol, off + headerLength, upperEnd, ip) ?? `IPv4 ${src} → ${dst} ${protocolName(protocol)}`;
  }
  if (declaredEnd < end) payload(d, declaredEnd, end, 'Ethernet padding');
  return summary;
}

function readOptions(bytes: Uint8Array, from: number, to: number): Part[] {
  const options: Part[] = [];
  for (let i = from; i < to;) {
    const type = bytes[i] as number;
    const name = OPTION_NAMES[type] ?? `option-${type}`;
    if (type === 0 || type === 1) {
      options.push({ type, name, offset: i, length: 1 });
      i++;
      if (type === 0) break;
      continue;
    }
    const len = i + 1 < to ? (bytes[i + 1] as number) : 0;
    if (len < 2 || i + len > to) {
      options.push({ type, name: 'malformed', offset: i, length: to - i });
      break;
    }
    options.push({ type, name, offset: i, length: len, ...optionValue(bytes, type, i, len) });
    i += len;
  }
  return options;
}

function optionValue(bytes: Uint8Array, type: number, at: number, len: number): { value?: string } {
  if (type !== 7 && type !== 131 && type !== 137) return {};
  // Route options: a pointer, then the addresses recorded so far.
  const route: string[] = [];
  for (let j = at + 3; j + 4 <= at + len; j += 4) route.push(formatIpv4(bytes, j));
  return { value: route.join(' ') };
}
