import { describe, expect, it } from 'vitest';

import { segmentCrosses, type Point, type Rect } from './rect';
import { route, simplify, type Segment } from './route';

const none = { hard: () => [], soft: () => [], lines: () => [] };
const segments = (ps: readonly Point[]) => ps.slice(1).map((q, i) => [ps[i] as Point, q] as const);

describe('route', () => {
  it('draws a straight line between ports that face each other', () => {
    expect(route({ point: { x: 0, y: 50 }, side: 'right' }, { point: { x: 200, y: 50 }, side: 'left' }, none)).toEqual([
      { x: 0, y: 50 },
      { x: 200, y: 50 },
    ]);
  });

  it('goes around a box in the way, never through it', () => {
    const wall: Rect = { x: 80, y: 0, width: 40, height: 100 };
    const points = route(
      { point: { x: 0, y: 50 }, side: 'right' },
      { point: { x: 200, y: 50 }, side: 'left' },
      {
        ...none,
        hard: () => [wall],
      },
    );
    for (const [p, q] of segments(points)) expect(segmentCrosses(p, q, wall)).toBe(false);
  });

  it('keeps beside a line already drawn rather than on it', () => {
    const drawn: Segment = { a: { x: 100, y: 0 }, b: { x: 100, y: 200 } };
    const points = route(
      { point: { x: 0, y: 20 }, side: 'right' },
      { point: { x: 200, y: 180 }, side: 'left' },
      {
        ...none,
        lines: () => [drawn],
      },
    );
    const vertical = segments(points).find(([p, q]) => p.x === q.x && p.y !== q.y);
    expect(vertical?.[0].x).not.toBe(100);
  });
});

describe('simplify', () => {
  it('drops repeated and collinear points', () => {
    expect(
      simplify([
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 5, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 5 },
      ]),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 5 },
    ]);
  });
});
