import type { Viewport } from '@xyflow/react';

import type { Rect } from './model/rect';

export type FitRule = {
  readonly zoom: { readonly min: number; readonly max: number };
  /** Room kept along the left (zoom controls) and top (legend) before they are first drawn. */
  readonly kept: { readonly left: number; readonly top: number };
};

/**
 * `zoom.min` is low enough that a document of a thousand namespaces fits whole (about 0.05 at
 * 1440×900): after loading, every node is in view (issue 10).
 */
export const NORMAL_FIT: FitRule = { zoom: { min: 0.02, max: 1.2 }, kept: { left: 64, top: 64 } };
/**
 * Presenter view: never below zoom 1, where its text (PRESENTER_TEXT) is 18 px on screen; a
 * drawing too large for that starts at its top left corner and is panned. No zoom controls.
 */
export const PRESENTER_FIT: FitRule = { zoom: { min: 1, max: 2 }, kept: { left: 16, top: 16 } };
const MARGIN = 16;

type Padding = { top: number; right: number; bottom: number; left: number };

/**
 * The view that shows all of `bounds` clear of what floats over the canvas (zoom controls,
 * legend, minimap, banners): each overlay claims a band along the side it is closest to, in
 * proportion to the canvas, and the drawing is fitted to what is left, centred.
 */
export function fitViewport(bounds: Rect, frame: HTMLElement, rule: FitRule = NORMAL_FIT): Viewport {
  const box = frame.getBoundingClientRect();
  const padding: Padding = { top: rule.kept.top, right: MARGIN, bottom: MARGIN, left: rule.kept.left };
  for (const el of frame.querySelectorAll<HTMLElement>('.react-flow__panel, [data-overlay]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const bands = [
      { side: 'left', size: r.right - box.left, share: (r.right - box.left) / box.width },
      { side: 'right', size: box.right - r.left, share: (box.right - r.left) / box.width },
      { side: 'top', size: r.bottom - box.top, share: (r.bottom - box.top) / box.height },
      { side: 'bottom', size: box.bottom - r.top, share: (box.bottom - r.top) / box.height },
    ] as const;
    const best = bands.reduce((a, b) => (b.share < a.share ? b : a));
    padding[best.side] = Math.max(padding[best.side], Math.ceil(best.size + MARGIN));
  }
  const width = Math.max(1, box.width - padding.left - padding.right);
  const height = Math.max(1, box.height - padding.top - padding.bottom);
  const fitted = Math.min(width / Math.max(1, bounds.width), height / Math.max(1, bounds.height));
  const zoom = Math.min(rule.zoom.max, Math.max(rule.zoom.min, fitted));
  // Centred where it fits; from its start (left, top) where it does not.
  const along = (start: number, room: number, from: number, size: number) =>
    Math.round(start + Math.max(0, (room - size * zoom) / 2) - from * zoom);
  return {
    x: along(padding.left, width, bounds.x, bounds.width),
    y: along(padding.top, height, bounds.y, bounds.height),
    zoom,
  };
}
