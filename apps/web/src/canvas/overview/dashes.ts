import type { Point } from '../model/rect';

/** Where a path goes: the subset of Path2D (and of a test's recorder) that dashes are drawn with. */
export type PathSink = { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void };

/**
 * Adds the dashes of a polyline to `path` as short separate segments, to be stroked solid, for
 * the same picture as `setLineDash(dash)` and one stroke of the whole line (butt caps; the
 * pattern runs on across corners, as the canvas's does).
 *
 * Why: the canvas dashes a path by running Skia's dash path effect on it, which in software
 * rasterisation cost the overview ~35 ms (of ~55 ms) at 300 namespaces for its lines of unknown
 * state, every line dashed before the agent first answers (bench:web, --profile). Pre-cut
 * segments of one solid path cost a fraction of that.
 */
export function dashPolyline(path: PathSink, points: readonly Point[], dash: readonly number[]): void {
  const pattern = dash.length % 2 === 0 ? dash : [...dash, ...dash];
  const period = pattern.reduce((s, d) => s + d, 0);
  if (points.length < 2 || pattern.length === 0 || !(period > 0)) return;
  let index = 0; // which entry of the pattern the pen is in: even ones draw, odd ones skip
  let left = pattern[0] as number; // how much of that entry remains
  let open = false; // a dash is under way: one running on across a corner stays one subpath (joined)
  // Plain numbers, no object per dash: the overview cuts thousands of them in its first paint, cold.
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length === 0) continue;
    const ux = (b.x - a.x) / length;
    const uy = (b.y - a.y) / length;
    let done = 0;
    while (done < length) {
      const step = Math.min(left, length - done);
      if (index % 2 === 0 && step > 0) {
        if (!open) path.moveTo(a.x + ux * done, a.y + uy * done);
        open = true;
        path.lineTo(a.x + ux * (done + step), a.y + uy * (done + step));
      }
      done += step;
      left -= step;
      if (left <= 0) {
        index = (index + 1) % pattern.length;
        left = pattern[index] as number;
        open = false;
      }
    }
  }
}
