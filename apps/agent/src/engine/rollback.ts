import {
  assembleState,
  type KernelState,
  type NamespaceNames,
  type Observed,
  type Snapshot,
  type Step,
} from '@netloom/topology';

import type { CommandRunner } from '../exec/runner';
import { readRouting, type KernelReading } from '../observe/observe';
import type { ExecuteReport } from './execute';
import type { Journal, JournalEntries } from './journal';
import type { ApplyOptions, ChangeSummary, PlanOutcome, RenderedStep, RollbackResult } from './types';

/**
 * Rollback: when a command of an apply fails for a reason no check foresaw, the topology goes
 * back to the state the agent observed before the apply. That state is a desired state like
 * any other (the objects this topology owned, as the kernel had them: names, addresses, MTUs,
 * MACs, masters, routes where they were read), so the rollback is an ordinary reconcile toward it.
 */

/**
 * The state to return to if the apply fails: the topology as observed before it, with the routes
 * and forwarding of the namespaces the plan deletes read now (they are read only where the
 * document manages them, and a deleted namespace takes them along). A process per such namespace,
 * only when the plan deletes namespaces.
 */
export async function rollbackTarget(
  runner: CommandRunner,
  topology: string,
  observed: Observed,
  reading: KernelReading,
  steps: readonly Step[],
  names: NamespaceNames,
): Promise<KernelState> {
  const deleted = new Set(steps.flatMap((s) => (s.op === 'netns.del' ? [s.name] : [])));
  const unread = new Set(
    [...observed.state.values()].flatMap((o) =>
      o.kind === 'netns' && deleted.has(o.name) && o.routes === undefined ? [o.name] : [],
    ),
  );
  if (unread.size === 0) return observed.state;
  return assembleState(await readRouting(runner, reading.snapshot, unread), topology, undefined, names).state;
}

/** The engine's own steps, which a rollback runs again toward another desired state. */
export type RollbackDeps = {
  readonly journal: Pick<Journal, 'record' | 'clear'>;
  readonly observe: (
    topology: string,
    desired: KernelState,
  ) => Promise<{ observed: Observed; reading: KernelReading; journal: JournalEntries }>;
  readonly planAgainst: (topology: string, desired: KernelState, observed: Observed, snapshot: Snapshot) => PlanOutcome;
  readonly execute: (topology: string, steps: readonly RenderedStep[], options: ApplyOptions) => Promise<ExecuteReport>;
  readonly verify: (
    topology: string,
    desired: KernelState,
    before: KernelReading,
    steps: readonly Step[],
  ) => Promise<{ remaining: ChangeSummary[]; clean: boolean }>;
  readonly diff: (desired: KernelState, observed: Observed) => ChangeSummary[];
};

/**
 * Plans `topology` back to `target`, runs that plan and reads the result back. Its commands are
 * reported like the apply's (without step indexes: they are not the plan's), its progress under
 * stages named `rollback: <stage>`.
 */
export async function rollBack(
  deps: RollbackDeps,
  topology: string,
  target: KernelState,
  options: Pick<ApplyOptions, 'onCommand' | 'onProgress'>,
): Promise<RollbackResult> {
  const { observed, reading, journal } = await deps.observe(topology, target);
  const plan = deps.planAgainst(topology, target, observed, reading.snapshot);
  if (!plan.ok) {
    // Someone put an interface in a namespace the apply made: deleting it is not ours to do.
    return { ok: false, completed: 0, total: 0, processes: 0, remaining: deps.diff(target, observed) };
  }
  const steps = plan.steps.map((s) => s.step);
  if (steps.length > 0) await deps.journal.record(topology, steps, journal);
  const report = await deps.execute(topology, plan.steps, {
    ...(options.onCommand !== undefined && {
      onCommand: ({ stepIndex: _, ...event }) => options.onCommand?.(event),
    }),
    ...(options.onProgress !== undefined && {
      onProgress: (event) => options.onProgress?.({ ...event, stage: `rollback: ${event.stage}` }),
    }),
  });
  const after = await deps.verify(topology, target, reading, steps);
  if (after.clean) await deps.journal.clear(topology);
  return {
    ok: report.failed === undefined && after.clean,
    completed: report.completed,
    total: steps.length,
    processes: report.processes,
    ...(report.failed !== undefined && { failed: report.failed }),
    remaining: after.remaining,
  };
}
