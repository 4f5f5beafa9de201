import type { Position } from '@netloom/topology';

import type { Scene, SceneFrame } from './model/scene';

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
 * Layered layout with elkjs (loaded on first use: it is large). Boxes are laid out with their
 * devices inside; returns positions in the document's convention (devices relative to their
 * box's content area).
 */
export async function autoLayout(scene: Scene): Promise<Record<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const kidsOf = (id: string) => scene.frames.filter((f) => f.parent === id);
  const size = (f: SceneFrame) => ({ width: f.rect.width, height: f.rect.height });
  const graph: ElkNode & { edges: { id: string; sources: string[]; targets: string[] }[] } = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '90',
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
    },
    children: scene.frames
      .filter((f) => f.parent === undefined)
      .map((f): ElkNode => {
        const kids = kidsOf(f.id);
        if (kids.length === 0) return { id: f.id, ...size(f) };
        const c = f.geometry.content;
        return {
          id: f.id,
          layoutOptions: {
            'elk.padding': `[top=${c.y},left=${c.x},bottom=${Math.max(24, f.rect.height - c.y - contentHeight(kids, f))},right=${c.x}]`,
            'elk.spacing.nodeNode': '40',
          },
          children: kids.map((k) => ({ id: k.id, ...size(k) })),
        };
      }),
    edges: scene.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const laid = (await elk.layout(graph)) as ElkNode;
  const out: Record<string, Position> = {};
  const frames = new Map(scene.frames.map((f) => [f.id, f]));
  for (const top of laid.children ?? []) {
    out[top.id] = { x: Math.round(top.x ?? 0), y: Math.round(top.y ?? 0) };
    const content = frames.get(top.id)?.geometry.content ?? { x: 0, y: 0 };
    for (const kid of top.children ?? [])
      out[kid.id] = { x: Math.round((kid.x ?? 0) - content.x), y: Math.round((kid.y ?? 0) - content.y) };
  }
  return out;
}

function contentHeight(kids: readonly SceneFrame[], box: SceneFrame): number {
  return Math.max(0, ...kids.map((k) => k.position.y + k.rect.height - box.geometry.content.y));
}
