import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LogLimiter } from './log-limiter';

describe('LogLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('logs the first events of a window and sums up the rest in one line when the window ends', () => {
    const summaries: number[] = [];
    const limiter = new LogLimiter({ perWindow: 10, windowMs: 10_000, onSuppressed: (n) => summaries.push(n) });
    const logged = Array.from({ length: 1000 }, () => limiter.allow()).filter(Boolean).length;
    expect(logged).toBe(10);
    expect(summaries).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(summaries).toEqual([990]);
    // A new window logs again.
    expect(limiter.allow()).toBe(true);
  });

  it('logs every event of a quiet agent and writes no summary', () => {
    const onSuppressed = vi.fn();
    const limiter = new LogLimiter({ perWindow: 3, windowMs: 1000, onSuppressed });
    for (let i = 0; i < 10; i += 1) {
      expect(limiter.allow()).toBe(true);
      vi.advanceTimersByTime(500);
    }
    vi.advanceTimersByTime(5000);
    expect(onSuppressed).not.toHaveBeenCalled();
  });

  it('writes a pending summary on flush', () => {
    const summaries: number[] = [];
    const limiter = new LogLimiter({ perWindow: 1, windowMs: 10_000, onSuppressed: (n) => summaries.push(n) });
    limiter.allow();
    limiter.allow();
    limiter.flush();
    expect(summaries).toEqual([1]);
    vi.advanceTimersByTime(20_000);
    expect(summaries).toEqual([1]);
  });
});
