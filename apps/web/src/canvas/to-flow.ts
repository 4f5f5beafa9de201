import type { DeviceNode } from '@netloom/topology';
import { Position as Side, type Edge, type Node as FlowNode, type NodeHandle } from '@xyflow/react';

import { CONNECT, MARK, type HeaderSpec, type Side as FrameSide } from './model/frame';
import type { Point, Rect } from './model/rect';
import { CONNECT_HANDLE, sideHandle, type EdgeKind, type Scene, type SceneFrame, type ScenePort } from './model/scene';

/**
 * The scene (model/scene.ts) + session view state → React Flow nodes and edges. Pure. Sizes and
 * handle places are given, not measured: the geometry is known before the first frame.
 */

export type BoxKind = 'namespace' | 'root';
export type DeviceKind = DeviceNode['type'];

export type FrameData = {
  readonly header: HeaderSpec;
  /** The header's text block, relative to the frame. */
  readonly headerRect: Rect;
  /** The kernel tables' block, relative to the frame, when the scene keeps room for them. */
  readonly tablesRect: Rect | null;
  readonly ports: readonly ScenePort[];
  readonly invalid: boolean;
};

export type CanvasNode = FlowNode<FrameData, BoxKind | DeviceKind>;

export type CanvasEdgeData = {
  readonly points: readonly Point[];
  /** The label's fixed words; live rates are added to them. */
  readonly text: string;
  readonly label: Rect | null;
  readonly invalid: boolean;
  /** The label's parts one to a row. */
  readonly stacked: boolean;
};
export type CanvasEdge = Edge<CanvasEdgeData, EdgeKind>;

export type FlowView = {
  readonly selected: ReadonlySet<string>;
  /** Ids with validation problems. */
  readonly invalid: ReadonlySet<string>;
  /** The object the step-through's next command creates or changes (a node or a link id). */
  readonly stepTarget?: string | null;
};

/** The class of what the step-through's next command acts on. */
export const STEP_TARGET = 'step-target';

/** A handle's hit area: at least 16 × 16 px at zoom 1, so a pointer finds it. */
export const HIT = 20;

const POSITION: Record<FrameSide, Side> = { top: Side.Top, right: Side.Right, bottom: Side.Bottom, left: Side.Left };

export const isBoxKind = (kind: string): kind is BoxKind => kind === 'namespace' || kind === 'root';

export function toFlow(scene: Scene, view: FlowView): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const nodes = scene.frames.map((f): CanvasNode => {
    const node: CanvasNode = {
      id: f.id,
      type: f.kind,
      position: f.position,
      width: f.rect.width,
      height: f.rect.height,
      handles: handlesOf(f),
      data: {
        header: f.header,
        headerRect: f.geometry.header,
        tablesRect: f.geometry.tables,
        ports: f.ports,
        invalid: view.invalid.has(f.id),
      },
      selected: view.selected.has(f.id),
      ...(view.stepTarget === f.id && { className: STEP_TARGET }),
      ariaLabel: f.kind === 'root' ? 'root namespace' : `${f.header.kind} ${f.header.title}`,
    };
    return f.parent === undefined ? node : { ...node, parentId: f.parent };
  });
  const edges = scene.edges.map((e): CanvasEdge => ({
    id: e.id,
    type: e.kind,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: e.targetHandle,
    data: {
      points: e.points,
      text: e.text,
      label: e.label,
      stacked: scene.stacked,
      invalid: view.invalid.has(e.kind === 'master' ? e.source : e.id),
    },
    selected: view.selected.has(e.id),
    ...(view.stepTarget === e.id && e.kind === 'veth' && { className: STEP_TARGET }),
    ...(e.kind === 'veth' && { ariaLabel: `veth ${e.id}` }),
  }));
  return { nodes, edges };
}

/** Every handle a frame draws, where it draws it (see nodes/Port.tsx and nodes/Frame.tsx). */
function handlesOf(f: SceneFrame): NodeHandle[] {
  const { width, height } = f.rect;
  const at = (id: string, side: FrameSide, c: Point): NodeHandle => ({
    id,
    type: 'source',
    position: POSITION[side],
    x: c.x - HIT / 2,
    y: c.y - HIT / 2,
    width: HIT,
    height: HIT,
  });
  const ports = f.ports.map((p) => at(p.id, p.side, markerCentre(p.side, p.offset, width, height)));
  const h = f.geometry.header;
  const connect = at(CONNECT_HANDLE, 'right', { x: h.x + h.width - CONNECT / 2, y: h.y + CONNECT / 2 });
  const sides = isBoxKind(f.kind)
    ? []
    : (['top', 'right', 'bottom', 'left'] as const).map((s) =>
        at(sideHandle(s), s, markerCentre(s, s === 'left' || s === 'right' ? height / 2 : width / 2, width, height)),
      );
  return [...ports, connect, ...sides];
}

/** The centre of a marker on a side, relative to the frame: on the border line itself. */
export function markerCentre(side: FrameSide, offset: number, width: number, height: number): Point {
  switch (side) {
    case 'left':
      return { x: 0, y: offset };
    case 'right':
      return { x: width, y: offset };
    case 'top':
      return { x: offset, y: 0 };
    case 'bottom':
      return { x: offset, y: height };
  }
}

export { MARK };
