import { isDevice, type Document, type Link, type Node, type Position } from '@netloom/topology';

import { withField } from './fields';
import { diffDocuments, type Patch } from './history';
import { ID_PREFIX, namesByPlace, netnsNames, nextId, proposeIfname, usedIds } from './naming';

/** What Ctrl+C keeps: nodes (with the devices inside copied boxes), the links among them, positions. */
export type Fragment = {
  readonly nodes: readonly Node[];
  readonly links: readonly Link[];
  readonly layout: Readonly<Record<string, Position>>;
};

export function copyFragment(doc: Document, ids: readonly string[]): Fragment {
  const picked = new Set(ids);
  for (const n of doc.nodes) if (isDevice(n) && n.namespace !== undefined && picked.has(n.namespace)) picked.add(n.id);
  const nodes = doc.nodes.filter((n) => picked.has(n.id));
  const links = doc.links.filter((l) => picked.has(l.a.node) && picked.has(l.b.node));
  const layout = Object.fromEntries(Object.entries(doc.layout ?? {}).filter(([id]) => picked.has(id)));
  return { nodes, links, layout };
}

/**
 * Adds a copy of `fragment` with fresh ids and names (`offset` moves boxes and floating
 * devices). References inside the fragment follow the copies; those outside stay as they were.
 */
export function pasteFragment(doc: Document, fragment: Fragment, offset: Position): Patch {
  const ids = usedIds(doc);
  const rename = new Map<string, string>();
  const fresh = (id: string, prefix: string) => {
    const base = id.replace(/\d+$/, '') || prefix;
    const next = nextId(ids, base);
    ids.add(next);
    rename.set(id, next);
  };
  fragment.nodes.forEach((n) => fresh(n.id, ID_PREFIX[n.type]));
  fragment.links.forEach((l) => fresh(l.id, ID_PREFIX.veth));
  const ref = (id: string) => rename.get(id) ?? id;

  const taken = netnsNames(doc);
  const names = new Set([
    ...doc.nodes.flatMap((n) => ('name' in n ? [n.name] : [])),
    ...doc.links.flatMap((l) => [l.a.name, l.b.name]),
  ]);
  const uniqueName = (name: string, pool: Set<string>, start = 0) => {
    const next = pool.has(name) ? proposeIfname(pool, name.replace(/\d+$/, ''), true, start) : name;
    pool.add(next);
    return next;
  };
  // A device pasted without its box lands beside the original: its name must differ there.
  const byPlace = namesByPlace(doc);
  const placePool = (namespace: string | undefined) => {
    const box = doc.nodes.find((n) => n.id === namespace);
    const key = box?.type === 'namespace' ? box.name : '(root)';
    const pool = byPlace.get(key) ?? new Set<string>();
    byPlace.set(key, pool);
    return pool;
  };
  const nodes = fragment.nodes.flatMap((n): Node[] => {
    if (n.type === 'root') return []; // there is one root namespace
    let out: Node = { ...n, id: ref(n.id) };
    if (out.type === 'namespace') out = { ...out, name: uniqueName(out.name, taken, 1) };
    else if (isDevice(out)) {
      const movesWithBox = out.namespace !== undefined && rename.has(out.namespace);
      if (!movesWithBox) out = { ...out, name: uniqueName(out.name, placePool(out.namespace)) };
      out = withField(out, 'namespace', out.namespace === undefined ? undefined : ref(out.namespace));
      if (out.type === 'tap' || out.type === 'vxlan')
        out = withField(out, 'master', out.master === undefined ? undefined : ref(out.master));
    }
    return [out];
  });
  const links = fragment.links.map((l): Link => ({
    ...l,
    id: ref(l.id),
    a: { ...l.a, node: ref(l.a.node), name: uniqueName(l.a.name, names) },
    b: { ...l.b, node: ref(l.b.node), name: uniqueName(l.b.name, names) },
  }));
  const inBox = new Set(
    fragment.nodes.flatMap((n) => (isDevice(n) && n.namespace !== undefined && rename.has(n.namespace) ? [n.id] : [])),
  );
  const layout: Record<string, Position> = { ...doc.layout };
  for (const [id, p] of Object.entries(fragment.layout)) {
    if (!rename.has(id)) continue;
    layout[ref(id)] = inBox.has(id) ? p : { x: p.x + offset.x, y: p.y + offset.y };
  }
  return diffDocuments(doc, { ...doc, nodes: [...doc.nodes, ...nodes], links: [...doc.links, ...links], layout });
}
