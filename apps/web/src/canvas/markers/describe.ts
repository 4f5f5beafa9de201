import type { DecodedPacket } from '@netloom/packets';

/**
 * What a marker says on hover, innermost first: `ICMP echo request 10.1.1.1 → 10.1.1.2 seq 3`,
 * `ARP who has 10.2.0.13? tell 10.2.0.11`, `TCP 10.0.0.1:5201 → 10.0.0.2:40000 [SYN]`. A VXLAN packet
 * says what it carries; the wrapping is said by the outer marker (Wrapping.label).
 */
export function describePacket(packet: DecodedPacket): string {
  let text = packet.summary;
  const vx = text.match(/^VXLAN VNI \d+[^:]*: /);
  if (vx !== null) text = text.slice(vx[0].length);
  // The echo id is the flow (the colour says it); the seq tells one ping from the next.
  text = text.replace(/ id \d+ seq (\d+)/, ' seq $1');
  // TCP's window and absolute sequence numbers are for the packet list, not a moving marker.
  text = text.replace(/^(TCP .*?\]).*$/, '$1');
  return text.replace(/, length \d+$/, '');
}
