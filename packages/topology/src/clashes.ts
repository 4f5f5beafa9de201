import { ROOT_PLACE, type Observed } from './assemble';
import type { Document } from './document';
import type { Issue } from './issues';
import { resolver } from './resolve';
import type { Step } from './step';

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

/**
 * Devices the kernel itself puts in every new namespace once a tunnel module is loaded (the
 * "fallback" tunnels). Nobody created them, and they go with their namespace.
 */
const KERNEL_FALLBACK_DEVICES: ReadonlySet<string> = new Set([
  'tunl0',
  'gre0',
  'gretap0',
  'erspan0',
  'ip_vti0',
  'ip6_vti0',
  'sit0',
  'ip6tnl0',
  'ip6gre0',
]);

/**
 * Interfaces someone else put inside a namespace the plan deletes: deleting the namespace would
 * delete them too, and netloom never deletes what it does not own. Found before any change is
 * made, like a name clash; the person moves or deletes them, then applies again.
 */
export function findForeignCasualties(steps: readonly Step[], observed: Observed): Issue[] {
  const owned = new Map([...observed.state.values()].flatMap((o) => (o.kind === 'netns' ? [[o.name, o.key]] : [])));
  return steps.flatMap((step): Issue[] => {
    if (step.op !== 'netns.del') return [];
    const key = owned.get(step.name);
    const inside = [...(observed.foreign.ifnames.get(step.name) ?? [])]
      .filter((n) => !KERNEL_FALLBACK_DEVICES.has(n))
      .sort();
    if (key === undefined || inside.length === 0) return [];
    const list = inside.map((n) => `"${n}"`).join(', ');
    const example = `ip -n ${step.name} link del ${inside[0] ?? ''}`;
    return [
      {
        path: [],
        code: 'FOREIGN_INSIDE',
        objectId: key,
        message: `namespace "${step.name}" holds ${list}, which this topology did not create, and deleting the namespace would delete ${inside.length === 1 ? 'it' : 'them'}; move or delete ${inside.length === 1 ? 'it' : 'them'} yourself (${example}), then try again`,
      },
    ];
  });
}
