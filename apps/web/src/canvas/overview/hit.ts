import { containsPoint, type Point } from '../model/rect';
import type { Scene } from '../model/scene';
import { isBoxKind } from '../to-flow';

/**
 * What a click on the overview lands on, in flow coordinates: a device card first (cards sit
 * inside boxes), then a line within `slop` (flow units: the caller turns its screen tolerance into
 * them), then the innermost box. Null on empty canvas.
 */
export function hitTest(scene: Scene, p: Point, slop: number): string | null {
  let card: { id: string; area: number } | null = null;
  let box: { id: string; area: number } | null = null;
  for (const f of scene.frames) {
    if (!containsPoint(f.rect, p)) continue;
    const area = f.rect.width * f.rect.height;
    if (isBoxKind(f.kind)) {
      if (box === null || area < box.area) box = { id: f.id, area };
    } else if (card === null || area < card.area) card = { id: f.id, area };
  }
  if (card !== null) return card.id;
  let line: { id: string; d: number } | null = null;
  for (const e of scene.edges) {
    const d = distanceToPolyline(e.points, p);
    if (d <= slop && (line === null || d < line.d)) line = { id: e.id, d };
  }
  if (line !== null) return line.id;
  return box?.id ?? null;
}

/** The shortest distance from `p` to a polyline (a single point is a polyline too). */
export function distanceToPolyline(points: readonly Point[], p: Point): number {
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Point;
    const b = points[i + 1] ?? a;
    best = Math.min(best, distanceToSegment(a, b, p));
  }
  return best;
}

function distanceToSegment(a: Point, b: Point, p: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}
