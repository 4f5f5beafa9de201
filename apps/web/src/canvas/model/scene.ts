import {
  impairLabel,
  isDevice,
  type DeviceNode,
  type Document,
  type Node,
  type VethLink,
  type VxlanNode,
} from '@netloom/topology';

import { boxHeader, deviceHeader, portText } from './describe';
import {
  frameLayout,
  MARK,
  type FrameGeometry,
  type HeaderSpec,
  type PortGeometry,
  type PortSpec,
  type PortText,
  type Side,
} from './frame';
import { placeLabel } from './labels';
import { bottom, center, inflate, right, union, type Point, type Rect, type Size } from './rect';
import { route, type Anchor, type Segment } from './route';
import { SpatialIndex } from './spatial';
import { tablesKindOf, tablesSize } from './tables';
import { labelSize, type TextStyle } from './text';

/**
 * The drawing, computed from the document alone (pure): every frame's place and size, every
 * port's place on its frame, every line's route and every label's place. The React Flow nodes
 * and edges are a rendering of this; the e2e geometry checks test what it promises.
 *
 * - A namespace (or the root namespace, when the document has a root node) is a box.
 * - A device is a card inside the box of the namespace it lives in; in the root namespace of a
 *   document without a root node, it stands alone.
 * - Every veth end is a port on the frame it lives in: its namespace's box, or the bridge it is
 *   enslaved to. A veth is a line between two ports.
 */

export type FrameKind = Node['type'];

export type ScenePort = PortGeometry & {
  readonly text: PortText;
  /** Its state chip on a row of its own (TextStyle.stacked). */
  readonly stacked: boolean;
  /** The live-state object of the interface (`l1/a`). */
  readonly live: string;
  readonly link: string;
};

export type SceneFrame = {
  readonly id: string;
  readonly kind: FrameKind;
  readonly parent: string | undefined;
  /** React Flow's position: relative to the parent box's corner, or absolute at the top level. */
  readonly position: Point;
  /** Where the frame is, absolute. */
  readonly rect: Rect;
  readonly header: HeaderSpec;
  readonly geometry: FrameGeometry;
  readonly ports: readonly ScenePort[];
};

export type EdgeKind = 'veth' | 'master' | 'tunnel';

export type SceneEdge = {
  readonly id: string;
  readonly kind: EdgeKind;
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  readonly targetHandle: string;
  readonly points: readonly Point[];
  /** The label's fixed words (`underlay`, `VXLAN 42 · UDP 4789 · overlay`); live rates follow them. */
  readonly text: string;
  /** The label's place, kept for the longest text it can show. */
  readonly label: Rect | null;
};

/**
 * How a set of sibling frames' layout positions were spread out to make room (respace): a place
 * is `to + (position - from) × k` along each axis. By parent box id, '' for the top level; absent
 * where places are the layout's own.
 */
export type Spread = { readonly from: Point; readonly to: Point; readonly kx: number; readonly ky: number };

export type Scene = {
  /** Labels' parts one to a row (TextStyle.stacked). */
  readonly stacked: boolean;
  readonly frames: readonly SceneFrame[];
  readonly edges: readonly SceneEdge[];
  readonly bounds: Rect;
  readonly spread: ReadonlyMap<string, Spread>;
};

/** A place on the canvas back as a layout position among its siblings (`parent` undefined: the top level). */
export function toLayout(scene: Scene, parent: string | undefined, p: Point): Point {
  const s = scene.spread.get(parent ?? '');
  if (s === undefined) return { x: p.x, y: p.y };
  const back = (q: number, from: number, to: number, k: number) => (k === 0 ? from : Math.round(from + (q - to) / k));
  return { x: back(p.x, s.from.x, s.to.x, s.kx), y: back(p.y, s.from.y, s.to.y, s.ky) };
}

export const BOX_MIN: Size = { width: 220, height: 120 };
export const CARD_MIN: Size = { width: 150, height: 0 };
/** Between devices stacked in a box that has no layout for them. */
const STACK_GAP = 28;
const SHELF = { x0: 40, y0: 40, gapX: 160, gapY: 140, width: 1600 };
const LABEL_PAD = { x: 6, y: 3 };
/** The widest rate a veth label shows (`formatRate`). */
const WIDEST_RATE = '999.9k pkt/s';

