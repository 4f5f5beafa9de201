import type { BridgeNode, DeviceNode, Link, Node, VethEnd } from './document';
import { isDevice, type Place, type Resolver } from './resolve';
import type { Indexed } from './salvage';

/** An interface the document declares: a device node or one end of a veth, where it lives and what it joins. */
export type DocIface = {
  readonly kind: DeviceNode['type'] | 'veth';
  readonly name: string;
  readonly objectId: string;
  /** Its place in the document: `['nodes', 3]` or `['links', 0, 'a']`. */
  readonly path: readonly (string | number)[];
  /** `undefined` when it lives nowhere valid (a reference problem, reported as such). */
  readonly place: Place | undefined;
  /** The bridge it is a port of, if any. */
  readonly bridge: BridgeNode | null;
  readonly fields: Pick<VethEnd, 'addresses' | 'mtu' | 'mac' | 'up'>;
  /** The device node, for devices; `null` for a veth end. */
  readonly device: DeviceNode | null;
  /** For a veth end, the index of the other end in the list. */
  readonly peer: number | null;
};

/** One end of a link that fails its own schema (its other end's name is bad, say), valid on its own. */
export type LoneEnd = { readonly id: string; readonly index: number; readonly side: 'a' | 'b'; readonly end: VethEnd };

/**
 * Every interface of the valid nodes and links, in document order (devices, then veth ends a, b),
 * then the valid ends of broken links, so their own fields are still checked.
 */
export function documentInterfaces(
  nodes: readonly Indexed<Node>[],
  links: readonly Indexed<Link>[],
  r: Resolver,
  loneEnds: readonly LoneEnd[] = [],
): DocIface[] {
  const out: DocIface[] = [];
  for (const { item: node, index } of nodes) {
    if (!isDevice(node)) continue;
    const master = node.type === 'tap' || node.type === 'vxlan' ? r.byId.get(node.master ?? '') : undefined;
    const place = r.placeOf(node);
    out.push({
      kind: node.type,
      name: node.name,
      objectId: node.id,
      path: ['nodes', index],
      place,
      // A master in another namespace is refused (MASTER_ELSEWHERE): it joins nothing.
      bridge: master?.type === 'bridge' && place !== undefined && r.placeOf(master) === place ? master : null,
      fields: node,
      device: node,
      peer: null,
    });
  }
  for (const { item: link, index } of links) {
    const first = out.length;
    for (const side of ['a', 'b'] as const) {
      const end = link[side];
      const at = r.endPlace(end);
      out.push({
        kind: 'veth',
        name: end.name,
        objectId: link.id,
        path: ['links', index, side],
        place: at?.place,
        bridge: at?.bridge ?? null,
        fields: end,
        device: null,
        peer: side === 'a' ? first + 1 : first,
      });
    }
  }
  for (const { id, index, side, end } of loneEnds) {
    const at = r.endPlace(end);
    out.push({
      kind: 'veth',
      name: end.name,
      objectId: id,
      path: ['links', index, side],
      place: at?.place,
      bridge: at?.bridge ?? null,
      fields: end,
      device: null,
      peer: null,
    });
  }
  return out;
}
