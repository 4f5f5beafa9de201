import { z } from 'zod';

import { CaptureStarted, CaptureStopped, Packets } from './capture';
import { CounterValues, DocumentPayload, list, Rates, RequestId, Stream, Timestamp } from './common';
import { ConfirmReason, ErrorCode, WireIssue } from './errors';
import { PresenterView, SessionRole } from './presenter';
import {
  AppliedFrom,
  ChangeSummary,
  FailedStep,
  HostTopology,
  LinkStateEntry,
  ReachabilityPair,
  CheckResult,
  RenderedStep,
  RollbackResult,
  StatusReport,
  StepRun,
} from './results';
import { Tables, TablesWatched } from './tables';
import { TrafficResult, TrafficStarted, TrafficStopped } from './traffic';

/** What the agent sends. Answers and progress repeat the request's `id`; telemetry has none. */

export const HelloReply = z.lazy(() =>
  z.strictObject({
    type: z.literal('hello'),
    protocolVersion: z.int(),
    /** The agent's package version, for display. */
    agentVersion: z.string(),
    /** What this session may do: `viewer` watches only (the viewer link's token opened it). */
    role: SessionRole.optional(),
  }),
);

export const PlanResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('planResult'),
    id: RequestId,
    topology: z.string(),
    changes: list(ChangeSummary),
    steps: list(RenderedStep),
    /** Quote it in `apply`. */
    planHash: z.string(),
  }),
);

/**
 * Progress of an apply or down. Broadcast to every client: `origin` is true only on the
 * connection that asked, and `id` is the asking client's request id.
 */
export const Progress = z.lazy(() =>
  z.strictObject({
    type: z.literal('progress'),
    id: RequestId,
    topology: z.string(),
    done: z.int().nonnegative(),
    total: z.int().nonnegative(),
    stage: z.string(),
  }),
);

/** One command the agent ran (a batch line as its standalone equivalent). Broadcast. */
export const CommandRun = z.lazy(() =>
  z.strictObject({
    type: z.literal('command'),
    id: RequestId,
    topology: z.string(),
    /** Where it ran; null is the root namespace. */
    namespace: z.string().nullable(),
    argv: list(z.string()),
    /** 0 when the line succeeded. */
    exitCode: z.int(),
    stderr: z.string(),
    /** Wall time of the process the line ran in (a batch counts once). */
    durationMs: z.number().nonnegative(),
    batch: z.strictObject({ id: z.int(), size: z.int() }).optional(),
    stepIndex: z.int().optional(),
  }),
);

const RunFields = {
  id: RequestId,
  ok: z.boolean(),
  topology: z.string(),
  /** Steps that ran to completion. */
  completed: z.int().nonnegative(),
  total: z.int().nonnegative(),
  failed: FailedStep.optional(),
  /** Processes started (a batch counts once): 0 when nothing needed changing. */
  processes: z.int().nonnegative(),
  durationMs: z.number().nonnegative(),
};

/** The end of an apply, broadcast. `remaining` is what still differs, re-observed: empty on success. */
export const ApplyResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('applyResult'),
    ...RunFields,
    planHash: z.string(),
    reason: z.enum(['COMMAND_FAILED', 'NOT_CONVERGED']).optional(),
    remaining: list(ChangeSummary),
    /**
     * Names the document now applied under this topology (set once any command ran, or when
     * nothing needed changing): quote it as `basedOn` in the next apply of the same drawing.
     */
    revision: z.string().optional(),
    /** Present when a command failed and the apply was rolled back (not asked with `noRollback`). */
    rolledBack: RollbackResult.optional(),
  }),
);

export const DownResult = z.lazy(() => z.strictObject({ type: z.literal('downResult'), ...RunFields }));

/**
 * Where a step-through stands, broadcast after every change (start, each command, back, run to
 * end, stop) so every client can follow it. `done` is how many plan steps have run: the next
 * one is `steps[done]`. `state`: `active` while commands remain or the session is open,
 * `finished` once run to end, `stopped` when stopped (or its client left) with the kernel as it is.
 */
