import { IpText } from '@netloom/topology';
import { z } from 'zod';

import { DocumentPayload, IfName, Netns, ObjectRef, RequestId, Stream, TopologyName } from './common';
import { CaptureStartRequest, CaptureStopRequest } from './capture';
import { PresenterView } from './presenter';
import { WatchTablesRequest } from './tables';
import { TrafficStartRequest, TrafficStopRequest } from './traffic';

/** What the browser (or any client) sends. `hello` comes first; every request carries an `id`. */

export const HelloRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('hello'),
    /** The client's PROTOCOL_VERSION; the agent refuses any other. */
    protocolVersion: z.int(),
  }),
);

/** What `apply` would change: the steps with their exact argv, and the plan's hash. Nothing runs. */
export const PlanRequest = z.lazy(() =>
  z.strictObject({ type: z.literal('plan'), id: RequestId, document: DocumentPayload }),
);

export const ApplyRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('apply'),
    id: RequestId,
    document: DocumentPayload,
    /** From `planResult`: refused with PLAN_STALE when re-planning yields another hash. */
    planHash: z.string().min(1).max(128),
    /**
     * The `revision` of the applied document this drawing continues (from `applyResult`, or from
     * the applied document it was opened from); null for a drawing that never applied its
     * topology: applying it over a running topology of that name needs confirmation. A client
     * that leaves it out is asked only when the apply deletes every object of the topology.
     */
    basedOn: z.string().min(1).max(128).nullable().optional(),
    /** The person confirmed: apply even if it deletes every object or replaces another document. */
    force: z.boolean().optional(),
    /**
     * Keep what a failed apply did. By default a command that fails makes the agent return the
     * topology to the state it had before the apply (`rolledBack` in `applyResult`).
     */
    noRollback: z.boolean().optional(),
  }),
);

/**
 * Starts a step-through of the document: the plan quoted by `planHash`, checked, confirmed and
 * journaled as `apply` does, run a command at a time. Holds the apply lock until it ends.
 * Answer: `stepState` (broadcast), or the errors `apply` gives.
 */
export const StepStartRequest = z.lazy(() =>
  ApplyRequest.unwrap()
    .omit({ type: true, noRollback: true })
    .extend({ type: z.literal('stepStart') }),
);

/**
 * The step-through's moves. `index` is the number of plan steps the client saw done (`stepState.done`)
 * and `planHash` the session's: a request made against another state is refused (STEP_REFUSED),
 * so two clicks never run two commands.
 */
const StepMove = {
  id: RequestId,
  topology: TopologyName,
  planHash: z.string().min(1).max(128),
  index: z.int().nonnegative(),
};
/** Runs the next command, `steps[index]`. */
export const StepNextRequest = z.lazy(() => z.strictObject({ type: z.literal('stepNext'), ...StepMove }));
/** Runs the inverse of the last command that ran, `steps[index - 1]`. */
export const StepBackRequest = z.lazy(() => z.strictObject({ type: z.literal('stepBack'), ...StepMove }));
/** Runs every command left, reads the kernel back and ends the session. */
export const StepRunToEndRequest = z.lazy(() => z.strictObject({ type: z.literal('stepRunToEnd'), ...StepMove }));
/** Ends the session, leaving the kernel as it is. */
export const StepStopRequest = z.lazy(() =>
  z.strictObject({ type: z.literal('stepStop'), id: RequestId, topology: TopologyName }),
);

/** Remove everything the named topology owns. */
export const DownRequest = z.lazy(() => z.strictObject({ type: z.literal('down'), id: RequestId, name: TopologyName }));

/** Per object: present, missing or drifted, with link state and counters. */
export const StatusRequest = z.lazy(() =>
  z.strictObject({ type: z.literal('status'), id: RequestId, document: DocumentPayload }),
);

/**
 * Administrative up/down of one interface the topology owns. The interface must carry exactly
 * the marker `netloom:<topology>/<object>`: a page acting on its own drawing can never reach
 * another topology's interface that happens to share an object id or a name.
 */
export const SetLinkStateRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('setLinkState'),
    id: RequestId,
    topology: TopologyName,
    /** The document object the interface serves (`l1/a`, `br0`), as in `linkState`. */
    object: ObjectRef,
    netns: Netns,
    ifname: IfName,
    up: z.boolean(),
  }),
);

/** Replaces this connection's subscriptions (an empty list unsubscribes). Covers every owned topology. */
export const SubscribeRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('subscribe'),
    id: RequestId,
    streams: z.array(Stream).max(Stream.unwrap().options.length),
  }),
);

