import { batchLine, STAGES, stageOf, type Stage } from '@netloom/topology';

import type { BatchResult } from '../exec/batch';
import { runIpBatches } from '../exec/ip-fanout';
import type { CommandRunner } from '../exec/runner';
import { classifyIpError, isAlreadyGone } from '../iproute2/errors';
import type { CommandEvent, FailedStep, ProgressEvent, RenderedStep } from './types';

export type ExecuteReport = {
  readonly completed: number;
  readonly failed?: FailedStep;
  /** `ip -batch` processes started. */
  readonly processes: number;
};

export type ExecuteOptions = {
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly onCommand?: (event: CommandEvent) => void;
  readonly signal?: AbortSignal;
  /** Batches of different namespaces in flight at once (PERFORMANCE.md: 4 is the sweet spot on 2 cores). */
  readonly concurrency?: number;
  /**
   * Around the phase that creates things: before it starts, after each of its batches (whether
   * or not all its lines ran), and after it ends (also when stopped). The engine journals what
   * was made there, before the phase that marks it starts; the executor waits for each.
   */
  readonly beforeBuild?: () => Promise<void>;
  readonly onBuilt?: (stage: Stage, steps: readonly RenderedStep[]) => Promise<void> | void;
  readonly afterBuild?: () => Promise<void>;
};

const TEARDOWN: ReadonlySet<string> = new Set(['unconfigure', 'delete']);

/**
 * What one ip-fanout runs. Each teardown stage alone: its batches use `-force` and go on past a
 * failing line, so only the executor, reading the errors, can tell a deletion of what is already
 * gone from a real failure that must stop the apply. The stages that create devices together:
 * there any failure stops everything, which ip-fanout does itself (taps and tuns are marked there,
 * as they are made: see `atCreation`). Then `configure`, which marks the rest of what was created,
 * alone: an apply stopped (aborted, killed) before it leaves unmarked devices, the case the
 * journal is for, at a point the executor decides rather than a race with the helper.
 */
const PHASES: readonly (readonly Stage[])[] = [
  ...STAGES.filter((s) => TEARDOWN.has(s)).map((s) => [s]),
  STAGES.filter((s) => !TEARDOWN.has(s) && s !== 'configure'),
  ['configure'],
];

type Batch = { readonly netns: string | null; readonly steps: RenderedStep[] };

/**
 * Runs a plan stage by stage. Inside a stage, each namespace's steps go through one
 * `ip [-n NS] -batch -` process, several namespaces at once (the plan guarantees no step depends
 * on another namespace's step of the same stage). ip-fanout starts them (see PHASES), so Node
 * starts at most four processes per plan rather than one per namespace and stage. The first
 * failure stops the apply once the batches already running have finished; undoing what ran is
 * the engine's (rollback.ts), not the executor's.
 */
export async function executePlan(
  runner: CommandRunner,
  steps: readonly RenderedStep[],
  options: ExecuteOptions = {},
): Promise<ExecuteReport> {
  let completed = 0;
  let processes = 0;
  let batchIds = 0;
  let failed: FailedStep | undefined;
  for (const phase of PHASES) {
    // The phase's batches, stage by stage; ip-fanout runs a stage's at once and waits for them
    // before the next stage, and starts nothing more after a failure.
    // Teardown lines are independent of each other: run them all (-force), and count a deletion
    // whose target the kernel already removed along with something else as done.
    const batches = phase.flatMap((stage, group) =>
      groupByNetns(steps.filter((s) => stageOf(s.step) === stage)).map((batch) => ({
        ...batch,
        stage,
        group,
        force: TEARDOWN.has(stage),
      })),
    );
    if (batches.length === 0) continue;
    if (options.signal?.aborted === true) break;
    const builds = phase.some((stage) => !TEARDOWN.has(stage) && stage !== 'configure');
    if (builds) await options.beforeBuild?.();
    const firstId = batchIds;
    batchIds += batches.length;
    const jobs = batches.map(({ netns, steps: own, force, group }) => {
      const lines = own.map((s) => batchLine(s.step));
      return { netns, lines, force, timeoutMs: 30_000 + 50 * lines.length, group };
    });
    const noting: (Promise<void> | void)[] = [];
    const record = (index: number, result: BatchResult) => {
      const batch = batches[index];
      if (batch === undefined) return;
      processes += 1;
      if (builds) noting.push(options.onBuilt?.(batch.stage, batch.steps));
      if (result.processError !== undefined) {
        const first = batch.steps[0];
        if (first !== undefined && failed === undefined) {
          failed = {
            step: first,
            exitCode: result.exitCode,
            stderr: result.processError,
            code: classifyIpError(result.processError, result.timedOut),
          };
        }
        return;
      }
      const { force } = batch;
      const failedAt = new Map(result.failures.map((f) => [f.line, f.stderr]));
      const ran = force || result.failures.length === 0 ? batch.steps.length : (result.failures[0]?.line ?? 0) + 1;
      batch.steps.slice(0, ran).forEach((s, i) => {
        const stderr = failedAt.get(i);
        const gone = stderr !== undefined && isAlreadyGone(s.op, stderr);
        options.onCommand?.({
          netns: s.netns,
          argv: s.argv,
          exitCode: stderr === undefined ? 0 : result.exitCode,
          stderr: stderr ?? '',
          durationMs: result.durationMs,
          stepIndex: s.index,
          ...(gone && { alreadyGone: true }),
          ...(batch.steps.length > 1 && { batch: { id: firstId + index + 1, size: batch.steps.length } }),
        });
        if (stderr === undefined || gone) completed += 1;
        else if (failed === undefined)
          failed = { step: s, exitCode: result.exitCode, stderr, code: classifyIpError(stderr, result.timedOut) };
      });
      options.onProgress?.({ done: completed, total: steps.length, stage: batch.stage });
    };
    await runIpBatches(runner, jobs, {
      concurrency: options.concurrency ?? 4,
      onResult: record,
      ...(options.signal && { signal: options.signal }),
    });
    await Promise.all(noting);
    if (builds) await options.afterBuild?.();
    if (failed !== undefined) break;
  }
  return { completed, processes, ...(failed !== undefined && { failed }) };
}

/** One batch per namespace, in the order the plan first mentions them. */
function groupByNetns(steps: readonly RenderedStep[]): Batch[] {
  const byNetns = new Map<string | null, RenderedStep[]>();
  for (const s of steps) {
    const list = byNetns.get(s.netns) ?? [];
    list.push(s);
    byNetns.set(s.netns, list);
  }
  return [...byNetns].map(([netns, list]) => ({ netns, steps: list }));
}
