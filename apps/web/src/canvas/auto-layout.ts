import type { Document, Position } from '@netloom/topology';

import { BOX_HEADER, BOX_MIN, BOX_PAD, DEVICE_SIZE, type CanvasEdge, type CanvasNode, type Size } from './to-flow';

type ElkNode = {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  layoutOptions?: Record<string, string>;
};

/**
 * Layered layout with elkjs (loaded on demand: it is large). Boxes are laid out with their
 * devices inside; returns positions in the document's convention (devices relative to their box).
 */
export async function autoLayout(
  doc: Document,
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  measured: ReadonlyMap<string, Size>,
): Promise<Record<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const sizeOf = (n: CanvasNode) => measured.get(n.id) ?? DEVICE_SIZE;
  const childrenOf = (id: string) => nodes.filter((n) => n.parentId === id);
  const graph: ElkNode & { edges: { id: string; sources: string[]; targets: string[] }[] } = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '50',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
    },
    children: nodes
      .filter((n) => n.parentId === undefined)
      .map((n): ElkNode => {
        const kids = childrenOf(n.id);
        if (n.type !== 'namespace' && n.type !== 'root') return { id: n.id, ...sizeOf(n) };
        return {
          id: n.id,
          layoutOptions: {
            'elk.padding': `[top=${BOX_HEADER},left=${BOX_PAD},bottom=${BOX_PAD},right=${BOX_PAD}]`,
            'elk.nodeSize.minimum': `(${BOX_MIN.width},${BOX_MIN.height})`,
          },
          children: kids.map((k) => ({ id: k.id, ...sizeOf(k) })),
          ...(kids.length === 0 ? BOX_MIN : {}),
        };
      }),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laid = (await elk.layout(graph)) as ElkNode;
  const out: Record<string, Position> = {};
  const known = new Set(doc.nodes.map((n) => n.id));
  const walk = (n: ElkNode) => {
    if (known.has(n.id)) out[n.id] = { x: Math.round(n.x ?? 0), y: Math.round(n.y ?? 0) };
    n.children?.forEach(walk);
  };
  laid.children?.forEach(walk);
  return out;
}
