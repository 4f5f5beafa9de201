import { inverseStep, type Snapshot, type Step } from '@netloom/topology';

import type { ChangeSummary, StepRun } from '@netloom/protocol';

import { renderSteps } from './render';
import type { ApplyOptions, CommandEvent, RenderedStep } from './types';
import type { ExecuteReport } from './execute';

/**
 * One plan run a command at a time (the designer's Step): the plan was made, checked and
 * confirmed like an apply's (engine `prepare`), the journal holds it like an apply's, and the
 * apply lock stays held until the session ends, so no other apply (CLI or client) runs between
 * two steps. Going back runs the inverse of the last command (`inverseStep`), derived from the
 * kernel as read just before that command ran. A failed command is not rolled back: the session
 * stays where it was, and the person retries, goes back or stops.
 */
export type StepperDeps = {
  readonly topology: string;
  readonly planHash: string;
  readonly steps: readonly RenderedStep[];
  /** Runs steps through the executor, journaling what they make (the engine's `execute`). */
  readonly execute: (steps: readonly RenderedStep[], options: ApplyOptions) => Promise<ExecuteReport>;
  /** The kernel now, for the previous values an inverse needs. */
  readonly read: () => Promise<Snapshot>;
  /** What still differs from the document, read whole. */
  readonly differences: () => Promise<readonly ChangeSummary[]>;
  /** Before the first command runs: the topology is this document's from then on (applied record). */
  readonly remember: () => Promise<string>;
  readonly clearJournal: () => Promise<void>;
  /** Releases the apply lock; the session is over. */
  readonly release: () => Promise<void>;
};

/** Steps whose inverse needs what the kernel held before they ran. */
const NEEDS_BEFORE: ReadonlySet<Step['op']> = new Set([
  'link.set',
  'sysctl.set',
  'nat.set',
  'nat.del',
  'qdisc.set',
  'qdisc.del',
]);

export type StepOutcome =
  { readonly ok: true; readonly run: StepRun } | { readonly ok: false; readonly refused: string };

export class Stepper {
  /** Steps run, in order: `done` is the index of the next one. */
  private readonly undo: { readonly index: number; readonly before: Snapshot | null }[] = [];
  /** The revision of the document recorded as applied, once the first command ran. */
  private revisionRecorded: string | undefined;
  private ended = false;
  readonly history: StepRun[] = [];

  private readonly deps: StepperDeps;

  constructor(deps: StepperDeps) {
    this.deps = deps;
  }

  get topology(): string {
    return this.deps.topology;
  }
  get planHash(): string {
    return this.deps.planHash;
  }
  get steps(): readonly RenderedStep[] {
    return this.deps.steps;
  }
  get done(): number {
    return this.undo.length;
  }
  get revision(): string | undefined {
    return this.revisionRecorded;
  }
  get isEnded(): boolean {
    return this.ended;
  }

  /** Runs the next command. Its failure leaves `done` where it was. */
  async next(options: ApplyOptions): Promise<StepOutcome> {
    const step = this.deps.steps[this.done];
    if (this.ended || step === undefined) return { ok: false, refused: 'every command of the plan has run' };
    const before = NEEDS_BEFORE.has(step.step.op) ? await this.deps.read() : null;
    this.revisionRecorded ??= await this.deps.remember();
    const run = await this.runOne('forward', step.index, step, options);
    if (run.ok) this.undo.push({ index: step.index, before });
    return { ok: true, run };
  }

  /** Runs the inverse of the last command that ran; refused when none can be derived. */
  async back(options: ApplyOptions): Promise<StepOutcome> {
    const last = this.undo[this.undo.length - 1];
    const step = last === undefined ? undefined : this.deps.steps[last.index];
    if (this.ended || last === undefined || step === undefined) return { ok: false, refused: 'no command has run yet' };
    const inverse = inverseStep(step.step, last.before ?? { root: [], namespaces: [] });
    if (!inverse.ok) return { ok: false, refused: `step ${last.index + 1} cannot be undone: ${inverse.refused}` };
    const [command] = renderSteps(inverse.steps).map((s) => ({ ...s, index: last.index }));
    if (command === undefined) {
      this.undo.pop();
      const run: StepRun = {
        direction: 'back',
        index: last.index,
        ok: true,
        exitCode: 0,
        output: '',
        durationMs: 0,
        note: 'nothing to run: this change goes with the object it belongs to',
      };
      this.history.push(run);
      return { ok: true, run };
    }
    const run = await this.runOne('back', last.index, command, options);
    if (run.ok) this.undo.pop();
    return { ok: true, run };
  }

  /** Runs the rest of the plan at once, reads the kernel back and ends the session. */
  async runToEnd(
    options: ApplyOptions,
  ): Promise<{ readonly completed: number; readonly failed?: StepRun; readonly remaining: readonly ChangeSummary[] }> {
    const rest = this.deps.steps.slice(this.done);
    if (rest.length > 0) this.revisionRecorded ??= await this.deps.remember();
    const commands: CommandEvent[] = [];
    const report = await this.deps.execute(rest, {
      ...options,
      onCommand: (e) => (options.onCommand?.(e), commands.push(e)),
    });
    for (const s of rest.slice(0, report.completed)) this.undo.push({ index: s.index, before: null });
    const failed: StepRun | undefined =
      report.failed === undefined
        ? undefined
        : {
            direction: 'forward',
            index: report.failed.step.index,
            command: report.failed.step,
            ok: false,
            exitCode: report.failed.exitCode,
            output: trim(report.failed.stderr),
            durationMs: 0,
          };
    if (failed !== undefined) this.history.push(failed);
    const remaining = await this.deps.differences();
    if (failed === undefined && remaining.length === 0) await this.deps.clearJournal();
    await this.end();
    return { completed: report.completed, ...(failed !== undefined && { failed }), remaining };
  }

  /**
   * Ends the session and releases the lock, leaving the kernel as it is. The journal stays (unless
   * the plan converged): what the steps made is proven and taken over, or removed, by the next
   * apply or `down`, exactly as after an interrupted apply.
   */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.deps.release();
  }

  private async runOne(
    direction: StepRun['direction'],
    index: number,
    command: RenderedStep,
    options: ApplyOptions,
  ): Promise<StepRun> {
    let answer: CommandEvent | undefined;
    const report = await this.deps.execute([command], {
      ...options,
      onCommand: (e) => {
        answer = e;
        options.onCommand?.(e);
      },
    });
    const failed = report.failed;
    const run: StepRun = {
      direction,
      index,
      command,
      ok: failed === undefined,
      exitCode: failed?.exitCode ?? answer?.exitCode ?? 0,
      output: trim(failed?.stderr ?? answer?.stderr ?? ''),
      durationMs: answer?.durationMs ?? 0,
      ...(answer?.alreadyGone === true && { note: 'it was already gone' }),
    };
    this.history.push(run);
    return run;
  }
}

/** The kernel's answer as people read it: at most 2000 characters, no trailing blank lines. */
const trim = (text: string): string => {
  const t = text.trim();
  return t.length > 2000 ? `${t.slice(0, 2000)}…` : t;
};
