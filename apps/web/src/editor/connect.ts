import { err, ok, type Document, type Link, type Node, type Result, type VxlanNode } from '@netloom/topology';

import { withField } from './fields';
import { diffDocuments, type Patch } from './history';
import { ID_PREFIX, namesByPlace, nextId, proposeIfname, usedIds } from './naming';
import { newIssues } from './validation-delta';

const PLACES: ReadonlySet<Node['type']> = new Set(['namespace', 'root', 'bridge']);

const label = (n: Node): string => (n.type === 'root' ? 'the root namespace' : `${n.type} "${n.name}"`);

/**
 * What dragging from `sourceId` to `targetId` means: namespace/root/bridge ↔ namespace/root/bridge
 * makes a veth, tap/vxlan ↔ bridge sets `master`, vxlan ↔ vxlan pairs them. Anything else, or an
 * edit the topology rules reject, is refused with a short reason for the pointer.
 */
export function connect(doc: Document, sourceId: string, targetId: string): Result<Patch, string> {
  const source = doc.nodes.find((n) => n.id === sourceId);
  const target = doc.nodes.find((n) => n.id === targetId);
  if (source === undefined || target === undefined) return err('that node no longer exists');
  if (source.id === target.id) return err('a connection needs two different nodes');
  if (PLACES.has(source.type) && PLACES.has(target.type)) return checked(doc, vethBetween(doc, source, target));
  const bridge = source.type === 'bridge' ? source : target.type === 'bridge' ? target : undefined;
  const other = bridge === source ? target : source;
  if (bridge !== undefined && (other.type === 'tap' || other.type === 'vxlan' || other.type === 'tun')) {
    if ((other.type === 'tap' || other.type === 'vxlan') && other.master === bridge.id)
      return err(`${label(other)} is already on this bridge`);
    // A tun has no `master` field: setting one lets the topology rules explain why it cannot.
    const nodes = doc.nodes.map((n) => (n.id === other.id ? withField(n, 'master', bridge.id) : n));
    return checked(doc, { doc: { ...doc, nodes }, objectIds: [other.id] });
  }
  if (source.type === 'vxlan' && target.type === 'vxlan') return pairVxlans(doc, source, target);
  if (
    PLACES.has(source.type) !== PLACES.has(target.type) &&
    (source.type === 'namespace' || target.type === 'namespace' || source.type === 'root' || target.type === 'root')
  )
    return err(
      `${label(PLACES.has(source.type) ? target : source)} lives inside a namespace: drag it into the box instead`,
    );
  return err(`${label(source)} cannot connect to ${label(target)}`);
}

type Candidate = { readonly doc: Document; readonly objectIds: readonly string[] };

function checked(doc: Document, candidate: Candidate): Result<Patch, string> {
  const [first] = newIssues(doc, candidate.doc, candidate.objectIds);
  return first === undefined ? ok(diffDocuments(doc, candidate.doc)) : err(first.message);
}

function vethBetween(doc: Document, a: Node, b: Node): Candidate {
  const id = nextId(usedIds(doc), ID_PREFIX.veth);
  const names = namesByPlace(doc);
  const placeKey = (n: Node): string => {
    if (n.type === 'namespace') return n.name;
    if (n.type === 'bridge') {
      const ns = doc.nodes.find((x) => x.id === n.namespace);
      return ns?.type === 'namespace' ? ns.name : '(root)';
    }
    return '(root)';
  };
  // An end inside a namespace is `veth0`…; an end at a bridge or in the root is named after its peer.
  const endName = (self: Node, peer: Node, taken: Set<string> | undefined): string =>
    self.type === 'namespace'
      ? proposeIfname(taken, 'veth')
      : proposeIfname(taken, `v-${peer.type === 'root' ? 'host' : peer.name}`, false);
  const aName = endName(a, b, names.get(placeKey(a)));
  const bTaken = new Set(names.get(placeKey(b)) ?? []);
  if (placeKey(a) === placeKey(b)) bTaken.add(aName);
  const link: Link = {
    id,
    type: 'veth',
    a: { node: a.id, name: aName },
    b: { node: b.id, name: endName(b, a, bTaken) },
  };
  return { doc: { ...doc, links: [...doc.links, link] }, objectIds: [id] };
}

function pairVxlans(doc: Document, a: VxlanNode, b: VxlanNode): Result<Patch, string> {
  if (a.local === undefined || b.local === undefined)
    return err('give both VXLANs a local address first, then connect them');
  const pair = (self: VxlanNode, peer: VxlanNode, lead: VxlanNode): Node =>
    withField(withField({ ...self, remote: peer.local ?? '', vni: lead.vni }, 'group', undefined), 'port', lead.port);
  const nodes = doc.nodes.map((n) => (n.id === a.id ? pair(a, b, a) : n.id === b.id ? pair(b, a, a) : n));
  return checked(doc, { doc: { ...doc, nodes }, objectIds: [a.id, b.id] });
}
