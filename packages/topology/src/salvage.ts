import type { z } from 'zod';

type Path = readonly (string | number)[];

/** An item of `nodes` or `links` that is valid on its own (perhaps only once salvaged). */
export type Indexed<T> = { readonly item: T; readonly index: number };

/** An item that fails its own schema even without its broken optional fields: only its references are checked. */
export type Broken = { readonly value: Record<string, unknown>; readonly index: number };

export type Items<T> = {
  readonly valid: Indexed<T>[];
  readonly broken: Broken[];
  /** Paths (from the document root) of the fields left out to make items valid. */
  readonly dropped: Path[];
};

type Schema<T> = { safeParse(v: unknown, params?: { reportInput?: boolean }): z.ZodSafeParseResult<T> };

/** Rounds of leaving fields out before an item counts as broken: a path is at most this deep. */
const MAX_ROUNDS = 6;

/**
 * The items of a list, each parsed on its own. An item that fails its schema is parsed again
 * without the fields at fault (an address that is not a CIDR takes its `addresses` out, a bad
 * gateway its `via`), so the rules between objects still run on the rest of it: a link with a
 * bad address and a missing node reports both at once. A fault in a required field (a name, an
 * id) widens to the object holding it; when that is the item itself, the item is broken.
 */
export function parseItems<T>(list: 'nodes' | 'links', value: unknown, schema: Schema<T>): Items<T> {
  const out: Items<T> = { valid: [], broken: [], dropped: [] };
  if (!Array.isArray(value)) return out;
  value.forEach((v: unknown, index) => {
    const first = schema.safeParse(v);
    if (first.success) return out.valid.push({ item: first.data, index });
    const salvaged = isRecord(v) ? salvage(v, schema) : null;
    if (salvaged !== null) {
      out.valid.push({ item: salvaged.item, index });
      out.dropped.push(...salvaged.dropped.map((p) => [list, index, ...p]));
    } else if (isRecord(v)) out.broken.push({ value: v, index });
  });
  return out;
}

/** `value` made valid for `schema` by leaving out faulty optional fields, or null when a required one is at fault. */
export function salvage<T>(value: unknown, schema: Schema<T>): { item: T; dropped: Path[] } | null {
  if (!isRecord(value)) return null;
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const dropped: Path[] = [];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const r = schema.safeParse(copy, { reportInput: true });
    if (r.success) return { item: r.data, dropped };
    for (const path of faultPaths(r.error)) {
      // Still at fault where a field was left out: it was required, so leave out what holds it.
      const earlier = dropped.findIndex((d) => samePath(d, path));
      const target = fieldPath(earlier >= 0 ? path.slice(0, lastKey(path)) : path);
      if (target.length === 0) return null;
      if (dropped.some((d) => samePath(d, target))) continue;
      remove(copy, target);
      dropped.push(target);
    }
  }
  return null;
}

/** Where zod says the faults are; an unknown key is a fault at that key. */
function faultPaths(error: z.ZodError): Path[] {
  return error.issues.flatMap((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    return i.code === 'unrecognized_keys' ? i.keys.map((k) => [...path, k]) : [path];
  });
}

/** The path cut after its last field name: `addresses[1]` → `addresses` (a list is left out whole, so indexes stay true). */
function fieldPath(path: Path): Path {
  return path.slice(0, lastKey(path) + 1);
}

const lastKey = (path: Path): number => {
  for (let i = path.length - 1; i >= 0; i -= 1) if (typeof path[i] === 'string') return i;
  return -1;
};

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((p, i) => p === b[i]);

function remove(root: Record<string, unknown>, path: Path): void {
  let parent: unknown = root;
  for (const key of path.slice(0, -1))
    parent = isRecord(parent) || Array.isArray(parent) ? parent[key as never] : undefined;
  const last = path[path.length - 1];
  if (isRecord(parent) && typeof last === 'string') delete parent[last];
}

/** Whether `path` is the place of a field left out, inside one, or leads to one (`routes[0]` for `routes[0].via`). */
export function touchesDropped(path: Path, dropped: readonly Path[]): boolean {
  return dropped.some(
    (d) => startsWith(path, d) || (path.length > 2 && startsWith(d, path)), // 2: not the whole node or link
  );
}

const startsWith = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
