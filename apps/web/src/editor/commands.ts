import { renameLessonRefs, type Document, type Link, type Node, type Position } from '@netloom/topology';

import { withField } from './fields';
import { diffDocuments, type Patch } from './history';
import { ID_PREFIX, NAME_BASE, namesByPlace, netnsNames, nextId, proposeIfname, usedIds } from './naming';

/** Pure editor commands: `(doc, args) → Patch`. Each computes the next document and diffs it. */

export type AddableKind = Node['type'];

export type AddNodeArgs = {
  readonly kind: AddableKind;
  /** Canvas position; relative to the box when `parent` is given. */
  readonly position: Position;
  /** The namespace or root node a device is placed in; omitted: the root namespace, floating. */
  readonly parent?: string;
};

export function addNode(doc: Document, args: AddNodeArgs): Patch {
  const id = nextId(usedIds(doc), ID_PREFIX[args.kind]);
  const node = newNode(doc, id, args);
  if (node === null) return diffDocuments(doc, doc);
  const layout = { ...doc.layout, [id]: args.position };
  return diffDocuments(doc, { ...doc, nodes: [...doc.nodes, node], layout });
}

function newNode(doc: Document, id: string, args: AddNodeArgs): Node | null {
  switch (args.kind) {
    case 'root':
      return doc.nodes.some((n) => n.type === 'root') ? null : { id, type: 'root' };
    case 'namespace':
      return { id, type: 'namespace', name: proposeIfname(netnsNames(doc), id, false) };
    case 'bridge':
    case 'tap':
    case 'tun':
    case 'vxlan': {
      const parent = args.parent === undefined ? undefined : doc.nodes.find((n) => n.id === args.parent);
      const placeKey = parent?.type === 'namespace' ? parent.name : '(root)';
      const name = proposeIfname(namesByPlace(doc).get(placeKey), NAME_BASE[args.kind]);
      const namespace = parent === undefined ? {} : { namespace: parent.id };
      // Field order is the order a saved file shows: id, type, name, namespace, then the rest.
      return args.kind === 'vxlan'
        ? { id, type: 'vxlan', name, ...namespace, vni: 42 }
        : { id, type: args.kind, name, ...namespace };
    }
  }
}

/** Ids of edges that stand for a relation rather than a link. */
export const masterEdgeId = (deviceId: string) => `master:${deviceId}`;
export const tunnelEdgeId = (a: string, b: string) => `tunnel:${a}:${b}`;

/**
 * Deletes nodes, links and relation edges. Devices inside a deleted namespace box go with it,
 * links lose nothing halfway: a link whose end node is deleted is deleted too.
 */
export function deleteObjects(doc: Document, ids: readonly string[]): Patch {
  const gone = new Set(ids);
  const unsetMaster = new Set<string>();
  const unpair = new Set<string>();
  for (const id of ids) {
    if (id.startsWith('master:')) unsetMaster.add(id.slice('master:'.length));
    if (id.startsWith('tunnel:'))
      id.split(':')
        .slice(1)
        .forEach((v) => unpair.add(v));
  }
  for (const node of doc.nodes) {
    if ('namespace' in node && node.namespace !== undefined && gone.has(node.namespace)) gone.add(node.id);
  }
  const nodes = doc.nodes
    .filter((n) => !gone.has(n.id))
    .map((n) => {
      let out = n;
      if (
        (n.type === 'tap' || n.type === 'vxlan') &&
        n.master !== undefined &&
        (gone.has(n.master) || unsetMaster.has(n.id))
      )
        out = withField(out, 'master', undefined);
      if (n.type === 'vxlan' && unpair.has(n.id)) out = withField(out, 'remote', undefined);
      return out;
    });
  const links = doc.links.filter((l) => !gone.has(l.id) && !gone.has(l.a.node) && !gone.has(l.b.node));
  const layout = Object.fromEntries(Object.entries(doc.layout ?? {}).filter(([id]) => !gone.has(id)));
  return diffDocuments(doc, { ...doc, nodes, links, layout });
}

export function updateNode(doc: Document, id: string, update: (node: Node) => Node): Patch {
  return diffDocuments(doc, { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? update(n) : n)) });
}

export function updateLink(doc: Document, id: string, update: (link: Link) => Link): Patch {
  return diffDocuments(doc, { ...doc, links: doc.links.map((l) => (l.id === id ? update(l) : l)) });
}

export function setDocumentName(doc: Document, name: string): Patch {
  return diffDocuments(doc, { ...doc, name });
}

/** Renames an id and every reference to it (namespace, master, veth ends, layout, the lesson's highlights and checks). */
export function renameId(doc: Document, from: string, to: string): Patch {
  if (from === to || usedIds(doc).has(to)) return diffDocuments(doc, doc);
  const ref = (v: string | undefined) => (v === from ? to : v);
  const nodes = doc.nodes.map((n): Node => {
    let out: Node = n.id === from ? { ...n, id: to } : n;
    if ('namespace' in out && out.namespace === from) out = withField(out, 'namespace', to);
    if ((out.type === 'tap' || out.type === 'vxlan') && out.master === from) out = withField(out, 'master', to);
    return out;
  });
  const links = doc.links.map((l): Link => {
    if (l.id !== from && l.a.node !== from && l.b.node !== from) return l;
    return {
      ...l,
      id: ref(l.id) ?? l.id,
      a: { ...l.a, node: ref(l.a.node) ?? l.a.node },
      b: { ...l.b, node: ref(l.b.node) ?? l.b.node },
    };
  });
  const layout = Object.fromEntries(Object.entries(doc.layout ?? {}).map(([id, p]) => [id === from ? to : id, p]));
  const lesson = doc.lesson === undefined ? {} : { lesson: renameLessonRefs(doc.lesson, from, to) };
  return diffDocuments(doc, { ...doc, nodes, links, layout, ...lesson });
}

/** Sets canvas positions (relative to the box for devices inside one). */
export function moveNodes(doc: Document, positions: Readonly<Record<string, Position>>): Patch {
  const rounded = Object.fromEntries(
    Object.entries(positions).map(([id, p]) => [id, { x: Math.round(p.x), y: Math.round(p.y) }]),
  );
  return diffDocuments(doc, { ...doc, layout: { ...doc.layout, ...rounded } });
}

/** Moves a device into a namespace or root box (or out of every box: `parent` undefined). */
export function placeDevice(doc: Document, id: string, parent: string | undefined, position: Position): Patch {
  const nodes = doc.nodes.map((n) =>
    n.id === id && n.type !== 'root' && n.type !== 'namespace' ? withField(n, 'namespace', parent) : n,
  );
  const layout = { ...doc.layout, [id]: { x: Math.round(position.x), y: Math.round(position.y) } };
  return diffDocuments(doc, { ...doc, nodes, layout });
}

/** Ids a patch adds (for selecting what was just created or pasted). */
export function addedIds(patch: Patch): string[] {
  return Object.values(patch.added).flatMap((p) =>
    p.record.kind === 'node' || p.record.kind === 'link' ? [p.record.value.id] : [],
  );
}
