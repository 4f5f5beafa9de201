/**
 * Calls `changed` each time `element`'s size changes, in whole pixels; not for the first
 * measurement, which every observed element gets. Returns the stop.
 */
export function onResize(element: Element, changed: () => void): () => void {
  let size = '';
  const observer = new ResizeObserver(([entry]) => {
    if (entry === undefined) return;
    const next = `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`;
    const before = size;
    size = next;
    if (before !== '' && before !== next) changed();
  });
  observer.observe(element);
  return () => observer.disconnect();
}
