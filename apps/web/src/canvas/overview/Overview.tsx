import { useStoreApi, type Viewport } from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { useStore as useZustand } from 'zustand';

import { drawingPlaces, entryAt } from '../../agent/drawing-live';
import { liveStore, vethOper } from '../../agent/live-store';
import { useLive } from '../../agent/useLive';
import { useEditor } from '../../hooks/useEditor';
import { useSession } from '../../hooks/useSession';
import { highlightStore } from '../highlight';
import type { CanvasState } from '../live';
import type { Scene } from '../model/scene';
import { drawOverview, type Marks, type Paint } from './draw';

type Props = {
  readonly scene: Scene;
  readonly selected: ReadonlySet<string>;
  readonly invalid: ReadonlySet<string>;
  /** The canvas section, whose computed style holds the colours. */
  readonly frame: RefObject<HTMLElement | null>;
  /** The view until React Flow's pan and zoom is set up (its store says zoom 1 before that). */
  readonly initial: Viewport;
};

/**
 * The drawing zoomed out past reading (overview/lod.ts), painted into one `<canvas>` over the
 * pane. It takes no pointer events: React Flow's pane still pans and zooms, and the canvas's
 * clicks are hit-tested in flow coordinates (useOverviewPointer.ts). The paint covers the pane and,
 * from the first idle moment after the first paint, a margin around it: a pan moves it (a CSS
 * transform, no repaint) until the margin runs out; a zoom repaints in the next frame, without a
 * React render. `data-frames` says how many frames the
 * last paint drew (bench/web.ts counts them as drawn).
 */
