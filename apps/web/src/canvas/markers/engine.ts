import { textWidth } from '../model/text';
import type { MarkerSpec } from './classify';
import { pointOn, type Track } from './geometry';
import { labelledPills, type Pill } from './labels';
import type { EdgeCount } from './schedule';

/**
 * Draws the markers: one SVG group in the canvas's viewport (so pan and zoom move it with the
 * lines), one small element per marker, moved by one requestAnimationFrame loop that runs only
 * while a marker is waiting or moving. Nothing here goes through React: a frame is a
 * `transform` per moving marker, no render.
 */

const SVG = 'http://www.w3.org/2000/svg';

interface Waiting {
  readonly spec: MarkerSpec;
  readonly capture: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly atUs: number;
}

interface Moving extends Waiting {
  readonly el: SVGGElement;
  readonly track: Track;
  /** A wrapped marker's pill: its parts, its size (at zoom 1) and whether it shows its label now. */
  readonly pill: WrappedPill | null;
}

interface WrappedPill {
  readonly outer: SVGRectElement;
  readonly dot: SVGCircleElement;
  readonly width: number;
  readonly height: number;
  labelled: boolean;
}

/** Room kept between two wrapped markers' pills, px on screen. */
const PILL_GAP = 4;

export interface EngineOptions {
  /** Canvas text size for the wrapped marker's label (px at zoom 1). */
  readonly textSize: number;
  readonly now?: () => number;
}

export class MarkerEngine {
  private tracks: ReadonlyMap<string, Track> = new Map();
  private waiting: Waiting[] = [];
  private moving: Moving[] = [];
  private frame = 0;
  private order = 0;
  private readonly counts: SVGGElement;
  private readonly markers: SVGGElement;
  private readonly now: () => number;
  /** Markers keep their size on the screen when the view is zoomed out (up to 3× at zoom 1/3). */
  private scale = 1;

  private readonly root: SVGGElement;
  private options: EngineOptions;

  constructor(root: SVGGElement, options: EngineOptions) {
    this.root = root;
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.markers = root.ownerDocument.createElementNS(SVG, 'g');
    this.counts = root.ownerDocument.createElementNS(SVG, 'g');
    this.counts.setAttribute('class', 'pkt-counts');
    root.append(this.markers, this.counts);
  }

  setTracks(tracks: ReadonlyMap<string, Track>): void {
    this.tracks = tracks;
  }

  setZoom(zoom: number): void {
    this.scale = Math.min(3, Math.max(1, 1 / Math.max(zoom, 0.01)));
    for (const t of this.counts.children) t.setAttribute('font-size', String(this.options.textSize * this.scale));
  }

  setTextSize(textSize: number): void {
    this.options = { ...this.options, textSize };
  }

  add(spec: MarkerSpec, capture: string, startMs: number, durationMs: number, atUs: number): void {
    if (!this.tracks.has(spec.edge)) return;
    const w: Waiting = { spec, capture, startMs, durationMs, atUs };
    // Mostly in order already: insert from the back.
    let i = this.waiting.length;
    while (i > 0 && (this.waiting[i - 1] as Waiting).startMs > startMs) i--;
    this.waiting.splice(i, 0, w);
    this.wake();
  }

  /** Markers of one capture (or all) vanish: the capture stopped, the page lost the agent. */
  clear(capture?: string): void {
    const keep = (m: Waiting) => capture !== undefined && m.capture !== capture;
    this.waiting = this.waiting.filter(keep);
    for (const m of this.moving) if (!keep(m)) m.el.remove();
    this.moving = this.moving.filter(keep);
    if (capture === undefined) this.counts.replaceChildren();
  }

  get size(): number {
    return this.waiting.length + this.moving.length;
  }

  /**
   * Writes "20 of 340 pkt/s shown" beside each line where the rate limit sampled markers away this
   * second (slow motion's own spacing is said once, beside the speed).
   */
  showCounts(counts: ReadonlyMap<string, EdgeCount>, limit: number): void {
    const doc = this.root.ownerDocument;
    const nodes: SVGTextElement[] = [];
    for (const [edge, c] of counts) {
      const track = this.tracks.get(edge);
      if (track === undefined || c.seen <= limit) continue;
      const p = pointOn(track, 0.25);
      const t = doc.createElementNS(SVG, 'text');
      t.setAttribute('class', 'pkt-count');
      t.setAttribute('x', String(p.x + 10));
      t.setAttribute('y', String(p.y - 10));
      t.setAttribute('font-size', String(this.options.textSize * this.scale));
      t.setAttribute('data-edge', edge);
      t.setAttribute('data-seen', String(c.seen));
      t.setAttribute('data-shown', String(c.shown));
      t.textContent = `${c.shown} of ${c.seen} pkt/s shown`;
      nodes.push(t);
    }
    this.counts.replaceChildren(...nodes);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.root.replaceChildren();
    this.waiting = [];
    this.moving = [];
  }