export const portHandle = (link: string, end: 'a' | 'b'): string => `p:${link}/${end}`;
export const sideHandle = (side: Side): string => `s:${side}`;
export const CONNECT_HANDLE = 'connect';

type Box = Extract<Node, { type: 'namespace' | 'root' }>;
type End = { link: VethLink; end: 'a' | 'b'; owner: string; peer: string };

const isBox = (n: Node): n is Box => n.type === 'namespace' || n.type === 'root';

/**
 * How to lay the document out. `document`: frames where the document's layout puts them (the
 * designer). `compact`: the same arrangement, its slack taken out (presenter view): places are
 * scaled along each axis just enough that frames, grown by larger text, keep apart and the labels
 * of lines between them fit in the gap; rows and columns stay rows and columns.
 */
export type Spacing = 'document' | 'compact';

/**
 * With `tables` (View > Kernel tables on the canvas, on a drawing that is applied), every
 * namespace, bridge and VXLAN frame keeps room for its kernel tables (model/tables.ts), and where
 * frames so grown would crowd each other the layout is spread out (never drawn together) by the
 * least factors that keep them apart, as the compact scene does: the tables cover nothing.
 *
 * How lines are drawn. `routed`: orthogonal routes around what they would cross, with labels
 * placed on them. `straight`: port to port, without labels, for the overview (zoomed out past
 * reading, where no label is drawn): the routes are most of the cost of a large scene, and the
 * frames are the same either way.
 */
export type Lines = 'routed' | 'straight';

export function buildScene(
  doc: Document,
  t: TextStyle,
  spacing: Spacing = 'document',
  lines: Lines = 'routed',
  tables = false,
): Scene {
  if (spacing === 'document' && !tables) return build(doc, t, undefined, tables, lines).scene;
  // Respaced: where a label found no free place (a line bends in the gap it would sit in), that
  // gap is widened and the scene built again. Lines are routed: the widening depends on them.
  const wider = new Map<string, number>();
  const grow = spacing === 'document';
  let built = build(doc, t, { wider, grow }, tables);
  for (let round = 0; round < 4 && built.crowded.length > 0; round++) {
    for (const key of built.crowded) wider.set(key, (wider.get(key) ?? 0) + WIDEN);
    built = build(doc, t, { wider, grow }, tables);
  }
  return built.scene;
}

/** How sibling frames are respaced: gaps widened where labels crowded; `grow`: never drawn together. */
type Respacing = { readonly wider: ReadonlyMap<string, number>; readonly grow: boolean };

/** Added to a compact gap each time a label in it found no free place. */
const WIDEN = 48;
const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

