import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Supervisor, type ServiceStatus } from './supervisor';

describe('Supervisor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function supervised() {
    const states: ServiceStatus[] = [];
    const starts: number[] = [];
    const supervisor = new Supervisor({
      service: 'helper',
      start: () => starts.push(Date.now()),
      onState: (s) => states.push(s),
      backoff: { firstMs: 100, maxMs: 1000, resetAfterMs: 5000, failedAfter: 4 },
    });
    return { supervisor, states, starts };
  }

  it('restarts a helper that died after 100 ms, reports restarting, then ok once it runs', () => {
    const { supervisor, states, starts } = supervised();
    supervisor.started();
    supervisor.died('helper exited (SIGKILL)');
    expect(states.map((s) => s.state)).toEqual(['restarting']);
    expect(states[0]?.detail).toBe('helper exited (SIGKILL); restarting in 0.1 s');
    vi.advanceTimersByTime(99);
    expect(starts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(starts.length).toBe(1);
    supervisor.started();
    expect(states.map((s) => s.state)).toEqual(['restarting', 'ok']);
  });

  it('doubles the delay up to the maximum while the helper dies young, and says failed', () => {
    const { supervisor, states, starts } = supervised();
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const before = Date.now();
      supervisor.died('crashed');
      vi.advanceTimersToNextTimer();
      delays.push(Date.now() - before);
      supervisor.started();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(starts.length).toBe(6);
    expect(states.filter((s) => s.state !== 'ok').map((s) => s.state)).toEqual([
      'restarting',
      'restarting',
      'restarting',
      'failed',
      'failed',
      'failed',
    ]);
    // Running a while makes it healthy again, and the next death starts from 100 ms.
    vi.advanceTimersByTime(5000);
    expect(supervisor.status.state).toBe('ok');
    supervisor.died('crashed');
    expect(supervisor.status.detail).toBe('crashed; restarting in 0.1 s');
  });

  it('says failed at once when the helper cannot be run, and keeps trying', () => {
    const { supervisor, starts } = supervised();
    supervisor.died('could not start (spawn ENOENT)', true);
    expect(supervisor.status.state).toBe('failed');
    vi.advanceTimersByTime(100);
    expect(starts.length).toBe(1);
  });

  it('starts nothing after stop', () => {
    const { supervisor, starts } = supervised();
    supervisor.died('exited');
    supervisor.stop();
    vi.advanceTimersByTime(10_000);
    expect(starts).toEqual([]);
  });
});
