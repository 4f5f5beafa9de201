import { flowKey, type DecodedPacket, type Layer } from '@netloom/packets';

import type { End, MarkerEdge, MarkerEdges } from './edges';
import { flowColour } from './colour';
import { describePacket } from './describe';

/**
 * A decoded packet seen on one interface → the marker the canvas draws for it (pure): the line it
 * crossed, which way, its flow's colour, what it says on hover, and for a VXLAN packet the
 * wrapping it travels in.
 */

/** `ab`: from the line's end a (its source on the canvas) to end b. */
export type Direction = 'ab' | 'ba';

/** How the direction was told: by a MAC of a known interface, by a bridge forwarding, or guessed. */
export type DirectionBasis = 'mac' | 'bridge' | 'guess';

export interface Wrapping {
  readonly vni: number;
  /** The outer UDP destination port (4789). */
  readonly port: number;
  /** `VNI 42 · UDP 4789`, written on the outer marker. */
  readonly label: string;
  /** The underlay's addresses: `10.4.0.1 → 10.4.0.2`. */
  readonly outer: string;
}

export interface MarkerSpec {
  readonly edge: string;
  readonly direction: Direction;
  /** The end of the line it was seen on, and whether it was leaving that end or arriving at it. */
  readonly seenAt: End;
  readonly leaving: boolean;
  readonly basis: DirectionBasis;
  /** The flow (both directions alike): the innermost 5-tuple, ICMP echo id or address pair. */
  readonly flow: string;
  /** Index into the flow palette (FLOW_COLOURS). */
  readonly colour: number;
  /** What the marker says on hover: `ICMP echo request 10.1.1.1 → 10.1.1.2 seq 3`. */
  readonly text: string;
  /**
   * One exchange of the flow, the same for its packets in both directions and on every hop
   * (`… id 7 seq 3` for an ICMP echo and its reply); null when the flow has no such unit.
   */
  readonly exchange: string | null;
  /** Set on a VXLAN packet: it is drawn wrapped, the inner marker in the flow's colour. */
  readonly wrapped: Wrapping | null;
}

export function classifyPacket(map: MarkerEdges, object: string, packet: DecodedPacket): MarkerSpec | null {
  const place = map.byObject.get(object);
  if (place === undefined) return null;
  const { edge, end } = place;
  const eth = packet.layers.find((l) => l.kind === 'ethernet');
  const { direction, basis } = directionOf(edge, end, eth?.kind === 'ethernet' ? eth : undefined);
  const flow = flowKey(packet) ?? `bytes ${packet.length}`;
  const vxlan = packet.layers.findIndex((l) => l.kind === 'vxlan');
  return {
    edge: edge.id,
    direction,
    seenAt: end,
    leaving: (direction === 'ab') === (end === 'a'),
    basis,
    flow,
    colour: flowColour(flow),
    text: describePacket(packet),
    exchange: exchangeOf(packet.layers),
    wrapped: vxlan < 0 ? null : wrappingOf(packet.layers, vxlan),
  };
}

/**
 * Which way a frame went along a line. A frame comes from the side its source MAC lives on and goes
 * to the side of its destination; a bridge's port also sends frames from MACs it does not know
 * here, so on a line with one bridge end what no MAC explains came from the bridge. Else (the
 * capture does not say which way it saw a packet go) it was leaving the end it was seen on.
 */
export function directionOf(
  edge: MarkerEdge,
  seenAt: End,
  eth: { readonly src: string; readonly dst: string } | undefined,
): { direction: Direction; basis: DirectionBasis } {
  if (eth !== undefined) {
    const src = eth.src.toLowerCase();
    const dst = eth.dst.toLowerCase();
    if (edge.a.macs.has(src) && !edge.b.macs.has(src)) return { direction: 'ab', basis: 'mac' };
    if (edge.b.macs.has(src) && !edge.a.macs.has(src)) return { direction: 'ba', basis: 'mac' };
    if (edge.b.macs.has(dst) && !edge.a.macs.has(dst)) return { direction: 'ab', basis: 'mac' };
    if (edge.a.macs.has(dst) && !edge.b.macs.has(dst)) return { direction: 'ba', basis: 'mac' };
    if (edge.kind === 'veth' && edge.a.bridged !== edge.b.bridged)
      return { direction: edge.a.bridged ? 'ab' : 'ba', basis: 'bridge' };
  }
  return { direction: seenAt === 'a' ? 'ab' : 'ba', basis: 'guess' };
}

function wrappingOf(layers: readonly Layer[], vxlan: number): Wrapping | null {
  const v = layers[vxlan];
  if (v?.kind !== 'vxlan') return null;
  let port = 4789;
  let outer = '';
  for (let i = vxlan - 1; i >= 0; i--) {
    const l = layers[i] as Layer;
    if (l.kind === 'udp' && outer === '') port = l.dstPort;
    if ((l.kind === 'ipv4' || l.kind === 'ipv6') && outer === '') outer = `${l.src} → ${l.dst}`;
  }
  return { vni: v.vni, port, label: `VNI ${v.vni} · UDP ${port}`, outer };
}

/** An ICMP echo and its reply share id and seq: one exchange, the same on every hop. */
function exchangeOf(layers: readonly Layer[]): string | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as Layer;
    if ((l.kind === 'icmp' || l.kind === 'icmpv6') && l.id !== undefined && l.seq !== undefined) {
      const ip = layers.slice(0, i).findLast((x) => x.kind === 'ipv4' || x.kind === 'ipv6');
      if (ip?.kind !== 'ipv4' && ip?.kind !== 'ipv6') return null;
      const [x, y] = ip.src <= ip.dst ? [ip.src, ip.dst] : [ip.dst, ip.src];
      return `${l.kind} ${x} ${y} id ${l.id} seq ${l.seq}`;
    }
  }
  return null;
}
