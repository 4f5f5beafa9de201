/** Hand-built frames for the marker tests (test only): Ethernet, IPv4, ICMP echo, ARP, VXLAN. */

const mac = (m: string) => m.split(':').map((h) => parseInt(h, 16));
const ip = (a: string) => a.split('.').map(Number);
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];

export function ethernet(src: string, dst: string, etherType: number, payload: number[]): number[] {
  return [...mac(dst), ...mac(src), ...u16(etherType), ...payload];
}

export function ipv4(src: string, dst: string, protocol: number, payload: number[]): number[] {
  const total = 20 + payload.length;
  return [0x45, 0, ...u16(total), 0, 1, 0x40, 0, 64, protocol, 0, 0, ...ip(src), ...ip(dst), ...payload];
}

export function icmpEcho(request: boolean, id: number, seq: number): number[] {
  return [request ? 8 : 0, 0, 0, 0, ...u16(id), ...u16(seq), 1, 2, 3, 4, 5, 6, 7, 8];
}

export function udp(srcPort: number, dstPort: number, payload: number[]): number[] {
  return [...u16(srcPort), ...u16(dstPort), ...u16(8 + payload.length), 0, 0, ...payload];
}

export function vxlan(vni: number, inner: number[]): number[] {
  return [0x08, 0, 0, 0, (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0, ...inner];
}

export function arpRequest(senderMac: string, senderIp: string, targetIp: string): number[] {
  return ethernet(senderMac, 'ff:ff:ff:ff:ff:ff', 0x0806, [
    0,
    1,
    8,
    0,
    6,
    4,
    0,
    1,
    ...mac(senderMac),
    ...ip(senderIp),
    0,
    0,
    0,
    0,
    0,
    0,
    ...ip(targetIp),
  ]);
}

/** An ICMP echo (request or reply) from `from` to `to`, as a frame. */
export function echoFrame(
  from: { mac: string; ip: string },
  to: { mac: string; ip: string },
  request: boolean,
  id = 7,
  seq = 1,
): Uint8Array {
  return new Uint8Array(ethernet(from.mac, to.mac, 0x0800, ipv4(from.ip, to.ip, 1, icmpEcho(request, id, seq))));
}
