import { describe, expect, it } from 'vitest';

import { dashOffset, flowLevel, flowMotion } from './flow-motion';

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
    expect(m.speed).toBe(146); // 50 + 12 * 8 px per second
    expect(flowMotion(0).spacing).toBe(150);
    expect(flowMotion(20).spacing).toBe(36);
  });

  it('never stops or turns back, and keeps dots apart, at any level', () => {
    for (const level of LEVELS) {
      const { speed, spacing } = flowMotion(level);
      expect(speed).toBeGreaterThan(0);
      expect(spacing).toBeGreaterThanOrEqual(36);
    }
  });
});

describe('dashOffset', () => {
  // Where the first dot is along the path: a canvas draws dashes from -offset.
  const firstDot = (offset: number, spacing: number) => ((-offset % spacing) + spacing) % spacing;

  it('moves the dots toward the path end for a positive speed, and back for a negative one', () => {
    const spacing = 78;
    for (const t of [0, 0.2, 10.05, 3600.4]) {
      const at = firstDot(dashOffset(t, 146, spacing), spacing);
      const later = firstDot(dashOffset(t + 0.05, 146, spacing), spacing);
      // 0.05 s at 146 px/s: 7.3 px further along, unless the pattern wrapped by one spacing.
      expect((later - at + spacing) % spacing).toBeCloseTo(7.3, 6);
      const back = firstDot(dashOffset(t + 0.05, -146, spacing), spacing);
      const was = firstDot(dashOffset(t, -146, spacing), spacing);
      expect((was - back + spacing) % spacing).toBeCloseTo(7.3, 6);
    }
  });

  it('stays within one spacing, however long the page has run', () => {
    for (const t of [0, 1, 86_400.123]) expect(Math.abs(dashOffset(t, 266, 36))).toBeLessThan(36);
  });
});
