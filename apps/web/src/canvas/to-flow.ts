import { isDevice, type DeviceNode, type Document, type Position } from '@netloom/topology';
import { Position as Side, type Edge, type Node as FlowNode, type NodeHandle } from '@xyflow/react';

/**
 * Document (+ session view state) → React Flow nodes and edges. Pure. Namespace and root nodes
 * are boxes; a device whose `namespace` names one is its child, and its layout position is
 * relative to that box. Devices without a namespace float in the root namespace.
 */

export type BoxKind = 'namespace' | 'root';
export type DeviceKind = DeviceNode['type'];

export type BoxData = { readonly title: string; readonly subtitle: string; readonly invalid: boolean };
export type DeviceData = {
  readonly name: string;
  readonly lines: readonly string[];
  readonly invalid: boolean;
  readonly floating: boolean;
};

export type BoxFlowNode = FlowNode<BoxData, BoxKind>;
export type DeviceFlowNode = FlowNode<DeviceData, DeviceKind>;
export type CanvasNode = BoxFlowNode | DeviceFlowNode;

export type VethEdgeData = { readonly a: string; readonly b: string; readonly invalid: boolean };
export type RelationEdgeData = { readonly label: string; readonly invalid: boolean };
export type VethFlowEdge = Edge<VethEdgeData, 'veth'>;
export type RelationFlowEdge = Edge<RelationEdgeData, 'master' | 'tunnel'>;
export type CanvasEdge = VethFlowEdge | RelationFlowEdge;

export type Size = { readonly width: number; readonly height: number };

export type FlowView = {
  readonly selected: ReadonlySet<string>;
  /** Ids with validation problems. */
  readonly invalid: ReadonlySet<string>;
  /** Sizes React Flow measured (session state; fallbacks are used until then). */
  readonly measured: ReadonlyMap<string, Size>;
};

export const DEVICE_SIZE: Size = { width: 150, height: 60 };
export const BOX_MIN: Size = { width: 200, height: 140 };
export const BOX_PAD = 20;
export const BOX_HEADER = 40;
const GRID = { columns: 4, dx: 320, dy: 240, x0: 40, y0: 40 };

const isBox = (t: string): t is BoxKind => t === 'namespace' || t === 'root';

export function toFlow(doc: Document, view: FlowView): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const boxes = doc.nodes.filter((n) => isBox(n.type));
  const boxIds = new Set(boxes.map((b) => b.id));
  const layout = doc.layout ?? {};
  const children = new Map<string, DeviceNode[]>();
  const floating: DeviceNode[] = [];
  for (const n of doc.nodes) {
    if (!isDevice(n)) continue;
    if (n.namespace !== undefined && boxIds.has(n.namespace))
      children.set(n.namespace, [...(children.get(n.namespace) ?? []), n]);
    else floating.push(n);
  }
  let topIndex = 0;
  const topPosition = (id: string): Position => {
    const i = topIndex++;
    return (
      layout[id] ?? { x: GRID.x0 + (i % GRID.columns) * GRID.dx, y: GRID.y0 + Math.floor(i / GRID.columns) * GRID.dy }
    );
  };
  const sizeOf = (id: string) => view.measured.get(id) ?? DEVICE_SIZE;

  const nodes: CanvasNode[] = [];
  const inner: CanvasNode[] = [];
  for (const box of boxes) {
    const kids = children.get(box.id) ?? [];
    let width = BOX_MIN.width;
    let height = BOX_MIN.height;
    kids.forEach((kid, j) => {
      const position = layout[kid.id] ?? { x: BOX_PAD, y: BOX_HEADER + j * (DEVICE_SIZE.height + 12) };
      const size = sizeOf(kid.id);
      width = Math.max(width, position.x + size.width + BOX_PAD);
      height = Math.max(height, position.y + size.height + BOX_PAD);
      inner.push(deviceNode(kid, position, view, box.id));
    });
    const data: BoxData =
      box.type === 'namespace'
        ? {
            title: box.name,
            subtitle: `namespace · ${box.id}${box.forwarding === true ? ' · forwarding' : ''}`,
            invalid: view.invalid.has(box.id),
          }
        : { title: 'root namespace', subtitle: box.id, invalid: view.invalid.has(box.id) };
    nodes.push({
      id: box.id,
      type: box.type as BoxKind,
      position: topPosition(box.id),
      data,
      style: { width, height },
      ...sizeHints(view, box.id, { width, height }),
      selected: view.selected.has(box.id),
      ariaLabel: box.type === 'namespace' ? `namespace ${box.name}` : 'root namespace',
    });
  }
  for (const dev of floating) nodes.push(deviceNode(dev, topPosition(dev.id), view, undefined));
  // React Flow needs parents before their children.
  return { nodes: [...nodes, ...inner], edges: toEdges(doc, view) };
}

