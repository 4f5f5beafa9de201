import { formatIpv4, formatIpv6 } from './bytes.ts';
import { hostPort } from './context.ts';
import type { QuotedDatagram } from './layers.ts';
import { protocolName } from './protocols.ts';

/** The IP header (and ports) an ICMP error quotes at [off, end), or undefined when too short. */
export function readQuoted(
  bytes: Uint8Array,
  view: DataView,
  off: number,
  end: number,
  family: 4 | 6,
): QuotedDatagram | undefined {
  let headerLength: number;
  let src: string;
  let dst: string;
  let protocol: number;
  if (family === 4) {
    if (end - off < 20 || (bytes[off] as number) >> 4 !== 4) return undefined;
    headerLength = ((bytes[off] as number) & 0x0f) * 4;
    [src, dst, protocol] = [formatIpv4(bytes, off + 12), formatIpv4(bytes, off + 16), bytes[off + 9] as number];
  } else {
    if (end - off < 40 || (bytes[off] as number) >> 4 !== 6) return undefined;
    headerLength = 40;
    [src, dst, protocol] = [formatIpv6(bytes, off + 8), formatIpv6(bytes, off + 24), bytes[off + 6] as number];
  }
  const at = off + headerLength;
  const echo = family === 4 ? [0, 8] : [128, 129];
  if ((protocol === 1 || protocol === 58) && at + 8 <= end && echo.includes(bytes[at] as number))
    return { src, dst, protocol, id: view.getUint16(at + 4) };
  const ports = at + 4 <= end && (protocol === 6 || protocol === 17);
  if (!ports) return { src, dst, protocol };
  return {
    src,
    dst,
    protocol,
    srcPort: view.getUint16(off + headerLength),
    dstPort: view.getUint16(off + headerLength + 2),
  };
}

/** `for UDP 10.1.2.2:5000`, as the end of an ICMP error's summary. */
export function describeQuoted(q: QuotedDatagram | undefined): string {
  if (q === undefined) return '';
  const to = q.dstPort === undefined ? q.dst : hostPort(q.dst, q.dst.includes(':') ? 6 : 4, q.dstPort);
  return ` (for ${protocolName(q.protocol)} ${to})`;
}