function build(
  doc: Document,
  t: TextStyle,
  respacing: Respacing | undefined,
  tables: boolean,
  lines: Lines = 'routed',
): { scene: Scene; crowded: string[] } {
  const layout = doc.layout ?? {};
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const root = doc.nodes.find((n) => n.type === 'root');
  const boxes = doc.nodes.filter(isBox);
  const boxIds = new Set(boxes.map((b) => b.id));
  const placeOf = (dev: DeviceNode): string | undefined => {
    if (dev.namespace !== undefined) return boxIds.has(dev.namespace) ? dev.namespace : undefined;
    return root?.id;
  };
  const devices = doc.nodes.filter(isDevice);
  const kidsOf = new Map<string, DeviceNode[]>();
  for (const d of devices) {
    const place = placeOf(d);
    if (place !== undefined) kidsOf.set(place, [...(kidsOf.get(place) ?? []), d]);
  }
  const parentOf = new Map(devices.map((d) => [d.id, placeOf(d)]));
  const isOwner = (id: string) => boxIds.has(id) || byId.get(id)?.type === 'bridge';
  const ends: End[] = doc.links.flatMap((link) =>
    isOwner(link.a.node) && isOwner(link.b.node)
      ? [
          { link, end: 'a' as const, owner: link.a.node, peer: link.b.node },
          { link, end: 'b' as const, owner: link.b.node, peer: link.a.node },
        ]
      : [],
  );
  const headers = new Map<string, HeaderSpec>(
    doc.nodes.map((n) => [n.id, isBox(n) ? boxHeader(n) : deviceHeader(n as DeviceNode, doc)]),
  );
  const header = (id: string) => headers.get(id) as HeaderSpec;
  const room = (id: string): Size | null => {
    const kind = tables ? tablesKindOf(byId.get(id)?.type ?? '') : null;
    return kind === null ? null : tablesSize(kind, t);
  };

  // Pass 1, without ports: rough places, only to see which side of a frame faces its peer.
  const underlay = underlayLinks(doc, placeOf, ends);
  const gap =
    respacing === undefined
      ? undefined
      : { gap: gapsFor(doc, t, parentOf, ends, underlay, respacing.wider), grow: respacing.grow };
  const rough = arrange(t, layout, boxes, devices, kidsOf, parentOf, header, room, () => [], gap);
  const portSpecs = new Map<string, PortSpec[]>();
  for (const e of ends) {
    const from = rough.rects.get(e.owner);
    const to = rough.rects.get(e.peer);
    if (from === undefined || to === undefined) continue;
    const side: Side = e.owner === e.peer ? 'bottom' : facing(from, to);
    const c = center(to);
    const spec: PortSpec = {
      id: portHandle(e.link.id, e.end),
      side,
      order: side === 'left' || side === 'right' ? c.y : c.x,
      text: portText(e.link[e.end]),
    };
    portSpecs.set(e.owner, [...(portSpecs.get(e.owner) ?? []), spec]);
  }
  // Pass 2: with ports.
  const final = arrange(
    t,
    layout,
    boxes,
    devices,
    kidsOf,
    parentOf,
    header,
    room,
    (id) => portSpecs.get(id) ?? [],
    gap,
  );
  align(final, ends);
  const texts = new Map(ends.map((e) => [portHandle(e.link.id, e.end), { e, text: portText(e.link[e.end]) }]));
  const frames: SceneFrame[] = final.order.map((id) => {
    const g = final.geometry.get(id) as FrameGeometry;
    const node = byId.get(id) as Node;
    return {
      id,
      kind: node.type,
      parent: parentOf.get(id),
      position: final.positions.get(id) as Point,
      rect: final.rects.get(id) as Rect,
      header: header(id),
      geometry: g,
      ports: g.ports.map((p) => {
        const { e, text } = texts.get(p.id) as { e: End; text: PortText };
        return { ...p, text, stacked: t.stacked, live: `${e.link.id}/${e.end}`, link: e.link.id };
      }),
    };
  });
  const { edges, crowded } = connect(doc, frames, t, underlay, lines);
  const bounds = union([
    ...frames.filter((f) => f.parent === undefined).map((f) => f.rect),
    ...edges.flatMap((e) => (e.label === null ? [] : [e.label])),
  ]);
  // The sibling frames whose gap a crowded label's line crosses: below their common ancestor.
  const chain = (id: string): string[] => {
    const up = parentOf.get(id);
    return up === undefined ? [id] : [...chain(up), id];
  };
  const crowdedGaps = crowded.flatMap((e) => {
    const [a, b] = [chain(e.source), chain(e.target)];
    const i = a.findIndex((id, k) => b[k] !== id);
    const [x, y] = [a[i], b[i]];
    return x === undefined || y === undefined ? [] : [pairKey(x, y)];
  });
  return {
    scene: { stacked: t.stacked, frames, edges, bounds, spread: final.spread },
    crowded: [...new Set(crowdedGaps)],
  };
}

type Arranged = {
  order: string[];
  positions: Map<string, Point>;
  rects: Map<string, Rect>;
  geometry: Map<string, FrameGeometry>;
  /** Each frame's geometry again, with ports placed where they are wanted (sizes do not change). */
  regeometry: Map<string, (want: (port: string) => number | undefined) => FrameGeometry>;
  spread: Map<string, Spread>;
};

