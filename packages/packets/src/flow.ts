import type { DecodedPacket, Layer, QuotedDatagram } from './layers.ts';

/** The source and destination of a packet at one level (IP addresses, else ARP's, else MACs). */
export interface Endpoints {
  readonly src: string;
  readonly dst: string;
}

function endpointsOf(layer: Layer): Endpoints | null {
  switch (layer.kind) {
    case 'ipv4':
    case 'ipv6':
      return { src: layer.src, dst: layer.dst };
    case 'arp':
      return { src: layer.senderIp, dst: layer.targetIp };
    default:
      return null;
  }
}

/**
 * The outermost and innermost addresses of a packet: for a VXLAN packet, the underlay's and the
 * workload's; for a plain one both are the same. MACs when there is no IP or ARP layer.
 */
export function packetEndpoints(packet: DecodedPacket): { outermost: Endpoints | null; innermost: Endpoints | null } {
  let outermost: Endpoints | null = null;
  let innermost: Endpoints | null = null;
  for (const layer of packet.layers) {
    const e = endpointsOf(layer);
    if (e === null) continue;
    outermost ??= e;
    innermost = e;
  }
  if (outermost === null) {
    const eth = packet.layers.find((l) => l.kind === 'ethernet');
    if (eth?.kind === 'ethernet') outermost = innermost = { src: eth.src, dst: eth.dst };
  }
  return { outermost, innermost };
}

/**
 * A key shared by every packet of one conversation, in both directions, for colouring them alike:
 * the innermost TCP/UDP 5-tuple, ICMP echo id, or address pair; an ICMP error takes the key of the
 * datagram it quotes. null for a packet with no address.
 */
export function flowKey(packet: DecodedPacket): string | null {
  const layers = packet.layers;
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as Layer;
    const ip = innerIp(layers, i);
    if ((l.kind === 'tcp' || l.kind === 'udp') && ip !== null) {
      // A VXLAN packet's UDP is the tunnel, not the flow: its inner layers came later and won above.
      return pair(l.kind, `${ip.src} ${l.srcPort}`, `${ip.dst} ${l.dstPort}`);
    }
    if ((l.kind === 'icmp' || l.kind === 'icmpv6') && ip !== null) {
      if (l.id !== undefined) return `${pair(l.kind, ip.src, ip.dst)} id ${l.id}`;
      // An error takes the key of the flow it reports on, so it shows in that flow's colour.
      return (l.original && quotedKey(l.original)) ?? pair(l.kind, ip.src, ip.dst);
    }
    if (l.kind === 'ipv4' || l.kind === 'ipv6') return pair(`${l.kind} ${l.protocol}`, l.src, l.dst);
    if (l.kind === 'arp') return pair('arp', l.senderIp, l.targetIp);
    if (l.kind === 'ethernet') return pair('ether', l.src, l.dst);
  }
  return null;
}

const QUOTED_KINDS: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

function quotedKey(q: QuotedDatagram): string | null {
  const kind = QUOTED_KINDS[q.protocol];
  if (kind === undefined) return null;
  if (q.srcPort !== undefined && q.dstPort !== undefined)
    return pair(kind, `${q.src} ${q.srcPort}`, `${q.dst} ${q.dstPort}`);
  if (q.id !== undefined) return `${pair(kind, q.src, q.dst)} id ${q.id}`;
  return null;
}

function innerIp(layers: readonly Layer[], below: number): Endpoints | null {
  for (let i = below - 1; i >= 0; i--) {
    const l = layers[i] as Layer;
    if (l.kind === 'ipv4' || l.kind === 'ipv6') return l;
  }
  return null;
}

const pair = (kind: string, a: string, b: string): string => (a <= b ? `${kind} ${a} ${b}` : `${kind} ${b} ${a}`);