/** A long-lived ping from a namespace of a topology; results stream to this connection as `ping`. */
export const PingStartRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('pingStart'),
    id: RequestId,
    topology: TopologyName,
    /** The source namespace; null pings from the root namespace. */
    fromNetns: Netns,
    /** The address to ping (IPv4 or IPv6). */
    to: IpText,
    /** Between echo requests, in ms; ping's own floor for root is 2 ms, ours is 200. */
    intervalMs: z.int().min(200).max(60_000),
  }),
);

export const PingStopRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('pingStop'),
    id: RequestId,
    probeId: z.string().min(1).max(64),
  }),
);

/** One ping (`-c 1 -W 1`) from every namespace of the document to every address in it. */
export const ReachabilityRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('reachability'),
    id: RequestId,
    document: DocumentPayload,
  }),
);

/**
 * Runs a lesson's checks against the live kernel (they only read it: a ping, links, routes, a
 * bridge's FDB). `step` is the index of one step in `document.lesson.steps` (0 for the first);
 * without it, every step's checks run. Answer: `checkResults`.
 */
export const RunChecksRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('runChecks'),
    id: RequestId,
    document: DocumentPayload,
    step: z.int().nonnegative().max(199).optional(),
  }),
);

/**
 * Keeps a lesson's checks live for this connection: runs them at once (one step's, or every
 * step's without `step`), then again, debounced, whenever a namespace one of them involves
 * changes (a link, address, route, neighbour or FDB entry), and every 5 s besides. Each run
 * answers with `checkResults` that repeats this request's `id` and holds the steps it ran. A
 * later `watchChecks` replaces this one; `document: null` stops it (no answer).
 */
export const WatchChecksRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('watchChecks'),
    id: RequestId,
    document: DocumentPayload.nullable(),
    step: z.int().nonnegative().max(199).optional(),
  }),
);

/** Every topology applied on this host, read from the ownership markers. Answer: `hostTopologiesResult`. */
export const HostTopologiesRequest = z.lazy(() => z.strictObject({ type: z.literal('hostTopologies'), id: RequestId }));

/** The document applied last under a topology, to open it in the designer. Answer: `openAppliedResult`. */
export const OpenAppliedRequest = z.lazy(() =>
  z.strictObject({ type: z.literal('openApplied'), id: RequestId, name: TopologyName }),
);

/**
 * The viewer link: a URL with the agent's viewer token, which opens a read-only session that
 * follows the presenter. The same link until it is revoked. Control sessions only. Answer:
 * `viewerLinkResult`.
 */
export const ViewerLinkRequest = z.lazy(() => z.strictObject({ type: z.literal('viewerLink'), id: RequestId }));

/**
 * Revokes the viewer link: its token is refused from now on and every viewer connected with it
 * is disconnected (close code 4001). The next `viewerLink` makes a new one. Control sessions
 * only. Answer: `viewerLinkResult` with `url: null`.
 */
export const RevokeViewerLinkRequest = z.lazy(() =>
  z.strictObject({ type: z.literal('revokeViewerLink'), id: RequestId }),
);

/**
 * What the presenter shows, for the viewers to follow: sent on every change (throttled by the
 * client). `document` is sent when the drawing changed and left out otherwise (the agent keeps
 * the last one). Control sessions only; no answer unless it is refused.
 */
export const PresenterUpdateRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('presenterUpdate'),
    id: RequestId,
    document: DocumentPayload.optional(),
    view: PresenterView,
  }),
);

export const ClientMessage = z.lazy(() =>
  z.discriminatedUnion('type', [
    HelloRequest,
    PlanRequest,
    ApplyRequest,
    DownRequest,
    StepStartRequest,
    StepNextRequest,
    StepBackRequest,
    StepRunToEndRequest,
    StepStopRequest,
    StatusRequest,
    SetLinkStateRequest,
    SubscribeRequest,
    PingStartRequest,
    PingStopRequest,
    ReachabilityRequest,
    RunChecksRequest,
    WatchChecksRequest,
    HostTopologiesRequest,
    OpenAppliedRequest,
    ViewerLinkRequest,
    RevokeViewerLinkRequest,
    PresenterUpdateRequest,
    CaptureStartRequest,
    CaptureStopRequest,
    WatchTablesRequest,
    TrafficStartRequest,
    TrafficStopRequest,
  ]),
);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage['type'];
export type Request = Exclude<ClientMessage, { type: 'hello' }>;

let clientMessageTypes: readonly ClientMessageType[] | undefined;
/** Every client message's `type` (builds the client schemas on first call: they are lazy). */
export const CLIENT_MESSAGE_TYPES = (): readonly ClientMessageType[] =>
  (clientMessageTypes ??= ClientMessage.unwrap().options.map((o) => o.unwrap().shape.type.value));