/** Sizes and places of every frame, given the ports each frame has. */
function arrange(
  t: TextStyle,
  layout: NonNullable<Document['layout']>,
  boxes: readonly Box[],
  devices: readonly DeviceNode[],
  kidsOf: ReadonlyMap<string, DeviceNode[]>,
  parentOf: ReadonlyMap<string, string | undefined>,
  header: (id: string) => HeaderSpec,
  room: (id: string) => Size | null,
  ports: (id: string) => readonly PortSpec[],
  gap?: { readonly gap: Gap; readonly grow: boolean },
): Arranged {
  const geometry = new Map<string, FrameGeometry>();
  const sizeOf = (id: string) => (geometry.get(id) as FrameGeometry).size;
  const regeometry = new Map<string, (want: (port: string) => number | undefined) => FrameGeometry>();
  for (const d of devices) {
    const again = frameLayout(header(d.id), ports(d.id), NOTHING, t, CARD_MIN, room(d.id));
    regeometry.set(d.id, again);
    geometry.set(
      d.id,
      again(() => undefined),
    );
  }
  const rel = new Map<string, Point>();
  const spread = new Map<string, Spread>();
  const spaced = (key: string, wanted: ReadonlyMap<string, Point>, origin: Point) => {
    if (gap === undefined) return wanted;
    const r = respace(wanted, sizeOf, gap.gap, gap.grow ? 'grow' : origin);
    spread.set(key, r.spread);
    return r.places;
  };
  for (const box of boxes) {
    const kids = kidsOf.get(box.id) ?? [];
    // Devices the layout does not place are stacked below those it does.
    const below = (id: string, p: Point) => p.y + sizeOf(id).height + STACK_GAP;
    let next = Math.max(
      0,
      ...kids.flatMap((k) => {
        const p = layout[k.id];
        return p === undefined ? [] : [below(k.id, p)];
      }),
    );
    const content = { width: 0, height: 0 };
    const wanted = new Map<string, Point>();
    for (const k of kids) {
      let p = layout[k.id];
      if (p === undefined) {
        p = { x: 0, y: next };
        next = below(k.id, p);
      }
      wanted.set(k.id, p);
    }
    const kidPlaces = spaced(box.id, wanted, { x: 0, y: 0 });
    for (const k of kids) {
      const p = kidPlaces.get(k.id) as Point;
      rel.set(k.id, p);
      content.width = Math.max(content.width, p.x + sizeOf(k.id).width);
      content.height = Math.max(content.height, p.y + sizeOf(k.id).height);
    }
    const again = frameLayout(header(box.id), ports(box.id), content, t, BOX_MIN, room(box.id));
    regeometry.set(box.id, again);
    geometry.set(
      box.id,
      again(() => undefined),
    );
  }
  const tops = [...boxes, ...devices.filter((d) => parentOf.get(d.id) === undefined)];
  const laid = tops.flatMap((n) => {
    const p = layout[n.id];
    return p === undefined ? [] : [p.y + sizeOf(n.id).height];
  });
  const shelf = shelfPlacer(laid.length === 0 ? SHELF.y0 : Math.max(...laid) + SHELF.gapY);
  const positions = new Map<string, Point>();
  const rects = new Map<string, Rect>();
  const wantedTops = new Map(tops.map((n) => [n.id, layout[n.id] ?? shelf(sizeOf(n.id))]));
  const topPlaces = spaced('', wantedTops, { x: SHELF.x0, y: SHELF.y0 });
  for (const n of tops) {
    const p = topPlaces.get(n.id) as Point;
    positions.set(n.id, p);
    rects.set(n.id, { ...p, ...sizeOf(n.id) });
  }
  const inner: string[] = [];
  for (const d of devices) {
    const parent = parentOf.get(d.id);
    if (parent === undefined) continue;
    const box = rects.get(parent) as Rect;
    const offset = (geometry.get(parent) as FrameGeometry).content;
    const p = rel.get(d.id) as Point;
    const position = { x: offset.x + p.x, y: offset.y + p.y };
    positions.set(d.id, position);
    rects.set(d.id, { x: box.x + position.x, y: box.y + position.y, ...sizeOf(d.id) });
    inner.push(d.id);
  }
  // React Flow wants parents before their children.
  return { order: [...tops.map((n) => n.id), ...inner], positions, rects, geometry, regeometry, spread };
}

const NOTHING: Size = { width: 0, height: 0 };

