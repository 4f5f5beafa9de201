import { getViewportForBounds, type Rect } from '@xyflow/react';

const PADDING = 40;

/**
 * Renders the whole drawing (`bounds` from the React Flow instance, which knows sub-flows) (not just what is on screen) to SVG or PNG and downloads it.
 * html-to-image is loaded on first use to keep it out of the initial bundle.
 */
export async function exportImage(format: 'svg' | 'png', bounds: Rect, fileName: string): Promise<void> {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (viewport === null || bounds.width === 0) return;
  const { toPng, toSvg } = await import('html-to-image');
  const width = Math.ceil(bounds.width + PADDING * 2);
  const height = Math.ceil(bounds.height + PADDING * 2);
  const { x, y, zoom } = getViewportForBounds(bounds, width, height, 0.1, 2, 0);
  const background = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
  const options = {
    backgroundColor: background,
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${x}px, ${y}px) scale(${zoom})` },
  };
  const url = format === 'svg' ? await toSvg(viewport, options) : await toPng(viewport, options);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.${format}`;
  a.click();
}