  private wake(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.tick);
  }

  private readonly tick = (): void => {
    this.frame = 0;
    const now = this.now();
    let started = 0;
    while (started < this.waiting.length && (this.waiting[started] as Waiting).startMs <= now) started++;
    if (started > 0) {
      const fragment = this.root.ownerDocument.createDocumentFragment();
      for (const w of this.waiting.splice(0, started)) {
        const track = this.tracks.get(w.spec.edge);
        if (track === undefined) continue;
        const { el, pill } = this.element(w, track);
        fragment.append(el);
        this.moving.push({ ...w, el, track, pill });
      }
      this.markers.append(fragment);
    }
    let kept = 0;
    const wrapped: Moving[] = [];
    const pills: Pill[] = [];
    for (const m of this.moving) {
      const t = (now - m.startMs) / m.durationMs;
      if (t >= 1) {
        m.el.remove();
        continue;
      }
      const p = pointOn(m.track, m.spec.direction === 'ab' ? t : 1 - t);
      m.el.setAttribute('transform', `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)}) scale(${this.scale})`);
      this.moving[kept++] = m;
      if (m.pill !== null) {
        const { width, height } = m.pill;
        wrapped.push(m);
        pills.push({
          x: p.x,
          y: p.y,
          width: width * this.scale,
          bareWidth: height * this.scale,
          height: height * this.scale,
        });
      }
    }
    this.moving.length = kept;
    // Bunched wrapped markers: the leading one keeps its label, the others are drawn bare (labels.ts).
    if (pills.length > 0) {
      const labelled = labelledPills(pills, PILL_GAP * this.scale);
      wrapped.forEach((m, i) => setLabelled(m, labelled[i] ?? true));
    }
    if (this.size > 0) this.wake();
  };

  private element(w: Waiting, track: Track): { el: SVGGElement; pill: WrappedPill | null } {
    const doc = this.root.ownerDocument;
    const { spec } = w;
    const g = doc.createElementNS(SVG, 'g');
    g.setAttribute('class', `pkt pkt--c${spec.colour}${spec.wrapped === null ? '' : ' pkt--wrapped'}`);
    g.setAttribute('data-testid', 'packet-marker');
    g.setAttribute('data-edge', spec.edge);
    g.setAttribute('data-direction', spec.direction);
    g.setAttribute('data-basis', spec.basis);
    g.setAttribute('data-flow', spec.flow);
    g.setAttribute('data-order', String(this.order++));
    g.setAttribute('data-at-us', String(w.atUs));
    g.setAttribute('data-created-ms', this.now().toFixed(1));
    if (spec.exchange !== null) g.setAttribute('data-exchange', spec.exchange);
    const start = pointOn(track, spec.direction === 'ab' ? 0 : 1);
    g.setAttribute('transform', `translate(${start.x.toFixed(1)} ${start.y.toFixed(1)}) scale(${this.scale})`);
    const title = doc.createElementNS(SVG, 'title');
    const dot = doc.createElementNS(SVG, 'circle');
    dot.setAttribute('class', 'pkt__dot');
    if (spec.wrapped === null) {
      title.textContent = spec.text;
      dot.setAttribute('r', '7');
      g.append(title, dot);
      return { el: g, pill: null };
    }
    // Wrapped: a pill (the outer packet) holding the inner packet's dot and the VNI and port.
    const size = this.options.textSize;
    const label = spec.wrapped.label;
    const height = Math.round(size * 1.9);
    const width = textWidth(label, size) + height + 6;
    g.setAttribute('data-vni', String(spec.wrapped.vni));
    g.setAttribute('data-label', label);
    title.textContent = `VXLAN ${label} · ${spec.wrapped.outer}\ncarrying ${spec.text}`;
    const outer = doc.createElementNS(SVG, 'rect');
    outer.setAttribute('class', 'pkt__outer');
    outer.setAttribute('x', String(-width / 2));
    outer.setAttribute('y', String(-height / 2));
    outer.setAttribute('width', String(width));
    outer.setAttribute('height', String(height));
    outer.setAttribute('rx', String(height / 2));
    dot.setAttribute('r', String(Math.round(height * 0.3)));
    dot.setAttribute('cx', String(-width / 2 + height / 2));
    const text = doc.createElementNS(SVG, 'text');
    text.setAttribute('class', 'pkt__label');
    text.setAttribute('x', String(-width / 2 + height));
    text.setAttribute('y', '0');
    text.setAttribute('font-size', String(size));
    text.textContent = label;
    g.append(title, outer, dot, text);
    return { el: g, pill: { outer, dot, width, height, labelled: true } };
  }
}

/** Shows a wrapped marker's label, or draws it bare: a ring around the inner packet's dot. */
function setLabelled(m: Moving, labelled: boolean): void {
  const pill = m.pill;
  if (pill === null || pill.labelled === labelled) return;
  pill.labelled = labelled;
  const width = labelled ? pill.width : pill.height;
  pill.outer.setAttribute('x', String(-width / 2));
  pill.outer.setAttribute('width', String(width));
  pill.dot.setAttribute('cx', String(labelled ? -width / 2 + pill.height / 2 : 0));
  m.el.classList.toggle('pkt--bare', !labelled);
  // A label is drawn over the bare markers of its bunch, whose rings would otherwise cover its text.
  const group = m.el.parentNode;
  if (labelled) group?.append(m.el);
  else group?.prepend(m.el);
}
