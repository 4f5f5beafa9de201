import { useStore, useStoreApi } from '@xyflow/react';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

import type { Rect } from '../model/rect';
import { dashOffset } from './flow-motion';

/**
 * Every line's traffic dots, painted on one <canvas> over the drawing, in screen space: the view's
 * pan and zoom are applied when painting. A line's dots are its path stroked with zero-length
 * dashes and round caps, moved by the dash offset: the look of a dashed SVG path.
 *
 * Why not SVG in each line (what it was): moving dots made Chrome repaint and rasterise the
 * drawing under them, and the part of it around the view, at every step. In software compositing
 * (no GPU: headless Chromium, many classroom VMs) that cost more than a frame while the view
 * panned, even at 5 steps a second on a layer of their own (bench/web.ts: the zoomed-in pan at 300
 * namespaces, every line in view with dots: median frame 33–50 ms, 16.7 ms with the dots still).
 * Here a step repaints a canvas the size of the pane and rasterises nothing, and while the view
 * moves the drawing under it is a layer the compositor moves (canvas.css, `[data-moving]`).
 *
 * The dots step TICKS_PER_S times a second (3–7 px a step at 100%), which reads as travelling,
 * and the canvas is painted again when the view moves. Nothing ticks while no line has dots, and
 * dots stand still when the person asked for less motion.
 */
const TICKS_PER_S = 20;

/** One direction of one line's dots. */
export type FlowDotsLine = {
  /** The line's path, in the drawing's coordinates. */
  readonly path: string;
  /** px between dots. */
  readonly spacing: number;
  /** px per second along the path; negative: against it. */
  readonly speed: number;
  /** The line's label, which dots pass under (as they did under the HTML label over an SVG line). */
  readonly label: Rect | null;
};

type Registry = {
  /** Adds a line's dots under `key`; returns what removes them. */
  readonly add: (key: string, line: FlowDotsLine) => () => void;
  /**
   * An export is rendering the drawing's DOM (canvas/export-image.ts), which this canvas is not
   * part of: lines draw their dots in their own SVG meanwhile, standing still.
   */
  readonly inLines: boolean;
};

const Dots = createContext<Registry | null>(null);

/**
 * Draws `line`'s dots while the calling component is mounted (and `line` is not null). True when
 * the line is to draw them itself instead (an export is rendering).
 */
export function useFlowDots(key: string, line: FlowDotsLine | null): boolean {
  const registry = useContext(Dots);
  const inLines = registry?.inLines === true;
  const path = line?.path;
  const spacing = line?.spacing;
  const speed = line?.speed;
  const label = line?.label ?? null;
  useEffect(() => {
    if (registry === null || inLines || path === undefined || spacing === undefined || speed === undefined) return;
    return registry.add(key, { path, spacing, speed, label });
  }, [registry, inLines, key, path, spacing, speed, label]);
  return inLines;
}

type Painted = FlowDotsLine & { readonly shape: Path2D };

