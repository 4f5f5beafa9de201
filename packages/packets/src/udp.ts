import { field, fits, hostPort, payload, type Decoding, type IpContext } from './context.ts';
import { decodeVxlan, VXLAN_PORT } from './vxlan.ts';

/** A UDP datagram at [off, end); VXLAN when sent to port 4789. */
export function decodeUdp(d: Decoding, off: number, end: number, ip: IpContext): string {
  if (!fits(d, off, end, 8, 'UDP')) return 'UDP truncated';
  const v = d.view;
  const srcPort = v.getUint16(off);
  const dstPort = v.getUint16(off + 2);
  const udpLength = v.getUint16(off + 4);
  const checksum = v.getUint16(off + 6);
  const dataEnd = udpLength >= 8 ? Math.min(off + udpLength, end) : end;
  const dataLength = udpLength >= 8 ? udpLength - 8 : end - off - 8;
  const from = hostPort(ip.src, ip.family, srcPort);
  const to = hostPort(ip.dst, ip.family, dstPort);
  d.layers.push({
    kind: 'udp',
    offset: off,
    length: 8,
    summary: `UDP ${from} → ${to}, length ${dataLength}`,
    fields: [
      field('udp.srcport', 'Source port', srcPort, off, 2),
      field('udp.dstport', 'Destination port', dstPort, off + 2, 2),
      field('udp.length', 'Length', udpLength, off + 4, 2),
      field('udp.checksum', checksum === 0 ? 'Checksum (none)' : 'Checksum', checksum, off + 6, 2),
    ],
    srcPort,
    dstPort,
    udpLength,
    checksum,
  });
  if (dstPort === VXLAN_PORT) return decodeVxlan(d, off + 8, dataEnd);
  payload(d, off + 8, dataEnd, 'UDP data');
  return `UDP ${from} → ${to} length ${dataLength}`;
}
