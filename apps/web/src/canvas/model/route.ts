import type { Side } from './frame';
import { segmentCrosses, type Point, type Rect } from './rect';

/**
 * Orthogonal routes between two ports, chosen among simple shapes (one or two bends, or three
 * around an obstacle) by length, bends and what they cross. This keeps lines out of the boxes they
 * do not belong to without a full router. Auto layout (elkjs) places the boxes but its own routes
 * are not kept: the document saves positions only, so a line must come out the same from
 * positions alone (after a reload, a drag, an edit elsewhere), and one router does that everywhere.
 */

export type Anchor = { readonly point: Point; readonly side: Side };
export type Segment = { readonly a: Point; readonly b: Point };
export type Obstacles = {
  /** Frames a line must not cross (their bodies). */
  readonly hard: (area: Rect) => readonly Rect[];
  /** Things a line had better not cross (port labels, card text). */
  readonly soft: (area: Rect) => readonly Rect[];
  /** Lines already drawn: better crossed than run along. */
  readonly lines: (area: Rect) => readonly Segment[];
};

/** Straight out of a port before the first bend. */
export const STUB = 18;
const CLEARANCE = 16;

const DIR: Record<Side, Point> = {
  top: { x: 0, y: -1 },
  right: { x: 1, y: 0 },
  bottom: { x: 0, y: 1 },
  left: { x: -1, y: 0 },
};

const out = (a: Anchor, by: number): Point => ({
  x: a.point.x + DIR[a.side].x * by,
  y: a.point.y + DIR[a.side].y * by,
});

export function route(a: Anchor, b: Anchor, obstacles: Obstacles): Point[] {
  const stub = Math.min(STUB, facingGap(a, b) / 2);
  const a1 = out(a, stub);
  const b1 = out(b, stub);
  const box = bounds([a1, b1], 240);
  const hard = obstacles.hard(box);
  const soft = obstacles.soft(box);
  const lines = obstacles.lines(box);
  const midX = Math.round((a1.x + b1.x) / 2);
  const midY = Math.round((a1.y + b1.y) / 2);
  // Tracks beside the middle, for lines that would otherwise run along each other.
  const tracks = [0, 14, -14, 28, -28, 42, -42];
  const xs = new Set([a1.x, b1.x, ...tracks.map((d) => midX + d)]);
  const ys = new Set([a1.y, b1.y, ...tracks.map((d) => midY + d)]);
  for (const r of hard) {
    xs.add(r.x - CLEARANCE).add(r.x + r.width + CLEARANCE);
    ys.add(r.y - CLEARANCE).add(r.y + r.height + CLEARANCE);
  }
  const shapes: Point[][] = [
    [{ x: b1.x, y: a1.y }],
    [{ x: a1.x, y: b1.y }],
    ...[...xs].map((x) => [
      { x, y: a1.y },
      { x, y: b1.y },
    ]),
    ...[...ys].map((y) => [
      { x: a1.x, y },
      { x: b1.x, y },
    ]),
  ];
  let best: Point[] = [];
  let bestScore = Infinity;
  for (const mid of shapes) {
    const points = simplify([a.point, a1, ...mid, b1, b.point]);
    const score = cost(points, hard, soft, lines, bestScore);
    if (score < bestScore) {
      bestScore = score;
      best = points;
    }
  }
  return best;
}

/** How far apart two anchors that face each other are (a lot when they do not face each other). */
function facingGap(a: Anchor, b: Anchor): number {
  const d = DIR[a.side];
  const opposite = DIR[b.side].x === -d.x && DIR[b.side].y === -d.y;
  const gap = (b.point.x - a.point.x) * d.x + (b.point.y - a.point.y) * d.y;
  return opposite && gap > 0 ? gap : Infinity;
}

const NEAR = 6;

function alongside(p: Point, q: Point, s: Segment): boolean {
  const horizontal = p.y === q.y;
  if (horizontal !== (s.a.y === s.b.y)) return false;
  if (horizontal)
    return (
      Math.abs(p.y - s.a.y) < NEAR &&
      Math.min(p.x, q.x) < Math.max(s.a.x, s.b.x) &&
      Math.max(p.x, q.x) > Math.min(s.a.x, s.b.x)
    );
  return (
    Math.abs(p.x - s.a.x) < NEAR &&
    Math.min(p.y, q.y) < Math.max(s.a.y, s.b.y) &&
    Math.max(p.y, q.y) > Math.min(s.a.y, s.b.y)
  );
}

