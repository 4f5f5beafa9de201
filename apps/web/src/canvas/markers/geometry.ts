import type { Point } from '../model/rect';

/** A line's polyline with its running lengths, for placing a marker a fraction along it (pure). */
export interface Track {
  readonly points: readonly Point[];
  /** Length from the first point to each point. */
  readonly at: readonly number[];
  readonly length: number;
}

export function trackOf(points: readonly Point[]): Track {
  const at = [0];
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1] as Point;
    const q = points[i] as Point;
    length += Math.hypot(q.x - p.x, q.y - p.y);
    at.push(length);
  }
  return { points, at, length };
}

/** The point `fraction` (0…1) along the track from its first point. */
export function pointOn(track: Track, fraction: number): Point {
  const { points, at, length } = track;
  const first = points[0];
  if (first === undefined) return { x: 0, y: 0 };
  const want = Math.min(1, Math.max(0, fraction)) * length;
  let i = 1;
  while (i < points.length - 1 && (at[i] as number) < want) i++;
  const p = points[i - 1] ?? first;
  const q = points[i] ?? p;
  const from = at[i - 1] ?? 0;
  const span = (at[i] ?? from) - from;
  const t = span > 0 ? (want - from) / span : 0;
  return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t };
}
