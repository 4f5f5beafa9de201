/**
 * How a line's traffic dots move at a packet rate: faster and closer together as packets per
 * second grow, by powers of two, so a rate that wobbles from one second to the next does not
 * restart the animation.
 *
 * One iteration of the CSS animation moves the dots by many spacings (a whole number of them, so
 * the loop is still seamless) and lasts at least `MIN_ITERATION_S`. With one spacing per
 * iteration, each animated path ended an iteration every 0.2–3 s, and Chrome dispatched an
 * `animationiteration` event for each (React listens for every event type at its root, so the
 * page has a listener): about 290 events a second, 44 a frame, with 66 lines in view at 1000
 * namespaces (bench/web.ts).
 */
export type FlowMotion = {
  /** px between dots. */
  readonly spacing: number;
  /** px the dots travel in one iteration: a whole number of spacings. */
  readonly shift: number;
  /** Seconds per iteration. */
  readonly duration: number;
};

export const MIN_ITERATION_S = 60;

/** A rate's level: log2 of packets per second, rounded, from 0; null when no packet moves. */
export const flowLevel = (pps: number): number | null => (pps > 0 ? Math.max(0, Math.round(Math.log2(pps))) : null);

export function flowMotion(level: number): FlowMotion {
  const speed = 50 + 12 * level; // px per second
  const spacing = Math.max(36, 150 - 9 * level);
  const spacings = Math.ceil((MIN_ITERATION_S * speed) / spacing);
  const shift = spacings * spacing;
  return { spacing, shift, duration: shift / speed };
}
