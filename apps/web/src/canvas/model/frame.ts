import { chipWidth, lineHeight, textWidth, type TextStyle } from './text';
import type { Point, Rect, Size } from './rect';
import { byCodeUnits } from '../../sort';

/**
 * The geometry of a frame: a namespace or root box, or a device card. A frame has a header
 * (title, kind, lines), ports on its four sides (each a marker on the border with its label just
 * inside), and, for boxes, a content area where its devices sit. With the kernel tables shown
 * (model/tables.ts), their block sits above the content. The regions never overlap:
 *
 *   +-- header text --+-- top ports' labels --+
 *   | left   |       tables         | right  |
 *   | ports  |       content        | ports  |
 *   +-------- bottom ports' labels ----------+
 */

export type Side = 'top' | 'right' | 'bottom' | 'left';

export type PortText = {
  readonly name: string;
  readonly addresses: readonly string[];
  /** A short note under the addresses (`mtu 1450`, `set down`). */
  readonly note?: string;
};

export type PortSpec = {
  readonly id: string;
  readonly side: Side;
  /** Where along its side the port wants to be (its peer's coordinate): ports are sorted by it. */
  readonly order: number;
  readonly text: PortText;
};

export type HeaderSpec = {
  readonly title: string;
  /** Second row: the kind (`bridge`, `network namespace`). */
  readonly kind: string;
  /** Whether the second row keeps a place for a link state chip. */
  readonly state: boolean;
  readonly lines: readonly string[];
};

export type PortGeometry = {
  readonly id: string;
  readonly side: Side;
  /** The marker's centre along its side, from the frame's left (top, bottom) or top (left, right). */
  readonly offset: number;
  /** The label, relative to the frame. */
  readonly label: Rect;
};

export type FrameGeometry = {
  readonly size: Size;
  /** The header's text block, relative to the frame. */
  readonly header: Rect;
  /** Where the content area starts: devices' layout positions are relative to it. */
  readonly content: Point;
  /** The kernel tables' block, relative to the frame, when they are shown. */
  readonly tables: Rect | null;
  readonly ports: readonly PortGeometry[];
};

/** Padding inside a frame. */
export const PAD = 12;
/** The port marker's visible square, centred on the border. */
export const MARK = 14;
/** From the border to a port's label. */
export const INSET = MARK / 2 + 6;
/** Between neighbouring labels. */
export const GAP = 12;
/** Padding inside a port label. */
export const LABEL_PAD = 4;
/** Between a box's tables and its devices: a port's stub and a line's clearance. */
export const TABLES_GAP = 36;
/** The connect handle in the header's first row. */
export const CONNECT = 22;
/** Reserved in the header's first row for the problem (`!`) and `drift` badges. */
const BADGES = 20 + 4 + 50 + 4;

export function portLabelSize(text: PortText, style: TextStyle): Size {
  const t = style.type;
  // Stacked, the state chip has a row of its own (the last).
  const first = style.stacked
    ? Math.max(textWidth(text.name, t.name), chipWidth(t))
    : textWidth(text.name, t.name) + 6 + chipWidth(t);
  const widths = [first, ...text.addresses.map((a) => textWidth(a, t.body))];
  if (text.note !== undefined) widths.push(textWidth(text.note, t.small));
  const height =
    lineHeight(t.name) +
    (style.stacked ? lineHeight(t.small) : 0) +
    text.addresses.length * lineHeight(t.body) +
    (text.note === undefined ? 0 : lineHeight(t.small));
  return { width: Math.max(...widths) + 2 * LABEL_PAD, height: height + 2 * LABEL_PAD };
}

export function headerSize(h: HeaderSpec, style: TextStyle): Size {
  const t = style.type;
  const first = textWidth(h.title, t.title) + 8 + BADGES + CONNECT;
  const second = textWidth(h.kind, t.small) + (h.state ? 6 + chipWidth(t) : 0);
  const widths = [first, second, ...h.lines.map((l) => textWidth(l, t.body))];
  const height = lineHeight(t.title) + lineHeight(t.small) + h.lines.length * lineHeight(t.body);
  return { width: Math.max(...widths), height };
}

type Placed = { spec: PortSpec; size: Size };

/**
 * `want` gives, for a port, where along its side its marker would best be (its peer's position,
 * so the line runs straight); ports go as near it as their labels let them, in their order.
 * Without it they are spread evenly. `tables`: the size of the kernel tables' block, if shown.
 */
export function frameGeometry(
  header: HeaderSpec,
  ports: readonly PortSpec[],
  content: Size,
  t: TextStyle,
  min: Size,
  want: (portId: string) => number | undefined = () => undefined,
  tables: Size | null = null,
): FrameGeometry {
  return frameLayout(header, ports, content, t, min, tables)(want);
}

/**
 * `frameGeometry` in two steps: what does not depend on where ports want to be (sizes, sides,
 * order), worked out once; then the geometry for each `want`. The scene places ports toward their
 * peers several times over (scene.ts, align) and sizes nothing again.
 */
