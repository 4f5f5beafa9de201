import type { CanvasState } from '../live';
import type { Point, Rect } from '../model/rect';
import type { Scene, SceneEdge, SceneFrame } from '../model/scene';
import { isBoxKind } from '../to-flow';
import { dashPolyline } from './dashes';

/** The page's colours the overview paints with (read from the canvas's computed style). */
export type Paint = {
  readonly fg: string;
  readonly panel: string;
  readonly nsBg: string;
  readonly nsLine: string;
  readonly rootBg: string;
  readonly rootLine: string;
  readonly cardLine: string;
  readonly accent: string;
  readonly error: string;
  readonly muted: string;
  readonly tunnel: string;
  /** What a lesson step points at (canvas/highlight.ts). */
  readonly highlight: string;
  readonly state: Readonly<Record<CanvasState, string>>;
  readonly kind: Readonly<Record<string, string>>;
  readonly font: string;
};

export type View = {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
  /** CSS pixels of the canvas element. */
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
};

export type Marks = {
  readonly selected: ReadonlySet<string>;
  readonly invalid: ReadonlySet<string>;
  /** What the canvas points at apart from the selection (canvas/highlight.ts). */
  readonly highlighted: ReadonlySet<string>;
  /** A veth's live state (absent: not applied). */
  readonly state: (edge: string) => CanvasState;
};

/** A line's dashes by state, in screen pixels (as canvas.css draws them, at the overview's scale). */
const DASH: Readonly<Record<CanvasState, readonly number[]>> = {
  up: [],
  down: [1, 4],
  nocarrier: [6, 4],
  absent: [1, 3],
  unapplied: [],
  unknown: [2, 5],
};
const TITLE_PX = 11;
const PAD_PX = 4;

/**
 * Paints the whole scene as the overview: every frame as its outline (the selection's and
 * problems' colours too) with its title where the title fits on screen, every line along its
 * route in its state's colour and dashes. Sizes of strokes and text are in screen pixels, so the
 * drawing stays legible however far it is zoomed out. Shapes of one style are filled or stroked
 * together (one path per style, not per shape). Returns how many frames it drew (those in view).
 */
export function drawOverview(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  view: View,
  paint: Paint,
  marks: Marks,
): number {
  const { zoom, dpr } = view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, view.width * dpr, view.height * dpr);
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * view.x, dpr * view.y);
  const px = 1 / zoom;
  const seen: Rect = { x: -view.x / zoom, y: -view.y / zoom, width: view.width / zoom, height: view.height / zoom };
  const inView = (r: Rect) =>
    r.x < seen.x + seen.width && r.x + r.width > seen.x && r.y < seen.y + seen.height && r.y + r.height > seen.y;
  const shown = scene.frames.filter((f) => inView(f.rect));
  const lined = scene.edges.filter((e) => inView(boundsOf(e.points)));
  // Highlighter-pen halos under everything, as the DOM draws them around frames and under lines.
  const halos = new Batch();
  for (const f of shown) {
    if (!marks.highlighted.has(f.id)) continue;
    const { x, y, width, height } = f.rect;
    halos.at(paint.highlight, 8 * px).path.rect(x - 3 * px, y - 3 * px, width + 6 * px, height + 6 * px);
  }
  for (const e of lined)
    if (marks.highlighted.has(e.id)) polyline(halos.at(paint.highlight, Math.max(10 * px, 18)), e.points);
  halos.stroke(ctx);
  // Boxes first, then cards over them, then lines over both (as the DOM stacks them).
  for (const cards of [false, true]) {
    const fills = new Batch();
    const strokes = new Batch();
    for (const f of shown) if (isBoxKind(f.kind) !== cards) frame(f, px, paint, marks, fills, strokes);
    fills.fill(ctx);
    strokes.stroke(ctx);
  }
  const lines = new Batch();
  for (const e of lined) line(e, px, paint, marks, lines);
  lines.stroke(ctx);
  // Titles in screen space, so they are drawn at a readable size.
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = `600 ${TITLE_PX}px ${paint.font}`;
  ctx.textBaseline = 'top';
  ctx.fillStyle = paint.fg;
  const charWidth = ctx.measureText('M').width;
  for (const f of shown) {
    const room = f.rect.width * zoom - 2 * PAD_PX;
    const chars = Math.floor(room / charWidth);
    if (chars < 3 || f.rect.height * zoom < TITLE_PX + 2 * PAD_PX) continue;
    const t = f.header.title;
    const text = t.length <= chars ? t : `${t.slice(0, chars - 1)}…`;
    ctx.fillText(text, view.x + f.rect.x * zoom + PAD_PX, view.y + f.rect.y * zoom + PAD_PX);
  }
  return shown.length;
}

