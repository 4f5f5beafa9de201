import { ROOT_PLACE, type Observed } from './assemble';
import type { Document } from './document';
import type { Issue } from './issues';
import { resolver } from './resolve';

/**
 * Names the document wants that someone else already holds. Found before any change is made:
 * netloom never takes over, renames or deletes a foreign namespace or interface.
 */
export function findForeignClashes(doc: Document, observed: Observed): Issue[] {
  const issues: Issue[] = [];
  const r = resolver(doc);
  const ownedNetns = new Set([...observed.state.values()].flatMap((o) => (o.kind === 'netns' ? [o.name] : [])));
  const taken = (netns: string | null, ifname: string) => {
    // Inside a namespace that does not exist yet (or will be created), nothing can clash.
    if (netns !== null && !ownedNetns.has(netns)) return false;
    return observed.foreign.ifnames.get(netns ?? ROOT_PLACE)?.has(ifname) ?? false;
  };
  const where = (netns: string | null) => (netns === null ? 'the root namespace' : `namespace "${netns}"`);
  const clash = (path: (string | number)[], objectId: string, netns: string | null, ifname: string) =>
    issues.push({
      path,
      code: 'FOREIGN_CLASH',
      objectId,
      message: `${where(netns)} already has an interface "${ifname}" that this topology did not create; rename yours (netloom never changes what it does not own)`,
    });

  doc.nodes.forEach((node, index) => {
    if (node.type === 'namespace' && observed.foreign.netns.has(node.name)) {
      issues.push({
        path: ['nodes', index, 'name'],
        code: 'FOREIGN_CLASH',
        objectId: node.id,
        message: `a namespace "${node.name}" already exists and this topology did not create it; rename yours, or remove it yourself (ip netns del ${node.name})`,
      });
    }
    if (node.type === 'bridge' || node.type === 'tap' || node.type === 'tun' || node.type === 'vxlan') {
      const netns = r.placeOf(node)?.name ?? null;
      if (taken(netns, node.name)) clash(['nodes', index, 'name'], node.id, netns, node.name);
    }
  });
  doc.links.forEach((link, index) => {
    for (const side of ['a', 'b'] as const) {
      const netns = r.endPlace(link[side])?.place?.name ?? null;
      if (taken(netns, link[side].name)) clash(['links', index, side, 'name'], link.id, netns, link[side].name);
    }
  });
  return issues;
}
