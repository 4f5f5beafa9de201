import type { Document, Lesson, Link, Node, Position } from '@netloom/topology';

/**
 * The document as records keyed `meta`, `lesson`, `node:<id>`, `link:<id>` and `pos:<id>`: the unit
 * of a Patch (`lesson` changes when a rename reaches its references; undefined: no lesson). Node and link order is part of the document (issue paths use indices), so removals
 * remember their index and undo puts them back where they were.
 */
export type DocRecord =
  | { readonly kind: 'meta'; readonly name: string }
  | { readonly kind: 'lesson'; readonly value: Lesson | undefined }
  | { readonly kind: 'node'; readonly value: Node }
  | { readonly kind: 'link'; readonly value: Link }
  | { readonly kind: 'position'; readonly id: string; readonly value: Position };

export type Placed = { readonly record: DocRecord; readonly index?: number };

/** A reversible change to document records (tldraw's RecordsDiff shape). */
export type Patch = {
  readonly added: Readonly<Record<string, Placed>>;
  readonly updated: Readonly<Record<string, readonly [from: DocRecord, to: DocRecord]>>;
  readonly removed: Readonly<Record<string, Placed>>;
};

export const EMPTY_PATCH: Patch = { added: {}, updated: {}, removed: {} };

export const isEmptyPatch = (p: Patch): boolean =>
  Object.keys(p.added).length === 0 && Object.keys(p.updated).length === 0 && Object.keys(p.removed).length === 0;

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

type Keyed<T> = Map<string, { readonly value: T; readonly index: number }>;

function byId<T extends { id: string }>(items: readonly T[]): Keyed<T> {
  const out: Keyed<T> = new Map();
  items.forEach((value, index) => {
    if (!out.has(value.id)) out.set(value.id, { value, index });
  });
  return out;
}

/** The patch that turns `before` into `after`. Commands compute the next document and diff it. */
export function diffDocuments(before: Document, after: Document): Patch {
  const added: Record<string, Placed> = {};
  const updated: Record<string, readonly [DocRecord, DocRecord]> = {};
  const removed: Record<string, Placed> = {};
  if (before.name !== after.name)
    updated['meta'] = [
      { kind: 'meta', name: before.name },
      { kind: 'meta', name: after.name },
    ];
  if (before.lesson !== after.lesson && !same(before.lesson, after.lesson))
    updated['lesson'] = [
      { kind: 'lesson', value: before.lesson },
      { kind: 'lesson', value: after.lesson },
    ];

  const diffList = <T extends { id: string }>(
    prefix: string,
    from: readonly T[],
    to: readonly T[],
    wrap: (v: T) => DocRecord,
  ) => {
    if (from === to) return;
    const a = byId(from);
    const b = byId(to);
    for (const [id, { value, index }] of b) {
      const old = a.get(id);
      if (old === undefined) added[`${prefix}:${id}`] = { record: wrap(value), index };
      else if (!same(old.value, value)) updated[`${prefix}:${id}`] = [wrap(old.value), wrap(value)];
    }
    for (const [id, { value, index }] of a) if (!b.has(id)) removed[`${prefix}:${id}`] = { record: wrap(value), index };
  };
  diffList('node', before.nodes, after.nodes, (value) => ({ kind: 'node', value }));
  diffList('link', before.links, after.links, (value) => ({ kind: 'link', value }));

  const la = before.layout ?? {};
  const lb = after.layout ?? {};
  if (la !== lb) {
    const pos = (id: string, value: Position): DocRecord => ({ kind: 'position', id, value });
    for (const [id, value] of Object.entries(lb)) {
      const old = la[id];
      if (old === undefined) added[`pos:${id}`] = { record: pos(id, value) };
      else if (!same(old, value)) updated[`pos:${id}`] = [pos(id, old), pos(id, value)];
    }
    for (const [id, value] of Object.entries(la)) if (!(id in lb)) removed[`pos:${id}`] = { record: pos(id, value) };
  }
  return { added, updated, removed };
}

