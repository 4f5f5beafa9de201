import { readDocument } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { center, type Point } from '../model/rect';
import { buildScene } from '../model/scene';
import { NORMAL_TEXT } from '../model/text';
import { distanceToPolyline, hitTest } from './hit';

const EXAMPLES = import.meta.glob<string>('../../../../../examples/02-bridge.yaml', {
  eager: true,
  query: '?raw',
  import: 'default',
});

function bridgeScene() {
  const read = readDocument(Object.values(EXAMPLES)[0] ?? '', 'yaml');
  if (!read.ok) throw new Error('02-bridge does not read');
  return buildScene(read.value, NORMAL_TEXT);
}

const frameOf = (id: string) => {
  const f = bridgeScene().frames.find((x) => x.id === id);
  if (f === undefined) throw new Error(`no frame ${id}`);
  return f;
};

describe('hitTest (what a click on the overview selects)', () => {
  const scene = bridgeScene();

  it('picks a device card over the root box it sits in', () => {
    expect(frameOf('br').parent).toBe('host');
    expect(hitTest(scene, center(frameOf('br').rect), 4)).toBe('br');
  });

  it('picks the namespace box a click lands in, away from its lines', () => {
    const red = frameOf('red').rect;
    expect(hitTest(scene, { x: red.x + 3, y: red.y + 3 }, 1)).toBe('red');
  });

  it('picks a line within the slop, outside every frame', () => {
    const edge = scene.edges.find((e) => e.id === 'red-link');
    const [a, b] = edge?.points ?? [];
    if (a === undefined || b === undefined) throw new Error('red-link has no route');
    // The middle of its first stretch, a little to the side.
    const mid: Point = { x: (a.x + b.x) / 2 + (a.y === b.y ? 0 : 3), y: (a.y + b.y) / 2 + (a.y === b.y ? 3 : 0) };
    const inside = scene.frames.filter((f) => f.kind !== 'root' && f.kind !== 'namespace');
    expect(
      inside.some(
        (f) =>
          mid.x >= f.rect.x &&
          mid.x <= f.rect.x + f.rect.width &&
          mid.y >= f.rect.y &&
          mid.y <= f.rect.y + f.rect.height,
      ),
    ).toBe(false);
    expect(hitTest(scene, mid, 6)).toBe('red-link');
  });

  it('hits nothing on empty canvas', () => {
    const { x, y } = scene.bounds;
    expect(hitTest(scene, { x: x - 500, y: y - 500 }, 6)).toBeNull();
  });
});

describe('distanceToPolyline', () => {
  it('measures to the nearest stretch, and to a lone point', () => {
    const l = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
    ];
    expect(distanceToPolyline(l, { x: 5, y: 2 })).toBe(2);
    expect(distanceToPolyline(l, { x: 13, y: 5 })).toBe(3);
    expect(distanceToPolyline(l, { x: -3, y: -4 })).toBe(5);
    expect(distanceToPolyline([{ x: 1, y: 1 }], { x: 4, y: 5 })).toBe(5);
  });
});
