import { IfName, NetnsName, ObjectRef, TopologyName } from '@netloom/topology';
import { z } from 'zod';

/** Chosen by the client; every answer and progress event for the request repeats it. */
export const RequestId = z.lazy(() => z.string().min(1).max(64));
export type RequestId = z.infer<typeof RequestId>;

/**
 * A topology document as sent. Only "a JSON object" here: the agent runs `validateDocument` on
 * it, so a wrong document is answered with every problem and its path (`TOPOLOGY_INVALID`)
 * instead of the first schema error. The static type is the document's input shape.
 */
export const DocumentPayload = z.lazy(() =>
  z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    message: 'a document is a JSON object with version, name and nodes',
  }),
);

/**
 * `ObjectRef`: a document object as its ownership marker names it, a node id (`br0`) or a link
 * id and its veth end (`l1/a`). Live state, kernel actions and lessons are addressed by it.
 */
export { IfName, NetnsName, ObjectRef, TopologyName };

/** Where an interface lives: a namespace name, or null for the host's root namespace. */
export const Netns = NetnsName.nullable();

export const Timestamp = z.lazy(() => z.number().nonnegative());

const nonNegative = z.lazy(() => z.number().nonnegative());

/** The kernel's stats64 counters of one interface. */
export const CounterValues = z.lazy(() =>
  z.strictObject({
    rxBytes: nonNegative,
    txBytes: nonNegative,
    rxPackets: nonNegative,
    txPackets: nonNegative,
    rxErrors: nonNegative,
    txErrors: nonNegative,
    rxDropped: nonNegative,
    txDropped: nonNegative,
  }),
);
export type CounterValues = z.infer<typeof CounterValues>;

/** Per second, over the interval since the previous sample. */
export const Rates = z.lazy(() =>
  z.strictObject({
    rxBytesPerSec: nonNegative,
    txBytesPerSec: nonNegative,
    rxPacketsPerSec: nonNegative,
    txPacketsPerSec: nonNegative,
  }),
);
export type Rates = z.infer<typeof Rates>;

/** Telemetry streams a client can subscribe to. Ping results go to the probe's owner only. */
export const Stream = z.lazy(() => z.enum(['linkState', 'counters', 'drift']));
export type Stream = z.infer<typeof Stream>;

/** Arrays the agent sends are read-only to their consumers (and accept the engine's readonly arrays). */
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
