import type { Position } from '@netloom/topology';

import { containsPoint, overlaps, type Point, type Rect, type Size } from './model/rect';
import { toLayout, type Scene } from './model/scene';

export type BoxPlace = { readonly rect: Rect; readonly content: Point };

/** Each box (namespace or root): where it is and where its content area starts. */
export function boxPlaces(scene: Scene): Map<string, BoxPlace> {
  const out = new Map<string, BoxPlace>();
  for (const f of scene.frames)
    if (f.kind === 'namespace' || f.kind === 'root') out.set(f.id, { rect: f.rect, content: f.geometry.content });
  return out;
}

/** The box under a flow point (the last drawn wins, as it is on top), or undefined. */
export function boxAt(places: ReadonlyMap<string, BoxPlace>, point: Position): string | undefined {
  let found: string | undefined;
  for (const [id, p] of places) if (containsPoint(p.rect, point)) found = id;
  return found;
}

/** A flow point as a layout position inside a box: relative to its content area. */
export const inBox = (place: BoxPlace, point: Point): Position => ({
  x: Math.round(point.x - place.rect.x - place.content.x),
  y: Math.round(point.y - place.rect.y - place.content.y),
});

/** The root node's id, if the document has one: devices placed nowhere live in its box. */
export const rootBox = (scene: Scene): string | undefined => scene.frames.find((f) => f.kind === 'root')?.id;

/** The first free cell of a grid for a new top-level node, near `origin`. */
export function freeSlot(scene: Scene, origin: Position, size: Size): Position {
  const taken = scene.frames.filter((f) => f.parent === undefined).map((f) => f.rect);
  const step = { x: size.width + 80, y: size.height + 80 };
  for (let i = 0; i < 400; i++) {
    const candidate = {
      x: Math.round(origin.x + (i % 4) * step.x),
      y: Math.round(origin.y + Math.floor(i / 4) * step.y),
      ...size,
    };
    if (!taken.some((t) => overlaps(t, candidate)))
      return toLayout(scene, undefined, { x: candidate.x, y: candidate.y });
  }
  return origin;
}

/** Where a device added to a box goes: below the devices already in it. */
export function nextInBox(scene: Scene, box: string): Position {
  const place = scene.frames.find((f) => f.id === box);
  if (place === undefined) return { x: 0, y: 0 };
  const kids = scene.frames.filter((f) => f.parent === box);
  const y = Math.max(0, ...kids.map((k) => k.position.y - place.geometry.content.y + k.rect.height + 28));
  return toLayout(scene, box, { x: 0, y });
}
