import type { Viewport } from '@xyflow/react';

import type { Rect } from './model/rect';

export type FitRule = {
  readonly zoom: { readonly min: number; readonly max: number };
  /** Room kept along the left (zoom controls) and top (legend) before they are first drawn. */
  readonly kept: { readonly left: number; readonly top: number };
  /**
   * Below `zoom.min` after all (down to NORMAL_FIT's) when the drawing would not be whole on the
   * canvas at it: a panel open beside the canvas (Lessons) leaves it too little room.
   */
  readonly wholeFirst?: boolean;
};

/**
 * `zoom.min` is low enough that a document of a thousand namespaces fits whole (about 0.05 at
 * 1440×900): after loading, every node is in view (issue 10).
 */
export const NORMAL_FIT: FitRule = { zoom: { min: 0.02, max: 1.2 }, kept: { left: 64, top: 64 } };
/**
 * Presenter view: zoom 1 or more, where its text (PRESENTER_TEXT) is 18 px on screen, while the
 * drawing is whole on the canvas at 1 (the examples at 1024×768 with the panels hidden). When it
 * is not (a panel beside the canvas, such as Lessons, took the room, or the drawing is too
 * large), the whole drawing comes first, smaller: a teacher who opens the lesson beside the drawing expects to still see all of
 * it, and a part cut off is worse for a class than smaller text. No zoom controls.
 */
export const PRESENTER_FIT: FitRule = { zoom: { min: 1, max: 2 }, kept: { left: 16, top: 16 }, wholeFirst: true };
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
  const cut =
    bounds.width * rule.zoom.min > box.width - 2 * MARGIN || bounds.height * rule.zoom.min > box.height - 2 * MARGIN;
  const min = rule.wholeFirst === true && cut ? NORMAL_FIT.zoom.min : rule.zoom.min;
  const zoom = Math.min(rule.zoom.max, Math.max(min, fitted));
  // Centred where it fits; from its start (left, top) where it does not.
  const along = (start: number, room: number, from: number, size: number) =>
    Math.round(start + Math.max(0, (room - size * zoom) / 2) - from * zoom);
  return {
    x: along(padding.left, width, bounds.x, bounds.width),
    y: along(padding.top, height, bounds.y, bounds.height),
    zoom,
  };
}
