import { createHash } from 'node:crypto';

import { explainStep, renderCommand, summarize, type Change, type Step } from '@netloom/topology';

import type { ChangeSummary, RenderedStep } from './types';

export function renderSteps(steps: readonly Step[]): RenderedStep[] {
  return steps.map((step, index) => ({
    index,
    op: step.op,
    netns: step.netns,
    object: step.object,
    summary: summarize(step),
    explanation: explainStep(step),
    argv: renderCommand(step),
    step,
  }));
}

/** Identifies a plan: the same commands in the same order give the same hash. */
export function planHash(steps: readonly RenderedStep[]): string {
  const hash = createHash('sha256');
  for (const s of steps) hash.update(JSON.stringify(s.argv)).update('\n');
  return hash.digest('hex').slice(0, 32);
}

export function summarizeChanges(changes: readonly Change[]): ChangeSummary[] {
  return changes.map((c) => ({
    op: c.op,
    key: c.key,
    kind: c.op === 'create' ? c.after.kind : c.before.kind,
    ...((c.op === 'update' || c.op === 'replace') && { fields: c.fields }),
  }));
}
