import type { Point, Rect, Size } from './rect';
import { lengthOf, pointAlong } from './route';

/** Where along a line its label may go, best first: the middle, then further out. */
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];
const BESIDE = 6;

/**
 * A place for a label on a line that `blocked` does not refuse: on the line or beside it, as near
 * its middle as possible. When every place is taken, the one with the fewest conflicts.
 */
export function placeLabel(points: readonly Point[], size: Size, conflicts: (r: Rect) => number): Rect {
  const total = lengthOf(points);
  let best: Rect | null = null;
  let fewest = Infinity;
  for (const t of ALONG) {
    const { point, horizontal } = pointAlong(points, total * t);
    for (const rect of candidates(point, horizontal, size)) {
      const n = conflicts(rect);
      if (n === 0) return rect;
      if (n < fewest) {
        fewest = n;
        best = rect;
      }
    }
  }
  return best ?? centred(points[0] ?? { x: 0, y: 0 }, size);
}

const centred = (p: Point, s: Size): Rect => ({
  x: Math.round(p.x - s.width / 2),
  y: Math.round(p.y - s.height / 2),
  ...s,
});

function candidates(p: Point, horizontal: boolean, s: Size): Rect[] {
  const on = centred(p, s);
  return horizontal
    ? [on, { ...on, y: Math.round(p.y - BESIDE - s.height) }, { ...on, y: Math.round(p.y + BESIDE) }]
    : [on, { ...on, x: Math.round(p.x + BESIDE) }, { ...on, x: Math.round(p.x - BESIDE - s.width) }];
}
