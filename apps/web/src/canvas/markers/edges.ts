import { assignMacs, macKey, type Document } from '@netloom/topology';

/**
 * Which canvas line an interface's packets cross, and the MACs on either side of it, from the
 * document alone (pure). A veth end's packets cross its veth; a VXLAN device's cross its tunnel
 * (the overlay side: what it carries, unwrapped). MACs are the ones netloom gives each interface
 * (`assignMacs`, or the document's own `mac`), so the kernel has them once the drawing is applied.
 */

export type End = 'a' | 'b';

/** One end of a line: the MACs that live behind it, and whether it is a bridge's port. */
export interface EndSide {
  /** The interface's own MAC. */
  readonly own: string | undefined;
  /** MACs whose frames come from this side: its own, and one hop past a bridge it is a port of. */
  readonly macs: ReadonlySet<string>;
  /** A bridge's port (or a VXLAN device on a bridge): it forwards frames from other MACs. */
  readonly bridged: boolean;
}

export interface MarkerEdge {
  readonly id: string;
  readonly kind: 'veth' | 'tunnel';
  readonly a: EndSide;
  readonly b: EndSide;
}

export interface MarkerEdges {
  /** A capture interface's object (`l1/a`, `vx1`) → its line and the end it is. */
  readonly byObject: ReadonlyMap<string, { readonly edge: MarkerEdge; readonly end: End }>;
  readonly edges: ReadonlyMap<string, MarkerEdge>;
}

/** A VXLAN tunnel as the scene draws it: from device `a` (the line's source) to `b`. */
export interface TunnelLine {
  readonly id: string;
  readonly a: string;
  readonly b: string;
}

export function markerEdges(
  doc: Pick<Document, 'name' | 'nodes' | 'links'>,
  tunnels: readonly TunnelLine[],
): MarkerEdges {
  const macs = assignMacs(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  // The first of a duplicated id, as a search would find (such a document has errors).
  const linkById = new Map<string, Document['links'][number]>();
  for (const l of doc.links) if (!linkById.has(l.id)) linkById.set(l.id, l);
  const isBridge = (id: string) => byId.get(id)?.type === 'bridge';
  const ownOf = (key: string, end: End | null): string | undefined => {
    if (end !== null) {
      const link = linkById.get(key);
      const mac = link?.[end].mac;
      if (mac !== undefined) return mac.toLowerCase();
    } else {
      const node = byId.get(key);
      if (node !== undefined && 'mac' in node && node.mac !== undefined) return node.mac.toLowerCase();
    }
    return macs.get(macKey(key, end));
  };
  // What a bridge forwards from: itself, every interface on it and every peer of a veth port of it.
  const onBridge = new Map<string, Set<string>>();
  const add = (bridge: string, mac: string | undefined) => {
    if (mac === undefined) return;
    const set = onBridge.get(bridge) ?? new Set<string>();
    set.add(mac);
    onBridge.set(bridge, set);
  };
  for (const n of doc.nodes) {
    if (n.type === 'bridge') add(n.id, ownOf(n.id, null));
    if ((n.type === 'tap' || n.type === 'vxlan') && n.master !== undefined) add(n.master, ownOf(n.id, null));
  }
  for (const l of doc.links) {
    for (const [end, peer] of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      if (!isBridge(l[end].node)) continue;
      add(l[end].node, ownOf(l.id, end));
      add(l[end].node, ownOf(l.id, peer));
    }
  }
  const side = (own: string | undefined, bridge: string | undefined): EndSide => {
    const set = new Set(bridge === undefined ? [] : (onBridge.get(bridge) ?? []));
    if (own !== undefined) set.add(own);
    return { own, macs: set, bridged: bridge !== undefined };
  };

  const edges = new Map<string, MarkerEdge>();
  const byObject = new Map<string, { edge: MarkerEdge; end: End }>();
  for (const l of doc.links) {
    const sideOf = (end: End) => {
      const own = ownOf(l.id, end);
      const bridge = isBridge(l[end].node) ? l[end].node : undefined;
      // A veth port's bridge side: what the bridge forwards, minus what came from this line's other end.
      if (bridge === undefined) return side(own, undefined);
      const s = side(own, bridge);
      const far = ownOf(l.id, end === 'a' ? 'b' : 'a');
      const macsOnly = new Set(s.macs);
      if (far !== undefined) macsOnly.delete(far);
      return { ...s, macs: macsOnly };
    };
    const edge: MarkerEdge = { id: l.id, kind: 'veth', a: sideOf('a'), b: sideOf('b') };
    edges.set(l.id, edge);
    byObject.set(`${l.id}/a`, { edge, end: 'a' });
    byObject.set(`${l.id}/b`, { edge, end: 'b' });
  }
  for (const t of tunnels) {
    const vx = (id: string): EndSide => {
      const n = byId.get(id);
      return side(ownOf(id, null), n !== undefined && 'master' in n ? n.master : undefined);
    };
    const edge: MarkerEdge = { id: t.id, kind: 'tunnel', a: vx(t.a), b: vx(t.b) };
    edges.set(t.id, edge);
    byObject.set(t.a, { edge, end: 'a' });
    byObject.set(t.b, { edge, end: 'b' });
  }
  return { byObject, edges };
}