export function frameLayout(
  header: HeaderSpec,
  ports: readonly PortSpec[],
  content: Size,
  t: TextStyle,
  min: Size,
  tables: Size | null = null,
): (want: (portId: string) => number | undefined) => FrameGeometry {
  const head = headerSize(header, t);
  const bySide = (side: Side): Placed[] =>
    ports
      .filter((p) => p.side === side)
      .sort((a, b) => a.order - b.order || byCodeUnits(a.id, b.id))
      .map((spec) => ({ spec, size: portLabelSize(spec.text, t) }));
  const [top, rightSide, bottomSide, left] = (['top', 'right', 'bottom', 'left'] as const).map(bySide) as [
    Placed[],
    Placed[],
    Placed[],
    Placed[],
  ];
  const maxW = (ps: Placed[]) => Math.max(0, ...ps.map((p) => p.size.width));
  const maxH = (ps: Placed[]) => Math.max(0, ...ps.map((p) => p.size.height));
  const rowSpan = (ps: Placed[]) => ps.length * (maxW(ps) + GAP);
  const columnSpan = (ps: Placed[]) => ps.length * (maxH(ps) + GAP) - (ps.length > 0 ? GAP : 0);

  const leftColumn = left.length > 0 ? INSET + maxW(left) + GAP : PAD;
  const rightColumn = rightSide.length > 0 ? INSET + maxW(rightSide) + GAP : PAD;
  const headerBand = Math.max(PAD + head.height + PAD, top.length > 0 ? INSET + maxH(top) + GAP : 0);
  const bottomBand = bottomSide.length > 0 ? INSET + maxH(bottomSide) + GAP : 0;
  const hasContent = content.width > 0 && content.height > 0;
  // Under a box's tables, room for a line to leave a device's top port sideways.
  const tablesBand = tables === null ? 0 : tables.height + (hasContent ? TABLES_GAP : PAD);
  const contentAt = { x: leftColumn, y: headerBand + tablesBand };
  const middle = Math.max(
    tablesBand + (hasContent ? content.height + PAD : 0),
    left.length > 0 ? columnSpan(left) + GAP : 0,
    rightSide.length > 0 ? columnSpan(rightSide) + GAP : 0,
  );
  const width = Math.max(
    min.width,
    leftColumn + Math.max(hasContent ? content.width : 0, tables?.width ?? 0) + rightColumn,
    PAD + head.width + (top.length > 0 ? GAP + rowSpan(top) : 0) + PAD,
    bottomSide.length > 0 ? PAD + rowSpan(bottomSide) + PAD : 0,
  );
  const height = Math.max(min.height, headerBand + middle + bottomBand);

  const firstRow = LABEL_PAD + Math.round(lineHeight(t.type.name) / 2);
  return (want) => {
    const out: PortGeometry[] = [];
    const column = (ps: Placed[], side: 'left' | 'right') => {
      const tops = place(
        ps.map((p) => p.size.height),
        ps.map((p) => want(p.spec.id)).map((w) => (w === undefined ? undefined : w - firstRow)),
        headerBand + GAP / 2,
        height - bottomBand - GAP / 2,
      );
      ps.forEach((p, i) => {
        const y = tops[i] as number;
        const x = side === 'left' ? INSET : width - INSET - p.size.width;
        out.push({ id: p.spec.id, side, offset: y + firstRow, label: { x, y, ...p.size } });
      });
    };
    const row = (ps: Placed[], side: 'top' | 'bottom', from: number) => {
      const lefts = place(
        ps.map((p) => p.size.width),
        ps
          .map((p) => want(p.spec.id))
          .map((w, i) => (w === undefined ? undefined : w - (ps[i] as Placed).size.width / 2)),
        from,
        width - PAD,
      );
      ps.forEach((p, i) => {
        const x = lefts[i] as number;
        const y = side === 'top' ? INSET : height - INSET - p.size.height;
        out.push({ id: p.spec.id, side, offset: x + p.size.width / 2, label: { x, y, ...p.size } });
      });
    };
    column(left, 'left');
    column(rightSide, 'right');
    row(top, 'top', PAD + head.width + GAP);
    row(bottomSide, 'bottom', PAD);
    return {
      size: { width, height },
      header: { x: PAD, y: PAD, ...head },
      content: contentAt,
      tables: tables === null ? null : { x: leftColumn, y: headerBand, ...tables },
      ports: out,
    };
  };
}

/**
 * Places intervals of the given lengths, in order, inside [lo, hi] with GAP between them: each as
 * near its wanted start as the others allow; those without a wish share the room evenly.
 */
export function place(
  lengths: readonly number[],
  wanted: readonly (number | undefined)[],
  lo: number,
  hi: number,
): number[] {
  const n = lengths.length;
  const share = (hi - lo) / Math.max(1, n);
  const starts = lengths.map((len, i) => Math.round(wanted[i] ?? lo + share * (i + 0.5) - len / 2));
  for (let i = 0; i < n; i++) {
    const before = i === 0 ? lo : (starts[i - 1] as number) + (lengths[i - 1] as number) + GAP;
    starts[i] = Math.max(starts[i] as number, before);
  }
  for (let i = n - 1; i >= 0; i--) {
    const after = i === n - 1 ? hi : (starts[i + 1] as number) - GAP;
    starts[i] = Math.min(starts[i] as number, after - (lengths[i] as number));
  }
  for (let i = 0; i < n; i++)
    starts[i] = Math.max(
      starts[i] as number,
      i === 0 ? lo : (starts[i - 1] as number) + (lengths[i - 1] as number) + GAP,
    );
  return starts;
}