export const StepState = z.lazy(() =>
  z.strictObject({
    type: z.literal('stepState'),
    id: RequestId,
    topology: z.string(),
    planHash: z.string(),
    steps: list(RenderedStep),
    done: z.int().nonnegative(),
    state: z.enum(['active', 'finished', 'stopped']),
    /** The command that ran for this request (absent for start and stop). */
    last: StepRun.optional(),
    /** After run to end: what still differs from the document, re-observed (empty: converged). */
    remaining: list(ChangeSummary).optional(),
    /** Once a command ran: the revision of the document now recorded as applied (as in `applyResult`). */
    revision: z.string().optional(),
  }),
);

export const StatusResult = z.lazy(() =>
  z.strictObject({ type: z.literal('statusResult'), id: RequestId, report: StatusReport }),
);

export const SetLinkStateResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('setLinkStateResult'),
    id: RequestId,
    netns: z.string().nullable(),
    ifname: z.string(),
    up: z.boolean(),
  }),
);

export const Subscribed = z.lazy(() =>
  z.strictObject({ type: z.literal('subscribed'), id: RequestId, streams: list(Stream) }),
);

/**
 * Link state of owned interfaces: on subscribe every one (`snapshot: true`), then those that
 * changed. A slow client may see several changes folded into one (latest value wins).
 */
export const LinkState = z.lazy(() =>
  z.strictObject({
    type: z.literal('linkState'),
    at: Timestamp,
    snapshot: z.boolean(),
    links: list(LinkStateEntry),
  }),
);

export const CounterSample = z.lazy(() =>
  z.strictObject({
    topology: z.string(),
    object: z.string(),
    netns: z.string().nullable(),
    ifname: z.string(),
    counters: CounterValues,
    /** Absent on the first sample of an interface. */
    rates: Rates.optional(),
  }),
);

/**
 * Counters, one message per poll (1 Hz by default). `full`: every owned interface (the first
 * message after subscribing); otherwise only interfaces whose counters moved since the previous
 * poll, plus those that just stopped moving (with zero rates). An absent interface kept its values.
 */
export const Counters = z.lazy(() =>
  z.strictObject({
    type: z.literal('counters'),
    at: Timestamp,
    full: z.boolean(),
    interfaces: list(CounterSample),
  }),
);

export const PingStarted = z.lazy(() =>
  z.strictObject({ type: z.literal('pingStarted'), id: RequestId, probeId: z.string() }),
);

/**
 * One echo of a probe: the reply's round trip, a timeout (no answer before the next request was
 * due), or an ICMP error from a router or the sender itself (`detail`, e.g. Destination Host Unreachable).
 */
export const Ping = z.lazy(() =>
  z.strictObject({
    type: z.literal('ping'),
    probeId: z.string(),
    seq: z.int().nonnegative(),
    status: z.enum(['reply', 'timeout', 'unreachable']),
    rttMs: z.number().nonnegative().optional(),
    detail: z.string().optional(),
    at: Timestamp,
  }),
);

/** The probe ended: stopped by the client, or its process exited (`reason` says why). */
export const PingStopped = z.lazy(() =>
  z.strictObject({
    type: z.literal('pingStopped'),
    probeId: z.string(),
    id: RequestId.optional(),
    reason: z.string(),
  }),
);

export const ReachabilityResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('reachabilityResult'),
    id: RequestId,
    topology: z.string(),
    pairs: list(ReachabilityPair),
    durationMs: z.number().nonnegative(),
  }),
);

/** The answer to `runChecks`, and to each run of a `watchChecks` (the steps it ran): one result per check run, in document order. */
export const CheckResults = z.lazy(() =>
  z.strictObject({
    type: z.literal('checkResults'),
    id: RequestId,
    topology: z.string(),
    results: list(CheckResult),
    durationMs: z.number().nonnegative(),
  }),
);

/** Owned objects that no longer match the last applied document (or vanished): `plan` shows the repair. */
export const Drift = z.lazy(() =>
  z.strictObject({
    type: z.literal('drift'),
    at: Timestamp,
    topology: z.string(),
    changes: list(ChangeSummary),
  }),
);

/**
 * A topology the agent knew as applied is applied nowhere any more, taken down outside this agent
 * (`netloom down` from the CLI): pages drawing it stop offering it kernel actions. Sent to every
 * client, as the `downResult` of a `down` through the agent is, when the agent next compares the
 * applied documents with the kernel (after the teardown's own link events).
 */
export const TopologyRemoved = z.lazy(() =>
  z.strictObject({
    type: z.literal('topologyRemoved'),
    at: Timestamp,
    topology: z.string(),
  }),
);

