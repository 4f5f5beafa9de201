import type { Size } from './rect';
import { lineHeight, textWidth, type TextStyle } from './text';

/**
 * The room the kernel's tables take on the canvas (View > Kernel tables on the canvas): a block in
 * the frame of the namespace, bridge or VXLAN device they belong to, under its header. Its size
 * is fixed by the text style alone (rows of TABLE_CHARS characters, a set number of them), never
 * by what the kernel says: a MAC learned or a neighbour resolved changes words, not the drawing.
 * The inspector shows every row.
 */

export type TablesKind = 'namespace' | 'fdb';

/** A row's characters; longer rows end in an ellipsis. */
export const TABLE_CHARS = 46;
/** The keyword column of a namespace's rows (`addr`, `route`, `neigh`, as `ip` names them). */
export const KEY_CHARS = 6;
/**
 * A namespace's sections and the most rows each shows (the last says how many more there are):
 * room for all of them is kept, so the block never grows; rows follow each other, blank ones last.
 */
export const NAMESPACE_SECTIONS = [
  { key: 'addr', rows: 2 },
  { key: 'route', rows: 3 },
  { key: 'neigh', rows: 3 },
] as const;
/** A bridge's or VXLAN's FDB: a heading and this many rows. */
export const FDB_ROWS = 5;
/** Padding inside the block (the border included), each side. */
export const TABLES_PAD = { x: 8, y: 5 } as const;

export const tablesLines = (kind: TablesKind): number =>
  kind === 'namespace' ? NAMESPACE_SECTIONS.reduce((n, s) => n + s.rows, 0) : 1 + FDB_ROWS;

/** The block's size, padding included; its text is the canvas's smallest (`small`). */
export function tablesSize(kind: TablesKind, t: TextStyle): Size {
  const size = t.type.small;
  return {
    width: textWidth('x'.repeat(TABLE_CHARS), size) + 2 * TABLES_PAD.x,
    height: tablesLines(kind) * lineHeight(size) + 2 * TABLES_PAD.y,
  };
}

/** Which tables a frame of this kind shows, if any. */
export function tablesKindOf(frameKind: string): TablesKind | null {
  if (frameKind === 'namespace' || frameKind === 'root') return 'namespace';
  if (frameKind === 'bridge' || frameKind === 'vxlan') return 'fdb';
  return null;
}

/** A row: a keyword (first row of a section), its words, and whether it is a note (muted). */
export type TableRow = { readonly key?: string; readonly text: string; readonly muted?: boolean };

/**
 * `texts` in at most `rows` rows: all of them when they fit, else as many as leave a last row
 * saying how many more the inspector has; `none` when there are none.
 */
export function fitRows(texts: readonly string[], rows: number): TableRow[] {
  if (texts.length === 0) return [{ text: 'none', muted: true }];
  if (texts.length <= rows) return texts.map((text) => ({ text }));
  return [
    ...texts.slice(0, rows - 1).map((text) => ({ text })),
    { text: `+${texts.length - rows + 1} more (inspector)`, muted: true },
  ];
}
