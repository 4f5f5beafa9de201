import { z } from 'zod';

import { IfName, list, Netns, ObjectRef, RequestId, TopologyName } from './common';

/**
 * Packet capture (issue 12): `captureStart` runs one tcpdump per interface in its namespace, and
 * the agent streams the packets, merged into one timeline, to the client that started it.
 */

/** The agent's bounds on what a capture may ask for; a request over them is refused (PROTOCOL_INVALID). */
export const CAPTURE_MAXIMA = {
  interfaces: 8,
  filterLength: 1024,
  snapLength: 65_535,
  packets: 100_000,
  bytes: 256 << 20,
  seconds: 3600,
} as const;

/** What a capture gets when its request leaves a limit out. */
export const CAPTURE_DEFAULTS = { snapLength: 2048, packets: 10_000, bytes: 64 << 20, seconds: 300 } as const;

/**
 * One interface the topology owns, addressed as `setLinkState` addresses it: the marker must name
 * this topology and this object, and the interface must be proven netloom's (else NOT_OWNED).
 */
export const CaptureTarget = z.lazy(() =>
  z.strictObject({
    topology: TopologyName,
    object: ObjectRef,
    netns: Netns,
    ifname: IfName,
  }),
);
export type CaptureTarget = z.infer<typeof CaptureTarget>;

/** A BPF expression (pcap-filter(7)); checked by the agent with `tcpdump -d` before anything captures. */
export const CaptureFilter = z.lazy(() =>
  z
    .string()
    .max(CAPTURE_MAXIMA.filterLength)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'a capture filter is one line of printable characters'),
);

export const CaptureLimits = z.lazy(() =>
  z.strictObject({
    /** Stop after this many packets (`packetLimit`). */
    packets: z.int().min(1).max(CAPTURE_MAXIMA.packets).optional(),
    /** Stop once the packets' wire lengths add up to this many bytes (`byteLimit`). */
    bytes: z.int().min(1).max(CAPTURE_MAXIMA.bytes).optional(),
    /** Stop after this many seconds (`timeLimit`). */
    seconds: z.int().min(1).max(CAPTURE_MAXIMA.seconds).optional(),
  }),
);
export type CaptureLimits = z.infer<typeof CaptureLimits>;

export const CaptureStartRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('captureStart'),
    id: RequestId,
    targets: z.array(CaptureTarget).min(1).max(CAPTURE_MAXIMA.interfaces),
    filter: CaptureFilter.optional(),
    /** Bytes kept of each packet (tcpdump -s); 2048 by default. */
    snapLength: z.int().min(64).max(CAPTURE_MAXIMA.snapLength).optional(),
    limits: CaptureLimits.optional(),
  }),
);

export const CaptureStopRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('captureStop'),
    id: RequestId,
    captureId: z.string().min(1).max(64),
  }),
);

/** An interface of a capture; packets name it by its index in `captureStarted.ifaces`. */
export const CaptureInterface = z.lazy(() =>
  z.strictObject({
    netns: Netns,
    ifname: z.string(),
    object: z.string(),
    /** LINKTYPE_* of its packets (1: Ethernet), for decoding and for pcapng. */
    linkType: z.int().nonnegative(),
  }),
);
export type CaptureInterface = z.infer<typeof CaptureInterface>;

export const CaptureStarted = z.lazy(() =>
  z.strictObject({
    type: z.literal('captureStarted'),
    id: RequestId,
    captureId: z.string(),
    ifaces: list(CaptureInterface),
    snapLength: z.int().positive(),
    /** The limits in force (the request's, or the defaults). */
    limits: z.strictObject({ packets: z.int().positive(), bytes: z.int().positive(), seconds: z.int().positive() }),
  }),
);

export const CapturedPacket = z.lazy(() =>
  z.strictObject({
    /** When the kernel saw it: microseconds since the epoch. */
    atUs: z.int().nonnegative(),
    /** Index into `captureStarted.ifaces`. */
    iface: z.int().nonnegative(),
    /** Its length on the wire (`data` holds at most the snap length of it). */
    length: z.int().nonnegative(),
    /** The captured bytes, base64. */
    data: z.string(),
  }),
);
export type CapturedPacket = z.infer<typeof CapturedPacket>;

/**
 * Packets of a capture, in time order across its interfaces, batched (about every 100 ms), to the
 * client that started it only. `dropped` counts, so far, packets the agent's buffer let go while
 * this client read too slowly.
 */
export const Packets = z.lazy(() =>
  z.strictObject({
    type: z.literal('packets'),
    captureId: z.string(),
    packets: list(CapturedPacket),
    dropped: z.int().nonnegative(),
  }),
);

export const CaptureStopReason = z.lazy(() =>
  z.enum(['stopped', 'packetLimit', 'byteLimit', 'timeLimit', 'client', 'error']),
);
export type CaptureStopReason = z.infer<typeof CaptureStopReason>;

/**
 * A capture ended, after its last `packets`. It carries `id` when it answers `captureStop`;
 * otherwise `reason` says why it stopped by itself (a limit, or `error` with `detail`).
 */
export const CaptureStopped = z.lazy(() =>
  z.strictObject({
    type: z.literal('captureStopped'),
    captureId: z.string(),
    id: RequestId.optional(),
    reason: CaptureStopReason,
    /** Packets and wire bytes captured (sent or dropped). */
    packets: z.int().nonnegative(),
    bytes: z.int().nonnegative(),
    dropped: z.int().nonnegative(),
    detail: z.string().optional(),
  }),
);
