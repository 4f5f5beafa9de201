/**
 * Which wrapped (VXLAN) markers carry their "VNI 42 · UDP 4789" label this frame (pure). Packets
 * bunch on a line (a batch seen at once, a ping's echoes in slow motion): labelled, their pills
 * lay text over text. The first marker, the one leading its bunch, keeps its label; a marker whose
 * labelled pill would meet a pill drawn before it is drawn bare (the ring and the inner packet's
 * dot, no text), so a bunch reads as one label and a trail of dots, and labels far enough apart
 * (or stacked on a vertical line) all show.
 */

/** A wrapped marker this frame: its centre, and its pill's size labelled and bare (flow units, as drawn). */
export interface Pill {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly bareWidth: number;
  readonly height: number;
}

/**
 * `pills` in priority order (the engine's: first started first, so the leading marker of a bunch
 * comes first); `gap` is the room kept between two pills. True where the marker shows its label.
 */
export function labelledPills(pills: readonly Pill[], gap: number): boolean[] {
  const drawn: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }[] = [];
  return pills.map((p) => {
    const box = (width: number) => ({
      left: p.x - width / 2 - gap,
      right: p.x + width / 2 + gap,
      top: p.y - p.height / 2 - gap,
      bottom: p.y + p.height / 2 + gap,
    });
    const full = box(p.width);
    const meets = drawn.some(
      (d) => full.left < d.right && d.left < full.right && full.top < d.bottom && d.top < full.bottom,
    );
    // What is drawn is kept without the gap: two gaps part the next pill from it.
    const shown = box(meets ? p.bareWidth : p.width);
    drawn.push({ left: shown.left + gap, right: shown.right - gap, top: shown.top + gap, bottom: shown.bottom - gap });
    return !meets;
  });
}
