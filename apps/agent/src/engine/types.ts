import type { Change, Issue, Step, StepOp } from '@netloom/topology';

/** A plan step as the user sees it: what it does, where, and the exact standalone command. */
export type RenderedStep = {
  readonly index: number;
  readonly op: StepOp;
  /** Where the command runs; null is the root namespace. */
  readonly netns: string | null;
  /** The document id this step serves. */
  readonly object: string;
  /** One line for people, e.g. `create veth l1 (veth1 in netns1 <-> veth-ns1)`. */
  readonly summary: string;
  /** The equivalent standalone command, starting with `ip`. */
  readonly argv: readonly string[];
  readonly step: Step;
};

export type ChangeSummary = {
  readonly op: Change['op'];
  readonly key: string;
  readonly kind: string;
  readonly fields?: readonly string[];
};

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

export type FailedStep = {
  readonly step: RenderedStep;
  readonly exitCode: number;
  readonly stderr: string;
  readonly code: string;
};

export type ApplyOutcome =
  | { readonly ok: false; readonly reason: 'INVALID'; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly reason: 'PLAN_STALE'; readonly planHash: string }
  | {
      readonly ok: boolean;
      readonly reason?: 'COMMAND_FAILED' | 'NOT_CONVERGED';
      readonly topology: string;
      readonly planHash: string;
      readonly steps: readonly RenderedStep[];
      /** Steps that ran to completion (a prefix of `steps` when a step failed). */
      readonly completed: number;
      readonly failed?: FailedStep;
      /** Processes started to apply (batches count once). */
      readonly processes: number;
      readonly durationMs: number;
      /** What still differs after the apply, re-observed: empty on success. */
      readonly remaining: readonly ChangeSummary[];
    };

export type ApplyOptions = {
  /** Refuse with PLAN_STALE unless re-planning yields this hash. */
  readonly planHash?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly onCommand?: (event: CommandEvent) => void;
  readonly signal?: AbortSignal;
};

export type InterfaceStatus = {
  readonly netns: string | null;
  readonly ifname: string;
  readonly present: boolean;
  readonly admin?: 'up' | 'down';
  readonly oper?: string;
  readonly carrier?: boolean;
  readonly counters?: Counters;
};

export type Counters = {
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxPackets: number;
  readonly txPackets: number;
  readonly rxErrors: number;
  readonly txErrors: number;
  readonly rxDropped: number;
  readonly txDropped: number;
};

export type ObjectStatus = {
  readonly id: string;
  readonly kind: string;
  readonly state: 'present' | 'missing' | 'drifted';
  /** Fields that differ from the document (for `drifted`). */
  readonly fields?: readonly string[];
  readonly interfaces: readonly InterfaceStatus[];
};

export type StatusReport = {
  readonly topology: string;
  readonly converged: boolean;
  readonly objects: readonly ObjectStatus[];
  /** Marked interfaces of this topology that form no object; the next apply deletes them. */
  readonly orphans: readonly { readonly netns: string | null; readonly ifname: string }[];
};
