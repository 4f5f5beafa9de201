import { getViewportForBounds, type Viewport } from '@xyflow/react';

import type { Rect } from './model/rect';

export const FIT_ZOOM = { min: 0.1, max: 1.2 };
const MARGIN = 16;
/** Room kept for the zoom controls (left) and the legend (top) before they are first drawn. */
const KEPT = { left: 64, top: 64 };

type Padding = { top: number; right: number; bottom: number; left: number };

/**
 * The view that shows all of `bounds` clear of what floats over the canvas (zoom controls,
 * legend, minimap, banners): each overlay claims a band along the side it is closest to, in
 * proportion to the canvas, and the drawing is fitted to what is left.
 */
export function fitViewport(bounds: Rect, frame: HTMLElement): Viewport {
  const box = frame.getBoundingClientRect();
  const padding: Padding = { top: KEPT.top, right: MARGIN, bottom: MARGIN, left: KEPT.left };
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
    padding[best.side] = Math.max(padding[best.side], best.size + MARGIN);
  }
  // A bare number would be a fraction of the canvas: React Flow reads pixels as `64px`.
  const px = (n: number) => `${Math.ceil(n)}px` as const;
  return getViewportForBounds(bounds, box.width, box.height, FIT_ZOOM.min, FIT_ZOOM.max, {
    top: px(padding.top),
    right: px(padding.right),
    bottom: px(padding.bottom),
    left: px(padding.left),
  });
}
