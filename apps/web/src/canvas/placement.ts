import type { Position } from '@netloom/topology';

import type { CanvasNode, Size } from './to-flow';
import { DEVICE_SIZE } from './to-flow';

export type Rect = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

const contains = (r: Rect, p: Position) => p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The top-level rectangle of each box (namespace or root), in flow coordinates. */
export function boxRects(nodes: readonly CanvasNode[], measured: ReadonlyMap<string, Size>): Map<string, Rect> {
  const out = new Map<string, Rect>();
  for (const n of nodes) {
    if (n.type !== 'namespace' && n.type !== 'root') continue;
    const size = measured.get(n.id) ?? { width: Number(n.style?.width ?? 0), height: Number(n.style?.height ?? 0) };
    out.set(n.id, { x: n.position.x, y: n.position.y, ...size });
  }
  return out;
}

/** The box under a flow point (the last drawn wins, as it is on top), or undefined. */
export function boxAt(rects: ReadonlyMap<string, Rect>, point: Position, except?: string): string | undefined {
  let found: string | undefined;
  for (const [id, r] of rects) if (id !== except && contains(r, point)) found = id;
  return found;
}

/** The first free cell of a grid for a new top-level node, near `origin`. */
export function freeSlot(
  nodes: readonly CanvasNode[],
  measured: ReadonlyMap<string, Size>,
  origin: Position,
  size: Size,
): Position {
  const taken: Rect[] = nodes
    .filter((n) => n.parentId === undefined)
    .map((n) => ({
      x: n.position.x,
      y: n.position.y,
      ...(measured.get(n.id) ?? {
        width: Number(n.style?.width ?? DEVICE_SIZE.width),
        height: Number(n.style?.height ?? DEVICE_SIZE.height),
      }),
    }));
  const step = { x: size.width + 60, y: size.height + 60 };
  for (let i = 0; i < 400; i++) {
    const candidate = {
      x: Math.round(origin.x + (i % 4) * step.x),
      y: Math.round(origin.y + Math.floor(i / 4) * step.y),
      ...size,
    };
    if (!taken.some((t) => overlaps(t, candidate))) return { x: candidate.x, y: candidate.y };
  }
  return origin;
}
