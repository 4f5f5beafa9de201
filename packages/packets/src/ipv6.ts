import { formatIpv6 } from './bytes.ts';
import { field, fits, payload, type Decoding } from './context.ts';
import type { Field, Part } from './layers.ts';
import { decodeUpper, protocolName } from './protocols.ts';

/** Extension headers the decoder steps over (ESP cannot be: what follows it is encrypted). */
const EXTENSIONS: ReadonlySet<number> = new Set([0, 43, 44, 51, 60, 135, 139, 140]);

/** An IPv6 header at `off`, its extension headers, then its payload. `end` is the captured end. */
export function decodeIpv6(d: Decoding, off: number, end: number): string {
  if (!fits(d, off, end, 40, 'IPv6')) return 'IPv6 truncated';
  const { bytes, view } = d;
  const word = view.getUint32(off);
  const version = word >>> 28;
  if (version !== 6) {
    payload(d, off, end, `Not IPv6 (version ${version})`);
    return 'IPv6 malformed';
  }
  const trafficClass = (word >>> 20) & 0xff;
  const flowLabel = word & 0xfffff;
  const payloadLength = view.getUint16(off + 4);
  const nextHeader = bytes[off + 6] as number;
  const hopLimit = bytes[off + 7] as number;
  const src = formatIpv6(bytes, off + 8);
  const dst = formatIpv6(bytes, off + 24);
  // A zero payload length is a jumbogram (or nonsense): take what was captured.
  const declaredEnd = payloadLength > 0 ? off + 40 + payloadLength : end;
  const upperEnd = Math.min(declaredEnd, end);
  const fields: Field[] = [
    field('ipv6.version', 'Version', version, off, 1),
    field('ipv6.tclass', 'Traffic class', trafficClass, off, 2),
    field('ipv6.flow', 'Flow label', flowLabel, off + 1, 3),
    field('ipv6.plen', 'Payload length', payloadLength, off + 4, 2),
    field('ipv6.nxt', 'Next header', protocolName(nextHeader), off + 6, 1),
    field('ipv6.hlim', 'Hop limit', hopLimit, off + 7, 1),
    field('ipv6.src', 'Source', src, off + 8, 16),
    field('ipv6.dst', 'Destination', dst, off + 24, 16),
  ];
  const extensions: Part[] = [];
  let protocol = nextHeader;
  let at = off + 40;
  let fragmentOffset = 0;
  let cut = false;
  while (EXTENSIONS.has(protocol)) {
    if (upperEnd - at < 8) {
      cut = true;
      break;
    }
    const next = bytes[at] as number;
    const len =
      protocol === 44 ? 8 : protocol === 51 ? ((bytes[at + 1] as number) + 2) * 4 : ((bytes[at + 1] as number) + 1) * 8;
    if (at + len > upperEnd) {
      cut = true;
      break;
    }
    const name = protocolName(protocol);
    let value: string | undefined;
    if (protocol === 44) {
      const fragWord = view.getUint16(at + 2);
      fragmentOffset = fragWord & 0xfff8;
      value = `offset ${fragmentOffset}${fragWord & 1 ? ', more fragments' : ''}, id 0x${view.getUint32(at + 4).toString(16)}`;
    }
    extensions.push(
      value === undefined
        ? { type: protocol, name, offset: at, length: len }
        : { type: protocol, name, offset: at, length: len, value },
    );
    fields.push(field(`ipv6.ext.${protocol}`, `${name} header → ${protocolName(next)}`, value ?? len, at, len));
    protocol = next;
    at += len;
  }
  const ext = extensions.map((e) => e.name).join(', ');
  d.layers.push({
    kind: 'ipv6',
    offset: off,
    length: at - off,
    summary: `IPv6 ${src} → ${dst}, ${protocolName(protocol)}, hop limit ${hopLimit}${ext ? ` (${ext})` : ''}`,
    fields,
    src,
    dst,
    trafficClass,
    flowLabel,
    payloadLength,
    nextHeader,
    hopLimit,
    extensions,
    protocol,
    fragmentOffset,
  });
  let summary: string;
  if (cut) {
    fits(d, at, upperEnd, 8, `IPv6 ${protocolName(protocol)} header`);
    summary = `IPv6 ${src} → ${dst} truncated`;
  } else if (fragmentOffset > 0) {
    payload(d, at, upperEnd, `IPv6 fragment (offset ${fragmentOffset})`);
    summary = `IPv6 fragment ${src} → ${dst} offset ${fragmentOffset}`;
  } else if (protocol === 59) {
    payload(d, at, upperEnd, 'No next header');
    summary = `IPv6 ${src} → ${dst}`;
  } else {
    const fragment = extensions.some((e) => e.type === 44);
    const ip = { src, dst, family: 6 as const, declaredEnd, fragment, srcOffset: off + 8, dstOffset: off + 24 };
    summary = decodeUpper(d, protocol, at, upperEnd, ip) ?? `IPv6 ${src} → ${dst} ${protocolName(protocol)}`;
  }
  if (declaredEnd < end) payload(d, declaredEnd, end, 'Ethernet padding');
  return summary;
}