/** The answer to `hostTopologies`: every topology with objects in the kernel, by name. */
export const HostTopologiesResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('hostTopologiesResult'),
    id: RequestId,
    topologies: list(HostTopology),
  }),
);

/**
 * The answer to `openApplied`: the document applied last under the topology, layout included,
 * and its `revision` (quote it as `basedOn` when applying the drawing opened from it).
 */
export const OpenAppliedResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('openAppliedResult'),
    id: RequestId,
    topology: z.string(),
    revision: z.string(),
    appliedAt: z.number().nonnegative().optional(),
    appliedFrom: AppliedFrom.optional(),
    document: DocumentPayload,
  }),
);

/**
 * How the agent's helper processes are doing: `nl-relay` (reads the kernel: plan, apply,
 * status and link state need it), `link-monitor` (`ip monitor`: wakes link state up) and
 * `kernel-watch` (`nl-relay watch`: wakes kernel tables and live checks up). Each
 * is restarted when it dies; until it runs again its state is `restarting`, or `failed` when it
 * keeps dying or cannot start (it is still retried). Sent after `hello` (every service) and to
 * every client on each change (every service again).
 */
export const ServiceHealth = z.lazy(() =>
  z.strictObject({
    service: z.string(),
    state: z.enum(['ok', 'restarting', 'failed']),
    /** What happened (how it ended, when it restarts); absent when ok. */
    detail: z.string().optional(),
    /** When it entered this state. */
    since: Timestamp,
  }),
);

export type ServiceHealth = z.infer<typeof ServiceHealth>;

export const Health = z.lazy(() =>
  z.strictObject({ type: z.literal('health'), at: Timestamp, services: list(ServiceHealth) }),
);

/**
 * The answer to `viewerLink` and `revokeViewerLink`: the viewer link (a URL on the agent's own
 * origin with `#viewer=<token>`) and its token, or null for both once revoked.
 */
export const ViewerLinkResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('viewerLinkResult'),
    id: RequestId,
    url: z.string().nullable(),
    token: z.string().nullable(),
    /** Viewers connected now. */
    viewers: z.int().nonnegative(),
  }),
);

/**
 * What the presenter shows, to viewers: after `hello` (the latest state, document included, when
 * a presenter has sent one) and on every change. `document` is there when it changed (a viewer
 * keeps the last one); `view` is always the whole view.
 */
export const PresenterState = z.lazy(() =>
  z.strictObject({
    type: z.literal('presenterState'),
    at: Timestamp,
    document: DocumentPayload.optional(),
    view: PresenterView,
  }),
);

export const ErrorMessage = z.lazy(() =>
  z.strictObject({
    type: z.literal('error'),
    /** The request this answers, when the agent could read one. */
    id: RequestId.optional(),
    code: ErrorCode,
    message: z.string(),
    /** For TOPOLOGY_INVALID: every problem, with its path into the document. */
    issues: list(WireIssue).optional(),
    /** For CONFIRM_REQUIRED: why, and what the apply would delete (or replace). Nothing ran. */
    confirm: z
      .strictObject({
        topology: z.string(),
        reasons: list(ConfirmReason),
        deletes: list(ChangeSummary),
      })
      .optional(),
  }),
);

export const AgentMessage = z.lazy(() =>
  z.discriminatedUnion('type', [
    HelloReply,
    PlanResult,
    Progress,
    CommandRun,
    ApplyResult,
    DownResult,
    StepState,
    StatusResult,
    SetLinkStateResult,
    Subscribed,
    LinkState,
    Counters,
    PingStarted,
    Ping,
    PingStopped,
    ReachabilityResult,
    CheckResults,
    Drift,
    TopologyRemoved,
    HostTopologiesResult,
    OpenAppliedResult,
    Health,
    ViewerLinkResult,
    PresenterState,
    CaptureStarted,
    Packets,
    CaptureStopped,
    Tables,
    TablesWatched,
    TrafficStarted,
    TrafficResult,
    TrafficStopped,
    ErrorMessage,
  ]),
);
export type AgentMessage = z.infer<typeof AgentMessage>;
export type AgentMessageType = AgentMessage['type'];
/** One message type by name: `AgentMessageOf<'planResult'>`. */
export type AgentMessageOf<T extends AgentMessageType> = Extract<AgentMessage, { type: T }>;