export function Overview({ scene, selected, invalid, frame, initial }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();
  const doc = useEditor((s) => s.doc);
  const theme = useSession((s) => s.theme);
  const highlighted = useZustand(highlightStore, (s) => s.ids);
  const links = useLive((s) => s.links);
  const online = useLive((s) => s.status === 'connected');
  const applied = useLive((s) => s.applied);
  const state = useMemo(() => {
    const places = drawingPlaces(doc);
    const s = liveStore.getState();
    return (edge: string): CanvasState => {
      const a = `${edge}/a`;
      const b = `${edge}/b`;
      const oper = vethOper(entryAt(s, a, places.get(a)), entryAt(s, b, places.get(b)));
      return online || oper === 'unapplied' ? oper : 'unknown';
    };
    // links and applied are what entryAt reads from the store.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, links, online, applied]);
  const paintCache = useRef<{ key: string; paint: Paint } | null>(null);
  const first = useRef(true);
  /** Paints again in the next frame (set by the effect that paints). */
  const repaint = useRef(() => {});
  // The margin is painted from the first idle moment after the first paint on: a canvas costs its
  // first paint and the commit of each paint by its pixels (2.6 times the pane's with the margin),
  // and the drawing is whole on the pane without it.
  const margin = useRef(0);
  useEffect(() => {
    const grow = () => {
      margin.current = MARGIN;
      repaint.current();
    };
    if (typeof requestIdleCallback === 'undefined') {
      const timer = setTimeout(grow, 300);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(grow, { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, []);

  useLayoutEffect(() => {
    const marks: Marks = { selected, invalid, highlighted, state };
    let raf = 0;
    /** The view of the last paint, and the margin painted around the pane on each side. */
    let painted: { x: number; y: number; zoom: number; mx: number; my: number; pane: string } | null = null;
    const paneSize = (pane: HTMLElement) => `${pane.clientWidth}x${pane.clientHeight}`;
    const viewNow = () => {
      const s = store.getState();
      return s.panZoom === null ? initial : { x: s.transform[0], y: s.transform[1], zoom: s.transform[2] };
    };
    const draw = () => {
      raf = 0;
      const el = canvas.current;
      const pane = el?.parentElement;
      const section = frame.current;
      const ctx = el?.getContext('2d');
      if (el === null || !pane || section === null || ctx === null || ctx === undefined) return;
      const key = document.documentElement.dataset['theme'] ?? '';
      if (paintCache.current?.key !== key) paintCache.current = { key, paint: paintOf(section) };
      // The page's theme attribute is set by an effect, after this one: paint again once it is.
      if (key !== theme) later();
      const { x, y, zoom } = viewNow();
      const dpr = window.devicePixelRatio || 1;
      const mx = Math.round(pane.clientWidth * margin.current);
      const my = Math.round(pane.clientHeight * margin.current);
      const width = pane.clientWidth + 2 * mx;
      const height = pane.clientHeight + 2 * my;
      if (el.width !== Math.round(width * dpr) || el.height !== Math.round(height * dpr)) {
        Object.assign(el.style, { left: `${-mx}px`, top: `${-my}px`, width: `${width}px`, height: `${height}px` });
        el.width = Math.round(width * dpr);
        el.height = Math.round(height * dpr);
      }
      el.style.transform = '';
      const view = { x: x + mx, y: y + my, zoom, width, height, dpr };
      const drawn = drawOverview(ctx, scene, view, paintCache.current.paint, marks);
      painted = { x, y, zoom, mx, my, pane: paneSize(pane) };
      el.dataset.frames = String(drawn);
    };
    function later() {
      if (raf === 0) raf = requestAnimationFrame(draw);
    }
    repaint.current = later;
    // The first paint now, so the first frame shows the drawing; a change after that in the next
    // frame, with whatever else changes before it.
    if (first.current) draw();
    else later();
    first.current = false;
    const unsubscribe = store.subscribe((s, prev) => {
      // React Flow measures its pane just after the first paint (0×0 to its size): the paint
      // already fills the pane, and painting it again would cost a frame's raster for nothing.
      if (s.width !== prev.width || s.height !== prev.height) {
        const pane = canvas.current?.parentElement;
        if (!pane || painted?.pane !== paneSize(pane)) return later();
      }
      if (s.transform === prev.transform) return;
      // A pan within the margin moves the last paint (a compositor move, no repaint); a zoom, or a
      // pan beyond it, paints again in the next frame.
      const { x, y, zoom } = viewNow();
      const el = canvas.current;
      if (el !== null && painted !== null && zoom === painted.zoom) {
        const dx = x - painted.x;
        const dy = y - painted.y;
        if (Math.abs(dx) <= painted.mx && Math.abs(dy) <= painted.my) {
          el.style.transform = `translate(${dx}px, ${dy}px)`;
          return;
        }
      }
      later();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(raf);
    };
  }, [store, scene, selected, invalid, highlighted, state, frame, initial, theme]);

  return (
    <canvas
      ref={canvas}
      className="overview"
      role="img"
      aria-label={`Overview of the drawing, ${scene.frames.length} boxes and cards: zoom in to edit, click to select`}
    />
  );
}

const KINDS = ['bridge', 'tap', 'tun', 'vxlan'] as const;
/** Painted beyond the pane on each side, as a share of its size, so a pan moves the paint instead of repainting. */
const MARGIN = 0.3;

/** The colours canvas.css and styles.css give the DOM drawing, read off the page. */
function paintOf(section: HTMLElement): Paint {
  const style = getComputedStyle(section);
  const v = (name: string) => style.getPropertyValue(name).trim();
  // A card's kind colour is set on its class: read it from a probe of each kind.
  // All probes in at once: one style recalculation for them all.
  const probes = KINDS.map((k) => {
    const probe = document.createElement('div');
    probe.className = `frame frame--${k}`;
    probe.style.display = 'none';
    section.append(probe);
    return [k, probe] as const;
  });
  const kind: Record<string, string> = {};
  for (const [k, probe] of probes) kind[k] = getComputedStyle(probe).getPropertyValue('--kind').trim();
  for (const [, probe] of probes) probe.remove();
  return {
    fg: v('--fg'),
    panel: v('--panel'),
    nsBg: v('--ns-bg'),
    nsLine: v('--ns-line'),
    rootBg: v('--root-bg'),
    rootLine: v('--root-line'),
    cardLine: v('--card-line'),
    accent: v('--accent'),
    error: v('--error'),
    muted: v('--canvas-muted'),
    tunnel: v('--tunnel'),
    highlight: v('--highlight'),
    state: {
      up: v('--up'),
      down: v('--down'),
      nocarrier: v('--nocarrier'),
      absent: v('--unknown'),
      unapplied: v('--unknown'),
      unknown: v('--unknown'),
    },
    kind,
    font: v('--canvas-font'),
  };
}
