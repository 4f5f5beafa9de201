import type { PresenterView } from '@netloom/protocol';
import { commandLine } from '@netloom/topology';

import { liveStore, type LiveState } from '../agent/live-store';
import { registerFollowedSource } from './sources';

/**
 * The presenter's step-through as viewers follow it: how far it is, and the command shown next
 * (or, once every command has run, the last one) with its explanation, as the Step panel shows
 * them. Viewers draw it below their canvas (FollowPanel); they never move it.
 */
export function stepThroughView(state: LiveState): PresenterView['stepThrough'] {
  const s = state.stepThrough;
  if (s === null) return null;
  const shown = s.steps[s.done] ?? s.steps[s.done - 1];
  return {
    index: s.done,
    total: s.steps.length,
    state: s.state,
    ...(shown !== undefined && {
      command: commandLine(shown.argv).slice(0, 2000),
      ...(shown.explanation !== undefined && { explanation: shown.explanation.slice(0, 2000) }),
    }),
  };
}

let registered = false;

export function registerStepThroughSource(): void {
  if (registered) return;
  registered = true;
  registerFollowedSource('stepThrough', {
    get: () => stepThroughView(liveStore.getState()),
    subscribe: (listener) => liveStore.subscribe((s, prev) => s.stepThrough !== prev.stepThrough && listener()),
  });
}