export function invert(patch: Patch): Patch {
  const updated = Object.entries(patch.updated).map(([key, [from, to]]) => [key, [to, from] as const]);
  return { added: patch.removed, removed: patch.added, updated: Object.fromEntries(updated) };
}

/** One patch with the effect of `first` then `second` (a drag becomes one undo step). */
export function squash(first: Patch, second: Patch): Patch {
  const added = { ...first.added };
  const updated = { ...first.updated };
  const removed = { ...first.removed };
  for (const [key, placed] of Object.entries(second.added)) {
    const gone = removed[key];
    if (gone !== undefined) {
      delete removed[key];
      if (!same(gone.record, placed.record)) updated[key] = [gone.record, placed.record];
    } else added[key] = placed;
  }
  for (const [key, [from, to]] of Object.entries(second.updated)) {
    const fresh = added[key];
    const prior = updated[key];
    if (fresh !== undefined) added[key] = { ...fresh, record: to };
    else if (prior !== undefined) {
      if (same(prior[0], to)) delete updated[key];
      else updated[key] = [prior[0], to];
    } else updated[key] = [from, to];
  }
  for (const [key, placed] of Object.entries(second.removed)) {
    const prior = updated[key];
    if (added[key] !== undefined) delete added[key];
    else if (prior !== undefined) {
      delete updated[key];
      removed[key] = { ...placed, record: prior[0] };
    } else removed[key] = placed;
  }
  return { added, updated, removed };
}

export function applyPatch(doc: Document, patch: Patch): Document {
  const touched = (prefix: string) =>
    [patch.added, patch.updated, patch.removed].some((part) => Object.keys(part).some((k) => k.startsWith(prefix)));
  let next: Document = doc;
  const meta = patch.updated['meta'];
  if (meta !== undefined && meta[1].kind === 'meta') next = { ...next, name: meta[1].name };
  const lesson = patch.updated['lesson'];
  if (lesson !== undefined && lesson[1].kind === 'lesson') {
    const { lesson: _old, ...rest } = next;
    next = lesson[1].value === undefined ? rest : { ...rest, lesson: lesson[1].value };
  }
  if (touched('node:')) next = { ...next, nodes: applyList(next.nodes, 'node', patch) };
  if (touched('link:')) next = { ...next, links: applyList(next.links, 'link', patch) };
  if (touched('pos:')) {
    const layout: Record<string, Position> = { ...next.layout };
    for (const { record } of Object.values(patch.removed)) if (record.kind === 'position') delete layout[record.id];
    for (const [, to] of Object.values(patch.updated)) if (to.kind === 'position') layout[to.id] = to.value;
    for (const { record } of Object.values(patch.added))
      if (record.kind === 'position') layout[record.id] = record.value;
    const { layout: _old, ...rest } = next;
    next = Object.keys(layout).length === 0 ? rest : { ...rest, layout };
  }
  return next;
}

function applyList<T extends { id: string }>(items: readonly T[], kind: 'node' | 'link', patch: Patch): T[] {
  const valueOf = (r: DocRecord): T | undefined => (r.kind === kind ? (r.value as unknown as T) : undefined);
  const removedIds = new Set(
    Object.values(patch.removed).flatMap((p) => (p.record.kind === kind ? [valueOf(p.record)?.id] : [])),
  );
  const replaced = new Map<string, T>();
  for (const [, to] of Object.values(patch.updated)) {
    const v = valueOf(to);
    if (v !== undefined) replaced.set(v.id, v);
  }
  const out = items.filter((item) => !removedIds.has(item.id)).map((item) => replaced.get(item.id) ?? item);
  const adds = Object.values(patch.added)
    .flatMap((p) => {
      const v = valueOf(p.record);
      return v === undefined ? [] : [{ v, index: p.index ?? Number.MAX_SAFE_INTEGER }];
    })
    .sort((x, y) => x.index - y.index);
  for (const { v, index } of adds) out.splice(Math.min(index, out.length), 0, v);
  return out;
}
