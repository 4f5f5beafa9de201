import { describe, expect, it } from 'vitest';

import { flowLevel, flowMotion, MIN_ITERATION_S } from './flow-motion';

const LEVELS = [0, 1, 4, 8, 13, 20];

describe('flowLevel', () => {
  it('is log2 of the rate, rounded, from 0; null when nothing moves', () => {
    expect(flowLevel(200)).toBe(8);
    expect(flowLevel(190)).toBe(8);
    expect(flowLevel(0.3)).toBe(0);
    expect(flowLevel(0)).toBeNull();
  });
});

describe('flowMotion', () => {
  it('moves the dots faster and closer together as the level grows', () => {
    const m = flowMotion(8);
    expect(m.spacing).toBe(78);
    expect(m.shift / m.duration).toBeCloseTo(146); // 50 + 12 * 8 px per second
    expect(flowMotion(0).spacing).toBe(150);
    expect(flowMotion(20).spacing).toBe(36);
  });

  it('loops seamlessly: an iteration moves the dots a whole number of spacings', () => {
    for (const level of LEVELS) {
      const { shift, spacing } = flowMotion(level);
      expect(Number.isInteger(shift / spacing)).toBe(true);
    }
  });

  it('ends an iteration (an animationiteration event) at most once a minute', () => {
    for (const level of LEVELS) expect(flowMotion(level).duration).toBeGreaterThanOrEqual(MIN_ITERATION_S);
  });
});
