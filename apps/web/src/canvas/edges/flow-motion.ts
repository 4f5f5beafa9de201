/**
 * How a line's traffic dots move at a packet rate: faster and closer together as packets per
 * second grow, by powers of two, so a rate that wobbles from one second to the next changes
 * nothing on the page. The dots' layer moves them (edges/flow-dots-layer.tsx).
 */
export type FlowMotion = {
  /** px between dots. */
  readonly spacing: number;
  /** px per second along the line. */
  readonly speed: number;
};

/** A rate's level: log2 of packets per second, rounded, from 0; null when no packet moves. */
export const flowLevel = (pps: number): number | null => (pps > 0 ? Math.max(0, Math.round(Math.log2(pps))) : null);

export function flowMotion(level: number): FlowMotion {
  return { spacing: Math.max(36, 150 - 9 * level), speed: 50 + 12 * level };
}

/**
 * The dash offset of a line's dots at `seconds`, for a canvas stroke: a canvas draws its dashes
 * `offset` px back from the path's start, so an offset that falls moves them forward, toward the
 * path's end (a positive `speed`: packets from the line's source to its target). Wrapped at one
 * spacing, which the dashes repeat: small numbers, and a seamless loop.
 */
export const dashOffset = (seconds: number, speed: number, spacing: number): number => -((seconds * speed) % spacing);
