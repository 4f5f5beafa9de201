import { formatIpv4, formatMac } from './bytes.ts';
import { field, fits, payload, type Decoding } from './context.ts';

const OPERATIONS: Readonly<Record<number, string>> = { 1: 'request', 2: 'reply', 3: 'RARP request', 4: 'RARP reply' };

/** ARP for IPv4 over Ethernet (the only kind a Linux lab sends); any other kind stays payload. */
export function decodeArp(d: Decoding, off: number, end: number): string {
  if (!fits(d, off, end, 8, 'ARP')) return 'ARP truncated';
  const v = d.view;
  const hwType = v.getUint16(off);
  const protoType = v.getUint16(off + 2);
  const hwLen = d.bytes[off + 4] as number;
  const protoLen = d.bytes[off + 5] as number;
  const operation = v.getUint16(off + 6);
  if (hwType !== 1 || protoType !== 0x0800 || hwLen !== 6 || protoLen !== 4) {
    payload(d, off, end, `ARP (hardware ${hwType}, protocol 0x${protoType.toString(16)})`);
    return `ARP ${OPERATIONS[operation] ?? `operation ${operation}`}`;
  }
  if (!fits(d, off, end, 28, 'ARP')) return 'ARP truncated';
  const senderMac = formatMac(d.bytes, off + 8);
  const senderIp = formatIpv4(d.bytes, off + 14);
  const targetMac = formatMac(d.bytes, off + 18);
  const targetIp = formatIpv4(d.bytes, off + 24);
  const summary =
    operation === 1
      ? `ARP who has ${targetIp}? tell ${senderIp}`
      : operation === 2
        ? `ARP ${senderIp} is at ${senderMac}`
        : `ARP ${OPERATIONS[operation] ?? `operation ${operation}`} ${senderIp} → ${targetIp}`;
  d.layers.push({
    kind: 'arp',
    offset: off,
    length: 28,
    summary,
    fields: [
      field('arp.hwtype', 'Hardware type', hwType, off, 2),
      field('arp.ptype', 'Protocol type', protoType, off + 2, 2),
      field('arp.hwlen', 'Hardware size', hwLen, off + 4, 1),
      field('arp.plen', 'Protocol size', protoLen, off + 5, 1),
      field('arp.op', 'Operation', OPERATIONS[operation] ?? operation, off + 6, 2),
      field('arp.sha', 'Sender MAC', senderMac, off + 8, 6),
      field('arp.spa', 'Sender IP', senderIp, off + 14, 4),
      field('arp.tha', 'Target MAC', targetMac, off + 18, 6),
      field('arp.tpa', 'Target IP', targetIp, off + 24, 4),
    ],
    operation,
    senderMac,
    senderIp,
    targetMac,
    targetIp,
  });
  payload(d, off + 28, end, 'Ethernet padding');
  return summary;
}
