import { describe, expect, it } from 'vitest';

import { dashPolyline } from './dashes';

/** A polyline from its coordinates: x0, y0, x1, y1, … */
const at = (...xy: number[]) => xy.flatMap((x, i) => (i % 2 === 0 ? [{ x, y: xy[i + 1] as number }] : []));

/** The segments a dashing added, as [x0, y0, x1, y1]. */
function segments(points: { x: number; y: number }[], dash: number[]): number[][] {
  const out: number[][] = [];
  dashPolyline(
    {
      moveTo: (x, y) => out.push([x, y]),
      lineTo: (x, y) => (out.at(-1) as number[]).push(x, y),
    },
    points,
    dash,
  );
  return out.map((s) => s.map((v) => Math.round(v * 1000) / 1000));
}

describe('dashPolyline (the overview dashes lines itself)', () => {
  it('cuts a straight line into its dashes and gaps, a dash cut short where the line ends', () => {
    expect(segments(at(0, 0, 10, 0), [2, 3])).toEqual([
      [0, 0, 2, 0],
      [5, 0, 7, 0],
    ]);
    expect(segments(at(0, 0, 6, 0), [2, 3])).toEqual([
      [0, 0, 2, 0],
      [5, 0, 6, 0],
    ]);
  });

  it('runs the pattern on across a corner, as the canvas does', () => {
    // 3 along x, then down: the dash of 2 starting at 0, a gap of 2 (1 before the corner, 1 after), a dash of 2 from y=1.
    expect(segments(at(0, 0, 3, 0, 3, 5), [2, 2])).toEqual([
      [0, 0, 2, 0],
      [3, 1, 3, 3],
    ]);
  });

  it('draws a dash that spans a corner as one subpath, so the stroke joins at the corner', () => {
    expect(segments(at(0, 0, 1, 0, 1, 1, 1, 9), [2, 10])).toEqual([[0, 0, 1, 0, 1, 1]]);
  });

  it('follows a diagonal line', () => {
    expect(segments(at(0, 0, 3, 4), [1, 3])).toEqual([
      [0, 0, 0.6, 0.8],
      [2.4, 3.2, 3, 4],
    ]);
  });

  it('repeats an odd pattern twice, as setLineDash does', () => {
    expect(segments(at(0, 0, 6, 0), [1])).toEqual([
      [0, 0, 1, 0],
      [2, 0, 3, 0],
      [4, 0, 5, 0],
    ]);
  });

  it('adds nothing for an empty or zero pattern, or a line of one point', () => {
    expect(segments(at(0, 0, 6, 0), [])).toEqual([]);
    expect(segments(at(0, 0, 6, 0), [0, 0])).toEqual([]);
    expect(segments(at(0, 0), [1, 1])).toEqual([]);
  });
});
