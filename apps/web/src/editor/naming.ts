import { ifnameProblem, isDevice, placeName, resolver, type Document, type NodeType } from '@netloom/topology';

/** Id prefixes for new objects: `ns1`, `br1`, `l1`… */
export const ID_PREFIX = {
  root: 'host',
  namespace: 'ns',
  bridge: 'br',
  tap: 'tap',
  tun: 'tun',
  vxlan: 'vx',
  veth: 'l',
} as const satisfies Record<NodeType | 'veth', string>;

/** Base interface names for new devices: `br0`, `tap0`, `vxlan0`… */
export const NAME_BASE = { bridge: 'br', tap: 'tap', tun: 'tun', vxlan: 'vxlan' } as const;

export function usedIds(doc: Document): Set<string> {
  return new Set([...doc.nodes.map((n) => n.id), ...doc.links.map((l) => l.id)]);
}

/** The first `<prefix><n>` (n ≥ 1) not in `taken`; `host` alone for the first root. */
export function nextId(taken: ReadonlySet<string>, prefix: string): string {
  if (prefix === ID_PREFIX.root && !taken.has(prefix)) return prefix;
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** Interface names already used per place (`placeName`: the netns name or `(root)`). */
export function namesByPlace(doc: Document): Map<string, Set<string>> {
  const r = resolver(doc);
  const out = new Map<string, Set<string>>();
  const claim = (place: string, name: string) => {
    const names = out.get(place) ?? new Set<string>(['lo']);
    names.add(name);
    out.set(place, names);
  };
  for (const node of doc.nodes) {
    if (!isDevice(node)) continue;
    const place = r.placeOf(node);
    if (place !== undefined) claim(placeName(place), node.name);
  }
  for (const link of doc.links) {
    for (const end of [link.a, link.b]) {
      const place = r.endPlace(end);
      if (place !== undefined) claim(placeName(place.place), end.name);
    }
  }
  return out;
}

/** A free, valid interface name from `base`: `base` itself when `numbered` is false and it is free, else `base0`, `base1`… */
export function proposeIfname(
  taken: ReadonlySet<string> | undefined,
  base: string,
  numbered = true,
  start = 0,
): string {
  const free = (name: string) => !(taken?.has(name) ?? false) && ifnameProblem(name) === null;
  const stem = base.replace(/[^A-Za-z0-9_.-]/g, '').replace(/^[-.]+/, '') || 'if';
  if (!numbered && free(stem.slice(0, 15))) return stem.slice(0, 15);
  for (let n = start; ; n++) {
    const suffix = String(n);
    const name = `${stem.slice(0, 15 - suffix.length)}${suffix}`;
    if (free(name)) return name;
  }
}

/** Namespace names (`ip netns add`) already in the document. */
export const netnsNames = (doc: Document): Set<string> =>
  new Set(doc.nodes.flatMap((n) => (n.type === 'namespace' ? [n.name] : [])));
