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

/** How the scene sets its text: the sizes, and whether to stack to keep frames narrow. */
export type TextStyle = {
  readonly type: Typography;
  /**
   * A port's state chip on a row of its own, and a line's label one part (`VXLAN 42`, `UDP 4789`,
   * `overlay`) to a row: narrower frames and gaps, for the larger text of the presenter view.
   */
  readonly stacked: boolean;
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

export const NORMAL_TEXT: TextStyle = { type: NORMAL_TYPE, stacked: false };
/**
 * Presenter view: every text one size (18 px at zoom 1: the view never zooms out below 1), so the
 * smallest is as large as the drawing allows; weight and colour tell titles from the rest.
 */
export const PRESENTER_TEXT: TextStyle = {
  type: { title: 18, name: 18, body: 18, small: 18, edge: 18 },
  stacked: true,
};

/** A line label's rows: its parts one to a row when stacked. */
export const labelRows = (text: string, stacked: boolean): string[] => (stacked ? text.split(' · ') : [text]);
/** A line label's size, padding included. */
export const labelSize = (text: string, t: TextStyle, pad: { x: number; y: number }) => {
  const rows = labelRows(text, t.stacked);
  return {
    width: Math.max(...rows.map((r) => textWidth(r, t.type.edge))) + 2 * pad.x,
    height: rows.length * lineHeight(t.type.edge) + 2 * pad.y,
  };
};
