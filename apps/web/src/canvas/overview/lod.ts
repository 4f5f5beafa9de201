/**
 * Level of detail. Below `DETAIL_ZOOM`, 13 px canvas text is under 4 px on screen: nothing on a
 * card can be read, and laying out and painting hundreds of cards as DOM made a large document
 * slow to open and to pan. There the whole drawing is painted into one `<canvas>` (the
 * overview, Overview.tsx) and React Flow mounts no nodes or edges; from `DETAIL_ZOOM` up the
 * drawing is React Flow's DOM, as always.
 */
export const DETAIL_ZOOM = 0.3;

/**
 * From this many frames up. A smaller drawing is cheap as DOM at any zoom, and there it keeps
 * everything the DOM drawing shows zoomed out (titles, port markers, every line's ends).
 */
export const OVERVIEW_FRAMES = 100;

export type LodView = { readonly presenter: boolean; readonly exporting: boolean; readonly frames: number };

/**
 * Whether the drawing is the overview at this zoom. Presenter view never is (it never zooms out
 * below 1), nor is a drawing being exported (the export renders the DOM), nor a small drawing.
 */
export function drawsOverview(zoom: number, view: LodView): boolean {
  return !view.presenter && !view.exporting && view.frames >= OVERVIEW_FRAMES && zoom < DETAIL_ZOOM;
}
