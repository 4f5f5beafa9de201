import { describe, expect, it } from 'vitest';

import { overlapArea } from './rect';

describe('overlapArea', () => {
  it('is the area two rectangles share, and 0 when they only touch or lie apart', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(overlapArea(a, { x: 5, y: 5, width: 10, height: 10 })).toBe(25);
    expect(overlapArea(a, { x: 2, y: 2, width: 3, height: 4 })).toBe(12);
    expect(overlapArea(a, { x: 10, y: 0, width: 5, height: 5 })).toBe(0);
    expect(overlapArea(a, { x: 20, y: 20, width: 5, height: 5 })).toBe(0);
  });
});