/** The room wanted between two sibling frames along an axis (`x`: side by side). */
type Gap = (a: string, b: string, axis: 'x' | 'y') => number;
/** Between frames in a compact scene, and around a label in the gap. */
const COMPACT_GAP = 40;
const COMPACT_GAP_INSIDE = 28;
const COMPACT_LABEL_MARGIN = 12;

/**
 * The gaps of a compact scene: COMPACT_GAP, or wider where a labelled line runs between the two
 * frames (or anything inside them), so its label fits across the gap.
 */
function gapsFor(
  doc: Document,
  t: TextStyle,
  parentOf: ReadonlyMap<string, string | undefined>,
  ends: readonly End[],
  underlay: ReadonlySet<string>,
  wider: ReadonlyMap<string, number>,
): Gap {
  const chain = (id: string): string[] => {
    const up = parentOf.get(id);
    return up === undefined ? [id] : [id, ...chain(up)];
  };
  const labelled: { a: string[]; b: string[]; size: Size }[] = [];
  const size = (text: string): Size => labelSize(text, t, LABEL_PAD);
  for (const e of ends)
    if (e.end === 'a')
      labelled.push({
        a: chain(e.owner),
        b: chain(e.peer),
        size: size(reserveFor(vethText(e.link, underlay.has(e.link.id)))),
      });
  const vxlans = doc.nodes.filter((n): n is VxlanNode => n.type === 'vxlan');
  for (const [i, a] of vxlans.entries())
    for (const b of vxlans.slice(i + 1))
      labelled.push({ a: chain(a.id), b: chain(b.id), size: size(`VXLAN ${a.vni} · UDP ${a.port ?? 4789} · overlay`) });
  return (a, b, axis) => {
    // Devices side by side in a box are joined by short lines at most (master); boxes by veths.
    let gap = parentOf.get(a) === undefined ? COMPACT_GAP : COMPACT_GAP_INSIDE;
    for (const l of labelled) {
      const joins = (l.a.includes(a) && l.b.includes(b)) || (l.a.includes(b) && l.b.includes(a));
      if (joins) gap = Math.max(gap, (axis === 'x' ? l.size.width : l.size.height) + 2 * COMPACT_LABEL_MARGIN);
    }
    return gap + (wider.get(pairKey(a, b)) ?? 0);
  };
}

/**
 * Sibling frames' places scaled about `origin`, separately along x and y, by the least factors
 * that keep every pair apart by its gap along the axis that separates it best. The arrangement's
 * rows, columns and order are kept; only its slack goes (or room is made, for larger frames).
 * `grow`: scaled about the layout's own origin, by factors of 1 or more: room is made where it is
 * wanted and the slack kept, so a drag (toLayout) maps back to the layout exactly.
 */
function respace(
  wanted: ReadonlyMap<string, Point>,
  sizeOf: (id: string) => Size,
  gap: Gap,
  origin: Point | 'grow',
): { places: Map<string, Point>; spread: Spread } {
  const items = [...wanted];
  const grow = origin === 'grow';
  const min = grow
    ? { x: 0, y: 0 }
    : { x: Math.min(...items.map(([, p]) => p.x)), y: Math.min(...items.map(([, p]) => p.y)) };
  const to = grow ? min : origin;
  let kx = grow ? 1 : 0;
  let ky = grow ? 1 : 0;
  for (const [i, [a, pa]] of items.entries()) {
    for (const [b, pb] of items.slice(i + 1)) {
      const need = (axis: 'x' | 'y') => {
        const d = pb[axis] - pa[axis];
        const first = d >= 0 ? a : b;
        const span = axis === 'x' ? sizeOf(first).width : sizeOf(first).height;
        return Math.abs(d) < 1 ? Infinity : (span + gap(a, b, axis)) / Math.abs(d);
      };
      const nx = need('x');
      const ny = need('y');
      if (nx <= ny) kx = Math.max(kx, nx);
      else ky = Math.max(ky, ny);
    }
  }
  const places = new Map(
    items.map(([id, p]) => [
      id,
      { x: Math.round(to.x + (p.x - min.x) * kx), y: Math.round(to.y + (p.y - min.y) * ky) },
    ]),
  );
  return { places, spread: { from: min, to, kx, ky } };
}

/**
 * Moves ports along their sides toward their peers, so lines run straight where the frames
 * allow it: frames with more ports first, then the others toward them, twice over.
 */
