import {
  assignMacs,
  macKey,
  parseMarker,
  stableMac,
  type Document,
  type Issue,
  type Snapshot,
  type Step,
} from '@netloom/topology';

/**
 * A marker is an alias anyone can set. Before a plan deletes a marked interface, the MAC netloom
 * gave it (made with it, from the topology and id, or the document's) must still be on it: a
 * device someone made and tagged with a copied marker has another. The documents are those the
 * topology is known by (the one being applied, the one applied last); for an interface none of
 * them names, its stable MAC. A tun has no MAC; its marker must fit its kind (`assembleState`).
 */
export function findUnprovenDeletions(
  topology: string,
  steps: readonly Step[],
  snapshot: Snapshot,
  references: readonly Document[],
): Issue[] {
  const deletions = steps.filter((s) => s.op === 'link.del');
  if (deletions.length === 0) return []; // a converged re-apply: no MAC to derive
  const byName = new Map(snapshot.namespaces.map((n) => [n.name, n.links ?? []]));
  const assigned = references.map((doc) => ({ doc, macs: assignMacs(doc) }));
  const issues: Issue[] = [];
  for (const step of deletions) {
    if (step.op !== 'link.del') continue;
    const link = (step.netns === null ? snapshot.root : byName.get(step.netns))?.find((l) => l.ifname === step.ifname);
    const marker = parseMarker(link?.alias);
    // Unmarked: a leftover the journal proved; marked by someone else's topology: never planned.
    if (link === undefined || marker === null || marker.topology !== topology || link.mac === undefined) continue;
    const expected = new Set<string>();
    for (const { doc, macs } of assigned) {
      const mac = macs.get(macKey(marker.key, marker.end)) ?? declaredMac(doc, marker.key, marker.end);
      if (mac !== undefined) expected.add(mac.toLowerCase());
    }
    if (expected.size === 0) expected.add(stableMac(topology, marker.key, marker.end));
    if (expected.has(link.mac.toLowerCase())) continue;
    const ip = `ip${step.netns === null ? '' : ` -n ${step.netns}`} link set dev ${step.ifname}`;
    const want = [...expected][0] ?? '';
    issues.push({
      path: [],
      code: 'FOREIGN_MARKER',
      objectId: marker.key,
      message: `interface "${step.ifname}" in ${step.netns === null ? 'the root namespace' : `namespace "${step.netns}"`} carries the marker ${link.alias ?? ''} but not the MAC netloom gave it (${link.mac.toLowerCase()}, not ${want}), so netloom cannot tell it made it and will not delete it; if it is not netloom's, remove the marker (${ip} alias ""), if netloom made it, set its MAC back (${ip} address ${want})`,
    });
  }
  return issues;
}

function declaredMac(doc: Document, key: string, end: 'a' | 'b' | null): string | undefined {
  if (end === null) {
    const node = doc.nodes.find((n) => n.id === key);
    return node !== undefined && 'mac' in node ? node.mac : undefined;
  }
  return doc.links.find((l) => l.id === key)?.[end].mac;
}