/** One style's path, and the dashes lines added to it are cut into (dashes.ts). */
type Pen = { readonly path: Path2D; readonly dash: readonly number[] };

/** Paths by style: `colour|width|dash`. Stroked solid: dashed lines are added to them already cut. */
class Batch {
  private readonly paths = new Map<string, { colour: string; width: number; pen: Pen }>();
  at(colour: string, width = 0, dash: readonly number[] = []): Pen {
    const key = `${colour}|${width}|${dash.join(',')}`;
    let entry = this.paths.get(key);
    if (entry === undefined) {
      entry = { colour, width, pen: { path: new Path2D(), dash: [...dash] } };
      this.paths.set(key, entry);
    }
    return entry.pen;
  }
  fill(ctx: CanvasRenderingContext2D): void {
    for (const { colour, pen } of this.paths.values()) {
      ctx.fillStyle = colour;
      ctx.fill(pen.path);
    }
  }
  stroke(ctx: CanvasRenderingContext2D): void {
    ctx.setLineDash([]);
    for (const { colour, width, pen } of this.paths.values()) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.stroke(pen.path);
    }
  }
}

function frame(f: SceneFrame, px: number, paint: Paint, marks: Marks, fills: Batch, strokes: Batch): void {
  const { x, y, width, height } = f.rect;
  const box = isBoxKind(f.kind);
  const selected = marks.selected.has(f.id);
  fills.at(box ? (f.kind === 'root' ? paint.rootBg : paint.nsBg) : paint.panel).path.rect(x, y, width, height);
  // A card's kind colour, as a stripe on its left edge.
  if (!box)
    fills.at(paint.kind[f.kind] ?? paint.cardLine).path.rect(x, y, Math.min(width, Math.max(6, 3 * px)), height);
  const outline = box ? (f.kind === 'root' ? paint.rootLine : paint.nsLine) : paint.cardLine;
  const colour = marks.invalid.has(f.id) ? paint.error : selected ? paint.accent : outline;
  const dash = box && !selected ? [4 * px, 3 * px] : [];
  const pen = strokes.at(colour, (selected ? 3 : 1.5) * px, dash);
  if (pen.dash.length === 0) pen.path.rect(x, y, width, height);
  // Dashed: round the rectangle clockwise from its top left, where the canvas starts dashing a rect.
  else
    polyline(pen, [
      { x, y },
      { x: x + width, y },
      { x: x + width, y: y + height },
      { x, y: y + height },
      { x, y },
    ]);
}

function line(e: SceneEdge, px: number, paint: Paint, marks: Marks, lines: Batch): void {
  const state = e.kind === 'veth' ? marks.state(e.id) : 'up';
  const colour =
    e.kind === 'master' ? paint.muted : e.kind === 'tunnel' ? paint.tunnel : (paint.state[state] ?? paint.muted);
  const selected = marks.selected.has(e.id);
  // At least 2 px on screen; as thick as the DOM's line (5 units, 3 for master and tunnel) where that is more.
  const width = Math.max((selected ? 3 : 2) * px, e.kind === 'veth' ? 5 : 3);
  const dash = (e.kind === 'veth' ? DASH[state] : [3, 3]).map((d) => d * px);
  polyline(lines.at(marks.invalid.has(e.id) ? paint.error : colour, width, dash), e.points);
}

function polyline(pen: Pen, points: readonly Point[]): void {
  if (pen.dash.length > 0) return dashPolyline(pen.path, points, pen.dash);
  const [first, ...rest] = points;
  if (first === undefined) return;
  pen.path.moveTo(first.x, first.y);
  for (const p of rest) pen.path.lineTo(p.x, p.y);
}
function boundsOf(points: readonly Point[]): Rect {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
