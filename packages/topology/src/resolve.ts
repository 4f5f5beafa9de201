import type { BridgeNode, DeviceNode, Document, NamespaceNode, Node, VethEnd } from './document';

/** Where an interface lives: a namespace node, or the root namespace (`null`). */
export type Place = NamespaceNode | null;

/** Where a veth end lives and which bridge (if any) it joins. */
export type EndPlace = { readonly place: Place; readonly bridge: BridgeNode | null };

/** Lookups over a schema-valid document; unknown references resolve to `undefined`. */
export type Resolver = {
  readonly byId: ReadonlyMap<string, Node>;
  /** The namespace a device node lives in; `undefined` when `namespace` names no namespace or root node. */
  placeOf(device: DeviceNode): Place | undefined;
  /** `undefined` when the end's node is missing or of a kind a veth cannot attach to. */
  endPlace(end: VethEnd): EndPlace | undefined;
};

export function resolver(doc: Pick<Document, 'nodes'>): Resolver {
  const byId = new Map<string, Node>();
  for (const node of doc.nodes) if (!byId.has(node.id)) byId.set(node.id, node);

  const placeOfId = (id: string | undefined): Place | undefined => {
    if (id === undefined) return null;
    const node = byId.get(id);
    if (node?.type === 'root') return null;
    if (node?.type === 'namespace') return node;
    return undefined;
  };
  const placeOf = (device: DeviceNode): Place | undefined => placeOfId(device.namespace);
  const endPlace = (end: VethEnd): EndPlace | undefined => {
    const node = byId.get(end.node);
    if (node?.type === 'root') return { place: null, bridge: null };
    if (node?.type === 'namespace') return { place: node, bridge: null };
    if (node?.type === 'bridge') {
      const place = placeOf(node);
      return place === undefined ? undefined : { place, bridge: node };
    }
    return undefined;
  };
  return { byId, placeOf, endPlace };
}

export const isDevice = (node: Node): node is DeviceNode =>
  node.type === 'bridge' || node.type === 'tap' || node.type === 'tun' || node.type === 'vxlan';

/** A stable text for a place, for grouping: the netns name or `(root)`. */
export const placeName = (place: Place): string => (place === null ? '(root)' : place.name);
