import { Check, Step } from '@netloom/topology';
import { z } from 'zod';

import { CounterValues, list } from './common';

/** Pieces of the agent's answers that several messages share. */

const CheckType = z.lazy(() => z.enum(Check.unwrap().options.map((o) => o.unwrap().shape.type.value)));

/** One plan step as the user sees it, with the exact standalone command. */
export const RenderedStep = z.lazy(() =>
  z.strictObject({
    index: z.int().nonnegative(),
    op: z.string(),
    /** Where the command runs; null is the root namespace. */
    netns: z.string().nullable(),
    /** The document id this step serves. */
    object: z.string(),
    /** One line for people, e.g. `create veth l1 (veth1 in netns1 <-> veth-ns1)`. */
    summary: z.string(),
    /** One plain-language sentence on what the command does, for learners (`explainStep`). */
    explanation: z.string(),
    /** The equivalent standalone command, starting with `ip`. */
    argv: list(z.string()),
    step: Step,
  }),
);
export type RenderedStep = z.infer<typeof RenderedStep>;

/**
 * One command of a step-through and the kernel's answer: a plan step run forward, or the inverse
 * that undid it (`back`). `index` is the plan step it concerns; `command` is absent when going
 * back needed no command (`note` says why).
 */
export const StepRun = z.lazy(() =>
  z.strictObject({
    direction: z.enum(['forward', 'back']),
    index: z.int().nonnegative(),
    command: RenderedStep.optional(),
    ok: z.boolean(),
    exitCode: z.int(),
    /** What the command printed (iproute2 prints only on failure), trimmed. */
    output: z.string(),
    durationMs: z.number().nonnegative(),
    note: z.string().optional(),
  }),
);
export type StepRun = z.infer<typeof StepRun>;

/** One object that differs between the document and the kernel. */
export const ChangeSummary = z.lazy(() =>
  z.strictObject({
    op: z.enum(['create', 'update', 'replace', 'delete']),
    key: z.string(),
    kind: z.string(),
    /** The fields that differ, for update and replace. */
    fields: list(z.string()).optional(),
  }),
);
export type ChangeSummary = z.infer<typeof ChangeSummary>;

export const FailedStep = z.lazy(() =>
  z.strictObject({
    step: RenderedStep,
    exitCode: z.int(),
    stderr: z.string(),
    /** The classified iproute2 error (`EXISTS`, `NO_DEVICE`, ...). */
    code: z.string(),
  }),
);
export type FailedStep = z.infer<typeof FailedStep>;

/**
 * How an apply whose command failed was undone: the topology planned back to the state the agent
 * observed before the apply, that plan run and read back. `ok`: the kernel holds the topology as
 * it was (objects the apply deleted are made again, with the same names, addresses and MACs).
 */
export const RollbackResult = z.lazy(() =>
  z.strictObject({
    ok: z.boolean(),
    /** Steps of the rollback that ran to completion, of `total`. */
    completed: z.int().nonnegative(),
    total: z.int().nonnegative(),
    processes: z.int().nonnegative(),
    failed: FailedStep.optional(),
    /** What still differs from the state before the apply, re-observed: empty when `ok`. */
    remaining: list(ChangeSummary),
  }),
);
export type RollbackResult = z.infer<typeof RollbackResult>;

export const InterfaceStatus = z.lazy(() =>
  z.strictObject({
    netns: z.string().nullable(),
    ifname: z.string(),
    present: z.boolean(),
    admin: z.enum(['up', 'down']).optional(),
    /** The kernel's operstate (`UP`, `DOWN`, `LOWERLAYERDOWN`, `UNKNOWN`, ...). */
    oper: z.string().optional(),
    carrier: z.boolean().optional(),
    counters: CounterValues.optional(),
  }),
);
export type InterfaceStatus = z.infer<typeof InterfaceStatus>;

export const ObjectStatus = z.lazy(() =>
  z.strictObject({
    id: z.string(),
    kind: z.string(),
    state: z.enum(['present', 'missing', 'drifted']),
    fields: list(z.string()).optional(),
    interfaces: list(InterfaceStatus),
  }),
);
export type ObjectStatus = z.infer<typeof ObjectStatus>;

export const StatusReport = z.lazy(() =>
  z.strictObject({
    topology: z.string(),
    converged: z.boolean(),
    objects: list(ObjectStatus),
    /** Marked interfaces that form no object; the next apply deletes them. */
    orphans: list(z.strictObject({ netns: z.string().nullable(), ifname: z.string() })),
  }),
);
export type StatusReport = z.infer<typeof StatusReport>;

/** The state of one owned interface: admin flag, the kernel's operstate and carrier. */
export const LinkStateEntry = z.lazy(() =>
  z.strictObject({
    topology: z.string(),
    /** The document id (and veth end) from the ownership marker, e.g. `l1/a`. */
    object: z.string(),
    netns: z.string().nullable(),
    ifname: z.string(),
    admin: z.enum(['up', 'down']),
    oper: z.string(),
    carrier: z.boolean(),
    /** Absent when the interface is gone (deleted by hand or by `down`). */
    present: z.boolean(),
  }),
);
export type LinkStateEntry = z.infer<typeof LinkStateEntry>;

/** Who applied a topology last: the CLI from a file (its absolute path), or the designer. */
export const AppliedFrom = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.literal('file'), path: z.string() }),
    z.strictObject({ kind: z.literal('designer') }),
  ]),
);
export type AppliedFrom = z.infer<typeof AppliedFrom>;

/** One topology applied on this host: its objects carry its marker in the kernel. */
export const HostTopology = z.lazy(() =>
  z.strictObject({
    name: z.string(),
    /** Namespaces whose `lo` carries its marker. */
    namespaces: z.int().nonnegative(),
    /** Interfaces carrying its marker, in every namespace. */
    interfaces: z.int().nonnegative(),
    /** Objects that no longer match its applied document (as `drift` reports them). */
    drifted: z.int().nonnegative(),
    /** When it was applied last (ms since the epoch); absent when no record says. */
    appliedAt: z.number().nonnegative().optional(),
    appliedFrom: AppliedFrom.optional(),
    /** The applied document's revision; absent when no document is recorded, so it cannot be opened. */
    revision: z.string().optional(),
  }),
);
export type HostTopology = z.infer<typeof HostTopology>;

export const ReachabilityPair = z.lazy(() =>
  z.strictObject({
    /** The source namespace (null: root). */
    from: z.string().nullable(),
    to: z.string(),
    /** The interface that holds `to`, as `netns/ifname`. */
    toInterface: z.string(),
    reachable: z.boolean(),
    rttMs: z.number().nonnegative().optional(),
  }),
);
export type ReachabilityPair = z.infer<typeof ReachabilityPair>;

/**
 * One check of a lesson against the live kernel: where it is in the document
 * (`lesson.steps[step].checks[index]`), whether the kernel shows what it asks, and why, in one line.
 */
export const CheckResult = z.lazy(() =>
  z.strictObject({
    step: z.int().nonnegative(),
    index: z.int().nonnegative(),
    /** The check's `type` (`ping`, `exists`, `linkState`, `route`, `inNamespace`, `fdb`). */
    check: CheckType,
    ok: z.boolean(),
    /** One line for people: `reply from 10.1.1.1 in 0.05 ms`, `veth1 is in netns2, not netns1`. */
    reason: z.string(),
  }),
);
export type CheckResult = z.infer<typeof CheckResult>;