function align(arranged: Arranged, ends: readonly End[]): void {
  const peerOf = new Map(
    ends.map((e) => [portHandle(e.link.id, e.end), portHandle(e.link.id, e.end === 'a' ? 'b' : 'a')]),
  );
  const ownerOf = new Map(ends.map((e) => [portHandle(e.link.id, e.end), e.owner]));
  const vertical = (side: Side) => side === 'left' || side === 'right';
  const portAt = (id: string) => {
    const owner = ownerOf.get(id) as string;
    const port = arranged.geometry.get(owner)?.ports.find((p) => p.id === id);
    const rect = arranged.rects.get(owner);
    if (port === undefined || rect === undefined) return undefined;
    return { port, along: vertical(port.side) ? rect.y + port.offset : rect.x + port.offset, rect };
  };
  const owners = [...new Set(ends.map((e) => e.owner))].sort(
    (a, b) => (arranged.geometry.get(b)?.ports.length ?? 0) - (arranged.geometry.get(a)?.ports.length ?? 0),
  );
  for (let round = 0; round < 2; round++) {
    for (const owner of owners) {
      const rect = arranged.rects.get(owner);
      const again = arranged.regeometry.get(owner);
      if (rect === undefined || again === undefined) continue;
      arranged.geometry.set(
        owner,
        again((id) => {
          const me = portAt(id);
          const peer = portAt(peerOf.get(id) ?? '');
          if (me === undefined || peer === undefined || vertical(me.port.side) !== vertical(peer.port.side))
            return undefined;
          return peer.along - (vertical(me.port.side) ? rect.y : rect.x);
        }),
      );
    }
  }
}

/** Rows, left to right, for frames the layout does not place, below those it does. */
function shelfPlacer(y0: number): (size: Size) => Point {
  let x = SHELF.x0;
  let y = y0;
  let row = 0;
  return (size) => {
    if (x > SHELF.x0 && x + size.width > SHELF.width) {
      x = SHELF.x0;
      y += row + SHELF.gapY;
      row = 0;
    }
    const p = { x, y };
    x += size.width + SHELF.gapX;
    row = Math.max(row, size.height);
    return p;
  };
}

/** The side of `from` that faces `to`: across the wider of the two gaps between them. */
export function facing(from: Rect, to: Rect): Side {
  const a = center(from);
  const b = center(to);
  const gapX = Math.abs(b.x - a.x) - (from.width + to.width) / 2;
  const gapY = Math.abs(b.y - a.y) - (from.height + to.height) / 2;
  if (gapX >= gapY) return b.x >= a.x ? 'right' : 'left';
  return b.y >= a.y ? 'bottom' : 'top';
}

/** The point just outside a frame's border where a line meets a port (or a side's middle). */
export function anchorOf(rect: Rect, side: Side, offset?: number): Anchor {
  const along = offset ?? (side === 'left' || side === 'right' ? rect.height / 2 : rect.width / 2);
  const m = MARK / 2;
  switch (side) {
    case 'left':
      return { side, point: { x: rect.x - m, y: rect.y + along } };
    case 'right':
      return { side, point: { x: rect.x + rect.width + m, y: rect.y + along } };
    case 'top':
      return { side, point: { x: rect.x + along, y: rect.y - m } };
    case 'bottom':
      return { side, point: { x: rect.x + along, y: rect.y + rect.height + m } };
  }
}

/**
 * What a veth's line always says: `underlay` on a VXLAN's underlay, and its impairments
 * ("50 ms · 1% loss"), each end's named when both ends have some (each impairs what leaves by it).
 */
export function vethText(link: VethLink, isUnderlay: boolean): string {
  const a = impairLabel(link.a.impairments);
  const b = impairLabel(link.b.impairments);
  const impair = a !== '' && b !== '' ? `${link.a.name} → ${a}; ${link.b.name} → ${b}` : a !== '' ? a : b;
  return [...(isUnderlay ? ['underlay'] : []), ...(impair === '' ? [] : [impair])].join(' · ');
}

/** The room a veth's label keeps: its words and the widest rate it can show after them. */
const reserveFor = (text: string): string => (text === '' ? WIDEST_RATE : `${text} · ${WIDEST_RATE}`);

