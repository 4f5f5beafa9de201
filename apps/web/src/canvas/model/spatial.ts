import { overlaps, type Rect } from './rect';

const CELL = 256;

/**
 * Rectangles bucketed in a coarse grid, so "what does this rectangle touch" looks at a few
 * neighbours instead of every object of a 1000-namespace drawing.
 */
export class SpatialIndex<T> {
  private readonly cells = new Map<string, { rect: Rect; value: T }[]>();

  add(rect: Rect, value: T): void {
    const entry = { rect, value };
    for (const key of cellsOf(rect)) {
      const list = this.cells.get(key);
      if (list === undefined) this.cells.set(key, [entry]);
      else list.push(entry);
    }
  }

  /** Values whose rectangle overlaps `rect`, each once. */
  query(rect: Rect): T[] {
    const seen = new Set<{ rect: Rect; value: T }>();
    const out: T[] = [];
    for (const key of cellsOf(rect)) {
      for (const entry of this.cells.get(key) ?? []) {
        if (seen.has(entry) || !overlaps(entry.rect, rect)) continue;
        seen.add(entry);
        out.push(entry.value);
      }
    }
    return out;
  }
}

function* cellsOf(r: Rect): Generator<string> {
  const x0 = Math.floor(r.x / CELL);
  const x1 = Math.floor((r.x + r.width) / CELL);
  const y0 = Math.floor(r.y / CELL);
  const y1 = Math.floor((r.y + r.height) / CELL);
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) yield `${x},${y}`;
}
