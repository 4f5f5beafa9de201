import { describe, expect, it } from 'vitest';

import { TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('allows a burst, then refuses until time refills it', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false]);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
  });

  it('never holds more than the burst, however long it idled', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect([1, 2, 3].map(() => bucket.take(60_000))).toEqual([true, true, false]);
  });
});
