import { describe, expect, it, vi } from 'vitest';

import { followedValues, registerFollowedSource, setFollowed, subscribeFollowed } from './sources';

describe('followed sources', () => {
  it('are null until a panel registers, then its value; a change reaches the presenter; a viewer sets it', () => {
    expect(followedValues()).toEqual({ lesson: null, stepThrough: null, checks: [] });
    let step = 2;
    const listeners = new Set<() => void>();
    const set = vi.fn((v: { id: string; step: number } | null) => {
      step = v?.step ?? 0;
    });
    const changed = vi.fn();
    const off = subscribeFollowed(changed);
    registerFollowedSource('lesson', {
      get: () => ({ id: 'netns', step }),
      subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
      set,
    });
    expect(changed).toHaveBeenCalledTimes(1); // registering is a change
    expect(followedValues().lesson).toEqual({ id: 'netns', step: 2 });
    step = 3;
    for (const l of listeners) l();
    expect(changed).toHaveBeenCalledTimes(2);
    setFollowed({ lesson: { id: 'netns', step: 5 }, stepThrough: null, checks: [] });
    expect(set).toHaveBeenCalledWith({ id: 'netns', step: 5 });
    expect(followedValues().lesson).toEqual({ id: 'netns', step: 5 });
    off();
  });
});