function crosses(p: Point, q: Point, s: Segment): boolean {
  const horizontal = p.y === q.y;
  if (horizontal === (s.a.y === s.b.y)) return false;
  const [h1, h2, v1, v2] = horizontal ? [p, q, s.a, s.b] : [s.a, s.b, p, q];
  return (
    v1.x > Math.min(h1.x, h2.x) &&
    v1.x < Math.max(h1.x, h2.x) &&
    h1.y > Math.min(v1.y, v2.y) &&
    h1.y < Math.max(v1.y, v2.y)
  );
}

/**
 * What a route costs; once it reaches `enough` (the best so far) the rest is not added up: the
 * route cannot win any more, and the candidates of a 1000-namespace drawing add up to a lot.
 */
function cost(
  points: readonly Point[],
  hard: readonly Rect[],
  soft: readonly Rect[],
  lines: readonly Segment[],
  enough: number,
): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    if (total >= enough) return total;
    const p = points[i - 1] as Point;
    const q = points[i] as Point;
    total += Math.abs(q.x - p.x) + Math.abs(q.y - p.y);
    for (const r of hard) if (segmentCrosses(p, q, r)) total += 10_000;
    for (const r of soft) if (segmentCrosses(p, q, r)) total += 400;
    for (const s of lines) total += alongside(p, q, s) ? 800 : crosses(p, q, s) ? 150 : 0;
    if (i >= 2) {
      const o = points[i - 2] as Point;
      const turn = (p.x - o.x) * (q.x - p.x) + (p.y - o.y) * (q.y - p.y);
      total += turn < 0 ? 5_000 : turn === 0 ? 40 : 0; // a U-turn doubles back over itself
    }
  }
  return total;
}

/** Drops repeated and collinear points. */
export function simplify(points: readonly Point[]): Point[] {
  const outPts: Point[] = [];
  for (const p of points) {
    const last = outPts[outPts.length - 1];
    if (last !== undefined && last.x === p.x && last.y === p.y) continue;
    const before = outPts[outPts.length - 2];
    if (
      last !== undefined &&
      before !== undefined &&
      ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))
    ) {
      const sameWay = (last.x - before.x) * (p.x - last.x) + (last.y - before.y) * (p.y - last.y) >= 0;
      if (sameWay) outPts[outPts.length - 1] = p;
      else outPts.push(p);
      continue;
    }
    outPts.push(p);
  }
  return outPts;
}

function bounds(points: readonly Point[], margin: number): Rect {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs) - margin;
  const y = Math.min(...ys) - margin;
  return { x, y, width: Math.max(...xs) + margin - x, height: Math.max(...ys) + margin - y };
}

/** An SVG path through the points, with rounded corners. */
export function pathOf(points: readonly Point[], radius = 10): string {
  const first = points[0];
  if (first === undefined) return '';
  let d = `M${first.x} ${first.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i - 1] as Point;
    const q = points[i] as Point;
    const n = points[i + 1] as Point;
    const r = Math.min(radius, dist(p, q) / 2, dist(q, n) / 2);
    const from = toward(q, p, r);
    const to = toward(q, n, r);
    d += ` L${from.x} ${from.y} Q${q.x} ${q.y} ${to.x} ${to.y}`;
  }
  const last = points[points.length - 1] as Point;
  return `${d} L${last.x} ${last.y}`;
}

const dist = (a: Point, b: Point) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
const toward = (from: Point, to: Point, by: number): Point => {
  const d = dist(from, to);
  return d === 0 ? from : { x: from.x + ((to.x - from.x) * by) / d, y: from.y + ((to.y - from.y) * by) / d };
};

export function lengthOf(points: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += dist(points[i - 1] as Point, points[i] as Point);
  return total;
}

/** The point `at` along the polyline, and whether its segment there is horizontal. */
export function pointAlong(points: readonly Point[], at: number): { point: Point; horizontal: boolean } {
  let left = at;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1] as Point;
    const q = points[i] as Point;
    const d = dist(p, q);
    if (left <= d || i === points.length - 1) {
      const t = d === 0 ? 0 : Math.min(1, left / d);
      return { point: { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t }, horizontal: p.y === q.y };
    }
    left -= d;
  }
  return { point: points[0] ?? { x: 0, y: 0 }, horizontal: true };
}
