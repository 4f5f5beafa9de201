import { useStore } from '@xyflow/react';
import { useLayoutEffect, type RefObject } from 'react';

/**
 * The view's zoom as the CSS variable `--zoom` on the canvas, so a handle's hit area can stay at
 * least 16 px on screen when the view is zoomed out (canvas.css). Set on the DOM, not rendered:
 * only zooming changes it, panning does not.
 */
export function ZoomVariable({ frame }: { readonly frame: RefObject<HTMLElement | null> }) {
  // Rounded down, so the hit area errs on the large side.
  const zoom = useStore((s) => Math.floor(s.transform[2] * 100) / 100);
  useLayoutEffect(() => {
    frame.current?.style.setProperty('--zoom', String(zoom));
  }, [frame, zoom]);
  return null;
}
