/**
 * Flow colours: a small palette of hues told apart at a glance, each readable on the canvas in
 * both themes (markers get a contrasting outline, see markers.css). A flow keeps its colour for as
 * long as its key is the same, in both directions, on every line.
 */
export const FLOW_COLOURS = 8;

/** FNV-1a of the key, modulo the palette (pure, stable across reloads). */
export function flowColour(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % FLOW_COLOURS;
}
