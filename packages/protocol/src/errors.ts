import { z } from 'zod';

import { list } from './common';

/**
 * The closed set of error codes on the wire. Codes are for programs, `message` for people.
 * Adding a code is additive; removing or renaming one bumps PROTOCOL_VERSION.
 */
export const ErrorCode = z.lazy(() =>
  z.enum([
    /** The frame is not JSON. */
    'PROTOCOL_MALFORMED',
    /** JSON, but not a valid message: a missing or wrongly typed field. */
    'PROTOCOL_INVALID',
    /** A `type` this protocol version does not know. */
    'UNKNOWN_TYPE',
    /** Binary frames are refused: the protocol is JSON text. */
    'BINARY_REFUSED',
    /** The frame is over the agent's message size limit. */
    'MESSAGE_TOO_LARGE',
    /** Too many messages in a short time; this one was dropped. */
    'RATE_LIMITED',
    /** Anything before `hello` is refused. */
    'HELLO_REQUIRED',
    /** The client speaks another protocol version; the agent closes with 1002. */
    'VERSION_MISMATCH',
    /** The document has problems; `issues` lists every one with its path. Nothing ran. */
    'TOPOLOGY_INVALID',
    /** The kernel changed since the plan the client quoted; plan again. */
    'PLAN_STALE',
    /**
     * The apply would delete every object of a running topology, or replace one applied from
     * another document; `confirm` says what. Nothing ran: ask the person, then send the apply
     * again with `force: true`.
     */
    'CONFIRM_REQUIRED',
    /** A command failed during an apply or down; see the `command` events. */
    'COMMAND_FAILED',
    /** The object is not one netloom owns (no marker), so the agent will not touch it. */
    'NOT_OWNED',
    /** No such object, probe or topology, or no applied document recorded for it (`openApplied`). */
    'NOT_FOUND',
    /** Too many probes running on this connection or agent. */
    'LIMIT_REACHED',
    /** A capture filter tcpdump cannot compile (`message` quotes tcpdump); nothing captured. */
    'FILTER_INVALID',
    /**
     * A helper process the agent needs (see `health`) died during the request or is down; the
     * agent restarts it by itself: send the request again in a moment.
     */
    'SERVICE_UNAVAILABLE',
    /**
     * A viewer session (opened with the viewer link's token) sent a message only the presenter's
     * control session may send: viewers watch, they never plan, apply, step, change or probe.
     */
    'VIEWER_READ_ONLY',
    /**
     * A step-through request out of order or stale (another `index` or `planHash` than the
     * session's), for no session, from a client that did not start it, or a Back with no inverse.
     */
    'STEP_REFUSED',
    /** A step-through holds the apply lock: apply, down and another step-through wait for it to end. */
    'BUSY',
    /** A bug in the agent; the connection and the agent go on. */
    'INTERNAL',
  ]),
);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One document problem, as `validateDocument` reports it: `path` points into the document. */
export const WireIssue = z.lazy(() =>
  z.strictObject({
    path: list(z.union([z.string(), z.int()])),
    message: z.string(),
    /** The node or link it concerns, so the canvas can point at it. */
    objectId: z.string().optional(),
    /** The topology package's issue code (`DUPLICATE_NAME`, ...). */
    code: z.string().optional(),
    /** Absent or `error`: refused. `warning`: accepted, but probably a mistake; never blocks. */
    severity: z.enum(['error', 'warning']).optional(),
  }),
);
export type WireIssue = z.infer<typeof WireIssue>;

/**
 * Why an apply needs the person's confirmation (`CONFIRM_REQUIRED`), and what it would delete.
 * `DELETES_ALL`: the document keeps none of the objects the topology has in the kernel.
 * `OTHER_DOCUMENT`: the topology runs from another document than this one (another file, or a
 * drawing that never applied it, or someone applied another version since: `basedOn` differs).
 */
export const ConfirmReason = z.lazy(() => z.enum(['DELETES_ALL', 'OTHER_DOCUMENT']));
export type ConfirmReason = z.infer<typeof ConfirmReason>;
