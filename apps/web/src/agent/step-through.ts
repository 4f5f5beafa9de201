import type { Document } from '@netloom/topology';

import { planRun } from './actions';
import { agent } from './connection';
import { liveStore, setLive, type LiveState, type StepThroughView } from './live-store';

/**
 * The step-through from the page's side: Step starts it with the current plan, then Next, Back,
 * Run to end and Stop move it; the agent runs each command and answers with `stepState`
 * (handle-message.ts keeps it as `LiveState.stepThrough`).
 */

/** Where a step-through stands, for whoever follows it (the viewers of a presenter's page). */
export type StepProgress = {
  readonly topology: string;
  /** Plan steps run so far; the next one to run is this index. */
  readonly index: number;
  readonly total: number;
  /** `running`: steps may still be taken; `done`: run to its end; `stopped`: ended before it. */
  readonly state: 'running' | 'done' | 'stopped';
  /** The document id the next command serves (what the canvas highlights); null when none is left. */
  readonly object: string | null;
};

/** The step-through's progress in `state` (default: now), or null when none has run on this page. */
export function stepThroughProgress(state: LiveState = liveStore.getState()): StepProgress | null {
  const s = state.stepThrough;
  if (s === null) return null;
  return {
    topology: s.topology,
    index: s.done,
    total: s.steps.length,
    state: s.state === 'finished' ? 'done' : s.state === 'stopped' ? 'stopped' : 'running',
    object: nextObject(s),
  };
}

/** The object of the command that runs next, while the step-through is going. */
export function nextObject(s: StepThroughView | null): string | null {
  if (s === null || (s.state !== 'active' && s.state !== 'starting')) return null;
  return s.steps[s.done]?.object ?? null;
}

/**
 * Starts a step-through of the current plan (same rules as Apply: the plan must be of this
 * document). `force` is the person's yes to the agent's CONFIRM_REQUIRED (ConfirmApply asks).
 */
export function startStepThrough(doc: Document, { force = false }: { readonly force?: boolean } = {}): void {
  const run = planRun(doc, force);
  if (run === null) return;
  const { plan, fields } = run;
  const id = agent.send({ type: 'stepStart', ...fields });
  if (id !== null)
    setLive({
      error: null,
      confirm: null,
      stepThrough: {
        topology: plan.topology,
        planHash: plan.planHash,
        steps: plan.steps,
        done: 0,
        state: 'starting',
        runs: [],
        mine: true,
        waiting: true,
      },
    });
}

type Move = 'stepNext' | 'stepBack' | 'stepRunToEnd';

function move(type: Move): void {
  const s = liveStore.getState().stepThrough;
  if (s === null || !s.mine || s.waiting || s.state !== 'active') return;
  const id = agent.send({ type, topology: s.topology, planHash: s.planHash, index: s.done });
  if (id !== null) setLive({ stepThrough: { ...s, waiting: true } });
}

export const stepNext = (): void => move('stepNext');
export const stepBack = (): void => move('stepBack');
export const stepRunToEnd = (): void => move('stepRunToEnd');

export function stepStop(): void {
  const s = liveStore.getState().stepThrough;
  if (s === null || !s.mine || s.state !== 'active') return;
  const id = agent.send({ type: 'stepStop', topology: s.topology });
  if (id !== null) setLive({ stepThrough: { ...s, waiting: true } });
}

/** Closes a finished or stopped step-through's panel content. */
export function dismissStepThrough(): void {
  const s = liveStore.getState().stepThrough;
  if (s !== null && (s.state === 'finished' || s.state === 'stopped')) setLive({ stepThrough: null });
}
