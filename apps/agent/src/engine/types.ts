import type { ChangeSummary, FailedStep, RenderedStep, RollbackResult } from '@netloom/protocol';
import type { Issue } from '@netloom/topology';

import type { CheckedText } from './applied';
import type { Confirmation, Lineage } from './confirm';

/** The shapes the engine shares with the wire are the protocol's schemas: one source for both. */
export type {
  ChangeSummary,
  CounterValues as Counters,
  FailedStep,
  InterfaceStatus,
  ObjectStatus,
  RenderedStep,
  RollbackResult,
  StatusReport,
} from '@netloom/protocol';

export type PlanOutcome =
  | { readonly ok: false; readonly issues: readonly Issue[] }
  | {
      readonly ok: true;
      readonly topology: string;
      readonly changes: readonly ChangeSummary[];
      readonly steps: readonly RenderedStep[];
      /** Hash of the steps: `apply` quoting a different one is refused as stale. */
      readonly planHash: string;
    };

/** One command the agent ran (a batch line is reported as its standalone equivalent). */
export type CommandEvent = {
  readonly netns: string | null;
  readonly argv: readonly string[];
  /** 0 for lines that succeeded; the process's exit code for the line that failed. */
  readonly exitCode: number;
  readonly stderr: string;
  /** Wall time of the whole batch process this line ran in. */
  readonly durationMs: number;
  /** Present when the line ran inside an `ip -batch` process with others. */
  readonly batch?: { readonly id: number; readonly size: number };
  readonly stepIndex?: number;
  /** A deletion whose target was already gone (removed by the kernel with something else): counted as done. */
  readonly alreadyGone?: boolean;
};

export type ProgressEvent = { readonly done: number; readonly total: number; readonly stage: string };

export type ApplyOutcome =
  | { readonly ok: false; readonly reason: 'INVALID'; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly reason: 'PLAN_STALE'; readonly planHash: string }
  /** Nothing ran: the person must confirm (`force`). */
  | { readonly ok: false; readonly reason: 'CONFIRM_REQUIRED'; readonly confirmation: Confirmation }
  | {
      readonly ok: boolean;
      readonly reason?: 'COMMAND_FAILED' | 'NOT_CONVERGED';
      readonly topology: string;
      readonly planHash: string;
      readonly steps: readonly RenderedStep[];
      /** Steps that ran to completion; after a failure, only those known to have run. */
      readonly completed: number;
      readonly failed?: FailedStep;
      /** Processes started to apply (batches count once). */
      readonly processes: number;
      readonly durationMs: number;
      /** What still differs after the apply, re-observed: empty on success. */
      readonly remaining: readonly ChangeSummary[];
      /** The revision of the document now applied (an apply that ran, or found nothing to do). */
      readonly revision?: string;
      /** After a failed command: how the topology was returned to its state before the apply (engine/rollback.ts). */
      readonly rolledBack?: RollbackResult;
    };

export type ApplyOptions = {
  /** Refuse with PLAN_STALE unless re-planning yields this hash. */
  readonly planHash?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly onCommand?: (event: CommandEvent) => void;
  readonly signal?: AbortSignal;
  /** The person confirmed: apply even an apply that needs confirmation (engine/confirm.ts). */
  readonly force?: boolean;
  /** Which document this apply continues; without it, only an apply deleting everything needs confirming. */
  readonly lineage?: Lineage;
  /** Keep what an apply whose command failed did, instead of returning to the state before it. */
  readonly noRollback?: boolean;
  /** The text the document was checked from (the CLI's file): recorded, so the same text is not checked again. */
  readonly checked?: CheckedText;
};
