/**
 * Keeps the previous object for every node or edge that did not change. React Flow skips a
 * node whose object is the same as last time, and memo'd node views skip re-rendering: dragging
 * one node of 300 then re-renders one node, not 300.
 */
export function stabilize<T extends { readonly id: string }>(previous: readonly T[], next: T[]): T[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const out = next.map((item, i) => {
    const old = byId.get(item.id);
    if (old !== undefined && sameShape(old, item)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return changed ? out : (previous as T[]);
}

/** Structural equality for the plain data to-flow produces (objects, arrays, primitives). */
function sameShape(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * `stabilize` against the last result. The memory is only a cache of equal objects, so a render
 * React throws away cannot make the output wrong.
 */
export function createStabilizer<T extends { readonly id: string }>(): (next: T[]) => T[] {
  let last: T[] = [];
  return (next) => (last = stabilize(last, next));
}
