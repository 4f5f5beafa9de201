import { AGENT_EXAMPLES } from '@netloom/protocol';
import { describe, expect, it } from 'vitest';

import { reduceMessage } from './handle-message';
import { initialLive, type LiveState } from './live-store';
import { stepThroughProgress } from './step-through';

const fold = (s: LiveState, p: Partial<LiveState>): LiveState => ({ ...s, ...p });
const step = AGENT_EXAMPLES.stepState.steps[0];
const state = (done: number, extra: object = {}) => ({
  ...AGENT_EXAMPLES.stepState,
  steps: [step, { ...step, index: 5, object: 'ns1' }],
  done,
  ...extra,
});

describe('step-through state in the page', () => {
  it('follows the agent: progress, the next object, the runs with their answers, and the drawing bound once a command ran', () => {
    const started = fold(
      { ...initialLive, apply: { running: true, done: 0, total: 1, stage: 'configure' } },
      reduceMessage(initialLive, { ...state(0), last: undefined }, { type: 'stepStart' }, 0),
    );
    expect(stepThroughProgress(started)).toEqual({
      topology: 'netns-veth',
      index: 0,
      total: 2,
      state: 'running',
      object: 'l1',
    });
    const moved = fold(started, reduceMessage(started, { ...state(1), revision: 'rev1' }, { type: 'stepNext' }, 0));
    expect(stepThroughProgress(moved)).toMatchObject({ index: 1, state: 'running', object: 'ns1' });
    expect(moved.stepThrough?.runs).toHaveLength(1);
    expect(moved.stepThrough?.mine).toBe(true);
    expect(moved.applied).toEqual({ topology: 'netns-veth', revision: 'rev1' });
    // The progress events of a step are not an apply running.
    expect(moved.apply).toBeNull();
    const done = fold(moved, reduceMessage(moved, { ...state(2, { state: 'finished', remaining: [] }) }, undefined, 0));
    expect(stepThroughProgress(done)).toMatchObject({ index: 2, total: 2, state: 'done', object: null });
  });

  it("is someone else's when another page started it: followed, not moved", () => {
    const watched = fold(initialLive, reduceMessage(initialLive, state(1), undefined, 0));
    expect(watched.stepThrough?.mine).toBe(false);
    expect(watched.applied).toBeNull();
    expect(stepThroughProgress(watched)).toMatchObject({ index: 1, state: 'running' });
  });
});
