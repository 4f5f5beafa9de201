import {
  assignMacs,
  ifaceAt,
  ifacesOf,
  macKey,
  parseMarker,
  stableMac,
  type Document,
  type Issue,
  type Snapshot,
  type SnapshotLink,
  type Step,
} from '@netloom/topology';

/** Steps that act on an interface that exists: what a forged marker must not get done to someone's device. */
const TOUCHES_EXISTING: ReadonlySet<Step['op']> = new Set([
  'link.del',
  'link.set',
  'addr.add',
  'addr.del',
  'qdisc.set',
  'qdisc.del',
]);

/**
 * A marker is an alias anyone can set. Before a plan deletes or changes (addresses, MTU, MAC,
 * master, up or down) a marked interface, the MAC netloom gave it (made with it, from the topology
 * and id, or the document's) must still be on it: a device someone made and tagged with a copied
 * marker has another. The documents are those the topology is known by (the one being applied,
 * the one applied last); for an interface none of them names, its stable MAC. A tun has no MAC;
 * its marker must fit its kind (`assembleState`). One issue per interface; an interface the plan
 * makes first (a step after its `link.add`) is the new one, not judged here.
 */
export function findUnprovenChanges(
  topology: string,
  steps: readonly Step[],
  snapshot: Snapshot,
  references: readonly Document[],
): Issue[] {
  const byName = new Map(snapshot.namespaces.map((n) => [n.name, n.links ?? []]));
  // Derived once a step needs them: a plan that touches nothing marked (or nothing) derives none.
  let derived: { doc: Document; macs: ReadonlyMap<string, string> }[] | undefined;
  const assigned = () => (derived ??= references.map((doc) => ({ doc, macs: assignMacs(doc) })));
  const issues: Issue[] = [];
  // What the plan makes anew (devices, namespaces with everything in them): its steps act on those.
  const renewed = new Set(steps.flatMap((s) => (s.op === 'netns.del' ? [s.name] : [])));
  const made = new Set(
    steps.flatMap((s) =>
      s.op === 'link.add' ? ifacesOf(s.device).map(({ iface }) => ifaceAt(iface.netns, iface.ifname)) : [],
    ),
  );
  const judged = new Set<string>();
  for (const step of steps) {
    if (!TOUCHES_EXISTING.has(step.op) || !('ifname' in step)) continue;
    const at = ifaceAt(step.netns, step.ifname);
    const anew = made.has(at) || (step.netns !== null && renewed.has(step.netns));
    if (judged.has(at) || (anew && step.op !== 'link.del')) continue;
    judged.add(at);
    const link = (step.netns === null ? snapshot.root : byName.get(step.netns))?.find((l) => l.ifname === step.ifname);
    const issue = link === undefined ? null : unproven(topology, step.netns, link, assigned, step.op === 'link.del');
    if (issue !== null) issues.push(issue);
  }
  return issues;
}

/** Why `link`, marked as `topology`'s, is not proven netloom's (its MAC), or null when it is or is not marked so. */
export function unproven(
  topology: string,
  netns: string | null,
  link: SnapshotLink,
  assigned: () => readonly { readonly doc: Document; readonly macs: ReadonlyMap<string, string> }[],
  deleting: boolean,
): Issue | null {
  const marker = parseMarker(link.alias);
  // Unmarked: a leftover the journal proved; marked by someone else's topology: never planned.
  if (marker === null || marker.topology !== topology || link.mac === undefined || link.kind === 'loopback')
    return null;
  const expected = new Set<string>();
  for (const { doc, macs } of assigned()) {
    const mac = macs.get(macKey(marker.key, marker.end)) ?? declaredMac(doc, marker.key, marker.end);
    if (mac !== undefined) expected.add(mac.toLowerCase());
  }
  if (expected.size === 0) expected.add(stableMac(topology, marker.key, marker.end));
  if (expected.has(link.mac.toLowerCase())) return null;
  const ip = `ip${netns === null ? '' : ` -n ${netns}`} link set dev ${link.ifname}`;
  const want = [...expected][0] ?? '';
  return {
    path: [],
    code: 'FOREIGN_MARKER',
    objectId: marker.key,
    message: `interface "${link.ifname}" in ${netns === null ? 'the root namespace' : `namespace "${netns}"`} carries the marker ${link.alias ?? ''} but not the MAC netloom gave it (${link.mac.toLowerCase()}, not ${want}), so netloom cannot tell it made it and will not ${deleting ? 'delete' : 'change'} it; if it is not netloom's, remove the marker (${ip} alias ""), if netloom made it, set its MAC back (${ip} address ${want})`,
  };
}

function declaredMac(doc: Document, key: string, end: 'a' | 'b' | null): string | undefined {
  if (end === null) {
    const node = doc.nodes.find((n) => n.id === key);
    return node !== undefined && 'mac' in node ? node.mac : undefined;
  }
  return doc.links.find((l) => l.id === key)?.[end].mac;
}