/** Veth links a VXLAN device's packets leave by (its `underlay` interface, or the one holding `local`). */
function underlayLinks(
  doc: Document,
  placeOf: (d: DeviceNode) => string | undefined,
  ends: readonly End[],
): Set<string> {
  const out = new Set<string>();
  const vxlans = doc.nodes.filter((n): n is VxlanNode => n.type === 'vxlan');
  const placeOfOwner = (id: string) => {
    const n = doc.nodes.find((x) => x.id === id);
    return n === undefined ? undefined : isBox(n) ? n.id : placeOf(n as DeviceNode);
  };
  for (const v of vxlans) {
    const place = placeOf(v);
    for (const e of ends) {
      if (placeOfOwner(e.owner) !== place) continue;
      const end = e.link[e.end];
      const byName = v.underlay !== undefined && end.name === v.underlay;
      const byAddress = v.local !== undefined && (end.addresses ?? []).some((a) => a.split('/')[0] === v.local);
      if (byName || byAddress) out.add(e.link.id);
    }
  }
  return out;
}

type Item = { rect: Rect; frame: string | null };

const segmentRect = (s: Segment): Rect => ({
  x: Math.min(s.a.x, s.b.x),
  y: Math.min(s.a.y, s.b.y),
  width: Math.abs(s.a.x - s.b.x) + 1,
  height: Math.abs(s.a.y - s.b.y) + 1,
});

