import { AGENT_EXAMPLES, PresenterView } from '@netloom/protocol';
import { describe, expect, it, vi } from 'vitest';

import { initialLive, liveStore, type StepThroughView } from '../agent/live-store';
import { followedValues, subscribeFollowed } from './sources';
import { registerStepThroughSource, stepThroughView } from './step-source';

const steps = AGENT_EXAMPLES.planResult.steps;
const through = (done: number, state: StepThroughView['state'] = 'active'): StepThroughView => ({
  topology: 'netns-veth',
  planHash: 'h',
  steps,
  done,
  state,
  runs: [],
  mine: true,
  waiting: false,
});

describe('the step-through as viewers follow it', () => {
  it('is the next command with its explanation, how far it is, and nothing when none runs', () => {
    expect(stepThroughView(initialLive)).toBeNull();
    const next = stepThroughView({ ...initialLive, stepThrough: through(0) });
    expect(next).toEqual({
      index: 0,
      total: steps.length,
      state: 'active',
      command: steps[0]?.argv.join(' '),
      explanation: steps[0]?.explanation,
    });
    // Once every command has run, the last one stays shown.
    const end = stepThroughView({ ...initialLive, stepThrough: through(steps.length, 'finished') });
    expect(end).toMatchObject({ index: steps.length, state: 'finished', explanation: steps.at(-1)?.explanation });
    // What the presenter sends passes the schema viewers check it by.
    expect(PresenterView.unwrap().shape.stepThrough.safeParse(next).success).toBe(true);
  });

  it('reaches the presenter update when the step-through moves', () => {
    const changed = vi.fn();
    const off = subscribeFollowed(changed);
    registerStepThroughSource();
    changed.mockClear();
    liveStore.setState({ stepThrough: through(1) });
    expect(changed).toHaveBeenCalled();
    expect(followedValues().stepThrough?.index).toBe(1);
    liveStore.setState({ stepThrough: null });
    expect(followedValues().stepThrough).toBeNull();
    off();
  });
});