/** Provides the dots' canvas to the lines under it; mount inside the ReactFlowProvider, around ReactFlow. */
export function FlowDotsLayer({
  children,
  exporting,
}: {
  readonly children: ReactNode;
  /** An export is rendering the drawing's DOM: the lines draw their dots themselves. */
  readonly exporting: boolean;
}) {
  const flow = useStoreApi();
  // Inside React Flow's own element, so its overlays (legend, controls, minimap, each flow's
  // label) stay above the dots: a sibling of that element would be above all of them.
  const host = useStore((s) => s.domNode);
  const [el, setEl] = useState<HTMLCanvasElement | null>(null);
  const lines = useRef(new Map<string, Painted>());
  // The set of lines changed since the last paint (their test and benchmark attributes are due).
  const changed = useRef(true);
  const paintSoon = useRef<() => void>(() => {});

  const registry = useMemo<Registry>(
    () => ({
      inLines: exporting,
      add(key, line) {
        lines.current.set(key, { ...line, shape: new Path2D(line.path) });
        changed.current = true;
        paintSoon.current();
        return () => {
          lines.current.delete(key);
          changed.current = true;
          paintSoon.current();
        };
      },
    }),
    [exporting],
  );

  useEffect(() => {
    const ctx = el?.getContext('2d');
    if (el === null || ctx === null || ctx === undefined) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)');
    let frame = 0;
    let size = { width: 0, height: 0, ratio: 0 };
    // Read from the page only when the theme or presenter view changes: reading styles or
    // geometry in each paint made Chrome work out the page's style and layout first, 20 times a second.
    let colour: string | null = null;
    const restyled = new MutationObserver(() => {
      colour = null;
      soon();
    });
    restyled.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const canvasSection = el.closest('.canvas');
    if (canvasSection !== null)
      restyled.observe(canvasSection, { attributes: true, attributeFilter: ['data-presenter'] });
    // What is drawn, for tests and the benchmark: the lines with dots, and their dotted paths.
    const show = () => {
      if (!changed.current) return;
      changed.current = false;
      const ids = new Set([...lines.current.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))));
      el.dataset['lines'] = [...ids].sort().join(' ');
      el.dataset['paths'] = String(lines.current.size);
    };

    // Where the view was at the last paint: between paints, a pan moves the painted dots with
    // the drawing (a CSS translate the compositor applies) instead of painting them again.
    let paintedAt: readonly [number, number, number] = [0, 0, 1];
    const paint = () => {
      frame = 0;
      el.style.transform = '';
      if (lines.current.size === 0 && size.width === 0) return; // nothing drawn, nothing to draw
      // No dots: no backing store either (a pane-sized bitmap the compositor would carry).
      if (lines.current.size === 0) {
        size = { width: 0, height: 0, ratio: 0 };
        [el.width, el.height] = [0, 0];
        show();
        return;
      }
      const ratio = window.devicePixelRatio || 1;
      // The canvas covers React Flow's element, whose size React Flow keeps.
      const { width, height } = flow.getState();
      if (width !== size.width || height !== size.height || ratio !== size.ratio) {
        size = { width, height, ratio };
        el.width = Math.round(width * ratio);
        el.height = Math.round(height * ratio);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, el.width, el.height);
      show();
      const [x, y, zoom] = flow.getState().transform;
      paintedAt = [x, y, zoom];
      ctx.setTransform(zoom * ratio, 0, 0, zoom * ratio, x * ratio, y * ratio);
      colour ??= getComputedStyle(el).getPropertyValue('--flow-dot').trim() || '#000';
      ctx.strokeStyle = colour;
      ctx.lineWidth = 9;
      ctx.lineCap = 'round';
      const t = still.matches ? 0 : Math.floor((performance.now() / 1000) * TICKS_PER_S) / TICKS_PER_S;
      for (const line of lines.current.values()) {
        ctx.setLineDash([0, line.spacing]);
        ctx.lineDashOffset = dashOffset(t, line.speed, line.spacing);
        ctx.stroke(line.shape);
      }
      for (const { label } of lines.current.values())
        if (label !== null) ctx.clearRect(label.x, label.y, label.width, label.height);
    };
    const soon = () => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    };
    paintSoon.current = soon;
    // The view moved (pan, zoom): the dots move with the drawing, in the same frame.
    let was = flow.getState().transform;
    const unsubscribe = flow.subscribe((s) => {
      if (s.transform === was) return;
      was = s.transform;
      const [x, y, zoom] = s.transform;
      if (zoom === paintedAt[2] && frame === 0)
        el.style.transform = `translate(${x - paintedAt[0]}px, ${y - paintedAt[1]}px)`;
      else soon();
    });
    const ticks = setInterval(() => {
      if (lines.current.size > 0 && !still.matches) soon();
    }, 1000 / TICKS_PER_S);
    const resized = new ResizeObserver(soon);
    resized.observe(el);
    soon();
    return () => {
      restyled.disconnect();
      cancelAnimationFrame(frame);
      clearInterval(ticks);
      unsubscribe();
      resized.disconnect();
      paintSoon.current = () => {};
    };
  }, [flow, el]);

  return (
    <Dots.Provider value={registry}>
      {children}
      {host !== null &&
        createPortal(
          <canvas
            ref={setEl}
            className="flow-dots-layer"
            aria-hidden="true"
            data-testid="flow-dots"
            data-lines=""
            data-paths="0"
            width={0}
            height={0}
          />,
          host,
        )}
    </Dots.Provider>
  );
}
