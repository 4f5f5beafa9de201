import { describe, expect, it } from 'vitest';

import { stabilize } from './stabilize';

describe('stabilize', () => {
  const prev = [
    { id: 'a', position: { x: 0, y: 0 }, data: { lines: ['x'] } },
    { id: 'b', position: { x: 5, y: 5 }, data: { lines: [] } },
  ];

  it('reuses unchanged objects and the array itself when nothing changed', () => {
    const next = prev.map((n) => structuredClone(n));
    expect(stabilize(prev, next)).toBe(prev);
  });

  it('replaces only what changed', () => {
    const next = [structuredClone(prev[0]!), { ...structuredClone(prev[1]!), position: { x: 6, y: 5 } }];
    const out = stabilize(prev, next);
    expect(out[0]).toBe(prev[0]);
    expect(out[1]).toBe(next[1]);
  });
});