/** The 6 px handles React Flow draws centred on the left and right borders (see NodeHandles). */
const HANDLE = 6;

/**
 * React Flow re-measures a node whose `measured` is missing, so pass back what it measured.
 * Until then, the expected size and handle places let it draw the node and its edges in the
 * first frame, instead of hiding both until a measuring pass (a second full render).
 */
function sizeHints(
  view: FlowView,
  id: string,
  expected: Size,
): { measured: Size } | { initialWidth: number; initialHeight: number; handles: NodeHandle[] } {
  const size = view.measured.get(id);
  if (size !== undefined) return { measured: size };
  const y = expected.height / 2 - HANDLE / 2;
  return {
    initialWidth: expected.width,
    initialHeight: expected.height,
    handles: [
      { id: 'l', type: 'target', position: Side.Left, x: -HANDLE / 2, y, width: HANDLE, height: HANDLE },
      {
        id: 'r',
        type: 'source',
        position: Side.Right,
        x: expected.width - HANDLE / 2,
        y,
        width: HANDLE,
        height: HANDLE,
      },
    ],
  };
}

function deviceNode(dev: DeviceNode, position: Position, view: FlowView, parentId: string | undefined): DeviceFlowNode {
  const node: DeviceFlowNode = {
    id: dev.id,
    type: dev.type,
    position,
    data: {
      name: dev.name,
      lines: deviceLines(dev),
      invalid: view.invalid.has(dev.id),
      floating: parentId === undefined,
    },
    ...sizeHints(view, dev.id, DEVICE_SIZE),
    selected: view.selected.has(dev.id),
    ariaLabel: `${dev.type} ${dev.name}`,
  };
  return parentId === undefined ? node : { ...node, parentId };
}

export function deviceLines(dev: DeviceNode): string[] {
  const addresses = dev.addresses ?? [];
  switch (dev.type) {
    case 'bridge':
      return [...addresses, ...(dev.stp === true ? ['stp on'] : [])];
    case 'tap':
      return [...addresses, ...(dev.master === undefined ? [] : [`on ${dev.master}`])];
    case 'tun':
      return addresses;
    case 'vxlan': {
      const peer =
        dev.remote !== undefined ? `→ ${dev.remote}` : dev.group !== undefined ? `group ${dev.group}` : 'learning';
      return [`vni ${dev.vni} ${peer}`, ...addresses, ...(dev.master === undefined ? [] : [`on ${dev.master}`])];
    }
  }
}

function toEdges(doc: Document, view: FlowView): CanvasEdge[] {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const edges: CanvasEdge[] = [];
  const end = (e: { name: string; addresses?: readonly string[] | undefined }) =>
    [e.name, ...(e.addresses ?? [])].join(' ');
  for (const link of doc.links) {
    if (!ids.has(link.a.node) || !ids.has(link.b.node)) continue;
    edges.push({
      id: link.id,
      type: 'veth',
      source: link.a.node,
      target: link.b.node,
      sourceHandle: 'r',
      targetHandle: 'l',
      data: { a: end(link.a), b: end(link.b), invalid: view.invalid.has(link.id) },
      selected: view.selected.has(link.id),
      ariaLabel: `veth ${link.id}: ${link.a.name} to ${link.b.name}`,
    });
  }
  for (const n of doc.nodes) {
    if ((n.type === 'tap' || n.type === 'vxlan') && n.master !== undefined && ids.has(n.master)) {
      const id = `master:${n.id}`;
      edges.push({
        id,
        type: 'master',
        source: n.id,
        target: n.master,
        sourceHandle: 'r',
        targetHandle: 'l',
        data: { label: 'master', invalid: view.invalid.has(n.id) },
        selected: view.selected.has(id),
      });
    }
  }
  const vxlans = doc.nodes.flatMap((n) => (n.type === 'vxlan' ? [n] : []));
  for (const [i, a] of vxlans.entries()) {
    for (const b of vxlans.slice(i + 1)) {
      if (a.remote === undefined || a.remote !== b.local || b.remote !== a.local || a.vni !== b.vni) continue;
      const id = `tunnel:${a.id}:${b.id}`;
      edges.push({
        id,
        type: 'tunnel',
        source: a.id,
        target: b.id,
        sourceHandle: 'r',
        targetHandle: 'l',
        data: { label: `vni ${a.vni}`, invalid: false },
        selected: view.selected.has(id),
      });
    }
  }
  return edges;
}
