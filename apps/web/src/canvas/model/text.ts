/**
 * Canvas typography. Every text on the canvas is set in one monospace stack, so its width is
 * known without measuring (DejaVu Sans Mono, Menlo and SF Mono advance 0.6 em per character):
 * the geometry is computed before the first frame, and a label can never outgrow its place.
 */
export type Typography = {
  /** Box and card titles: kernel names. */
  readonly title: number;
  /** Port names. */
  readonly name: number;
  /** Addresses and card lines. */
  readonly body: number;
  /** Kinds, states, notes: the smallest text, at least 12 px at zoom 1. */
  readonly small: number;
  /** Labels on lines. */
  readonly edge: number;
};

export const NORMAL_TYPE: Typography = { title: 16, name: 14, body: 13, small: 12, edge: 13 };

/** Character advance in em, rounded up from 0.602 so a slightly wider fallback font still fits. */
const MONO_EM = 0.62;

export const textWidth = (text: string, size: number): number => Math.ceil(text.length * size * MONO_EM);
export const lineHeight = (size: number): number => Math.round(size * 1.35);

/** The longest state a port or card can show; its place is kept so nothing moves when it appears. */
export const LONGEST_STATE = 'NO-CARRIER';
/** Horizontal padding inside a state chip, each side. */
export const CHIP_PAD = 4;
export const chipWidth = (t: Typography): number => textWidth(LONGEST_STATE, t.small) + 2 * CHIP_PAD;