function connect(
  doc: Document,
  frames: readonly SceneFrame[],
  t: TextStyle,
  underlay: ReadonlySet<string>,
  lines: Lines,
): { edges: SceneEdge[]; crowded: SceneEdge[] } {
  const byId = new Map(frames.map((f) => [f.id, f]));
  const hard = new SpatialIndex<Item>();
  const soft = new SpatialIndex<Item>();
  // Straight lines (the overview's) go port to port, avoid nothing and carry no label: what lines
  // and labels keep clear of is indexed only for routed ones (~10 ms of a cold build's 60-90 ms
  // at 300 namespaces, timed in Node).
  for (const f of lines === 'routed' ? frames : []) {
    hard.add(f.rect, { rect: f.rect, frame: f.id });
    const at = { x: f.rect.x, y: f.rect.y };
    // A box's tables are crossed by no line and covered by no label, even of what is inside the box.
    if (f.geometry.tables !== null) {
      const r = { ...f.geometry.tables, x: at.x + f.geometry.tables.x, y: at.y + f.geometry.tables.y };
      hard.add(r, { rect: r, frame: null });
    }
    const head = { ...f.geometry.header, x: at.x + f.geometry.header.x, y: at.y + f.geometry.header.y };
    soft.add(head, { rect: head, frame: f.id });
    for (const p of f.ports) {
      const r = { ...p.label, x: at.x + p.label.x, y: at.y + p.label.y };
      soft.add(r, { rect: r, frame: f.id });
    }
  }
  const lineage = (id: string): string[] => {
    const f = byId.get(id);
    return f === undefined ? [] : [id, ...(f.parent === undefined ? [] : lineage(f.parent))];
  };
  const drawn = new SpatialIndex<Segment>();
  const routeBetween = (a: Anchor, b: Anchor, from: string, to: string) => {
    if (lines === 'straight') return [a.point, b.point];
    const ancestors = new Set([...lineage(from).slice(1), ...lineage(to).slice(1)]);
    const points = route(a, b, {
      hard: (area) => hard.query(area).flatMap((i) => (i.frame !== null && ancestors.has(i.frame) ? [] : [i.rect])),
      soft: (area) => soft.query(area).map((i) => i.rect),
      lines: (area) => drawn.query(area),
    });
    for (let i = 1; i < points.length; i++) {
      const s = { a: points[i - 1] as Point, b: points[i] as Point };
      drawn.add(segmentRect(s), s);
    }
    return points;
  };

  type Pending = Omit<SceneEdge, 'label'> & { reserve: string; priority: number };
  const pending: Pending[] = [];
  const ports = new Map(frames.flatMap((f) => f.ports.map((p) => [p.id, { frame: f, port: p }] as const)));
  for (const link of doc.links) {
    const a = ports.get(portHandle(link.id, 'a'));
    const b = ports.get(portHandle(link.id, 'b'));
    if (a === undefined || b === undefined) continue;
    const text = vethText(link, underlay.has(link.id));
    pending.push({
      id: link.id,
      kind: 'veth',
      source: a.frame.id,
      sourceHandle: a.port.id,
      target: b.frame.id,
      targetHandle: b.port.id,
      points: routeBetween(
        anchorOf(a.frame.rect, a.port.side, a.port.offset),
        anchorOf(b.frame.rect, b.port.side, b.port.offset),
        a.frame.id,
        b.frame.id,
      ),
      text,
      reserve: reserveFor(text),
      priority: text !== '' ? 1 : 2,
    });
  }
  const between = (id: string, kind: EdgeKind, from: SceneFrame, to: SceneFrame, text: string) => {
    const sa = facing(from.rect, to.rect);
    const sb = facing(to.rect, from.rect);
    // Where the two frames face each other, the line runs straight across the middle of that stretch.
    const vertical = sa === 'left' || sa === 'right';
    const lo = vertical ? Math.max(from.rect.y, to.rect.y) : Math.max(from.rect.x, to.rect.x);
    const hi = vertical ? Math.min(bottom(from.rect), bottom(to.rect)) : Math.min(right(from.rect), right(to.rect));
    const mid = Math.round((lo + hi) / 2);
    const offset = (r: Rect) => (hi - lo >= 8 ? mid - (vertical ? r.y : r.x) : undefined);
    pending.push({
      id,
      kind,
      source: from.id,
      sourceHandle: sideHandle(sa),
      target: to.id,
      targetHandle: sideHandle(sb),
      points: routeBetween(
        anchorOf(from.rect, sa, offset(from.rect)),
        anchorOf(to.rect, sb, offset(to.rect)),
        from.id,
        to.id,
      ),
      text,
      reserve: text,
      priority: kind === 'tunnel' ? 0 : 3,
    });
  };
  for (const n of doc.nodes) {
    if ((n.type !== 'tap' && n.type !== 'vxlan') || n.master === undefined) continue;
    const from = byId.get(n.id);
    const to = byId.get(n.master);
    if (from !== undefined && to !== undefined) between(`master:${n.id}`, 'master', from, to, '');
  }
  const vxlans = doc.nodes.filter((n): n is VxlanNode => n.type === 'vxlan');
  for (const [i, a] of vxlans.entries()) {
    for (const b of vxlans.slice(i + 1)) {
      if (a.remote === undefined || a.remote !== b.local || b.remote !== a.local || a.vni !== b.vni) continue;
      const fa = byId.get(a.id);
      const fb = byId.get(b.id);
      if (fa === undefined || fb === undefined) continue;
      between(`tunnel:${a.id}:${b.id}`, 'tunnel', fa, fb, `VXLAN ${a.vni} · UDP ${a.port ?? 4789} · overlay`);
    }
  }

  // Labels, the most telling first: each avoids every frame it does not lie inside, all header
  // and port text, and the labels placed before it.
  const placed = new SpatialIndex<Item>();
  const labels = new Map<string, Rect>();
  const crowded = new Set<string>();
  for (const e of [...pending].sort((x, y) => x.priority - y.priority)) {
    if (e.reserve === '' || lines === 'straight') continue;
    const inside = new Set(lineage(e.source).filter((id) => lineage(e.target).includes(id)));
    const size = labelSize(e.reserve, t, LABEL_PAD);
    const conflicts = (r: Rect) => {
      const area = inflate(r, 3);
      return (
        hard.query(area).filter((i) => i.frame === null || !inside.has(i.frame)).length +
        soft.query(area).length +
        placed.query(area).length
      );
    };
    const rect = placeLabel(e.points, size, conflicts);
    if (conflicts(rect) > 0) crowded.add(e.id);
    placed.add(rect, { rect, frame: null });
    labels.set(e.id, rect);
  }
  const edges = pending.map(({ reserve: _r, priority: _p, ...e }) => ({ ...e, label: labels.get(e.id) ?? null }));
  return { edges, crowded: edges.filter((e) => crowded.has(e.id)) };
}
