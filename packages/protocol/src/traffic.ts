import { IpText } from '@netloom/topology';
import { z } from 'zod';

import { list, NetnsName, RequestId, Timestamp, TopologyName } from './common';

/**
 * Traffic on demand (issue 12): a ping stream or an iperf3 flow between two namespaces the
 * topology owns, bounded in time, its results streamed live to the client that started it.
 */

/** The agent's bounds on what a flow may ask for; a request over them is refused (PROTOCOL_INVALID). */
export const TRAFFIC_MAXIMA = {
  pingIntervalMs: 60_000,
  /** ping -s: the ICMP payload; 65507 fills an IPv4 datagram. */
  pingSize: 65_507,
  pingCount: 100_000,
  pingSeconds: 3600,
  iperfSeconds: 300,
  /** iperf3 -b, per flow; a UDP flow is always sent at a bitrate (iperf3's own default is 1 Mbit/s). */
  bitrateMbit: 10_000,
} as const;

/** What a flow gets when its request leaves a field out. */
export const TRAFFIC_DEFAULTS = {
  pingIntervalMs: 1000,
  pingSize: 56,
  pingSeconds: 60,
  iperfSeconds: 10,
  udpBitrateMbit: 1,
} as const;

export const PingTraffic = z.lazy(() =>
  z.strictObject({
    kind: z.literal('ping'),
    /** Between echo requests (ping -i); 100 ms at least, so one stream sends 10 results a second at most. */
    intervalMs: z.int().min(100).max(TRAFFIC_MAXIMA.pingIntervalMs).optional(),
    /** ICMP payload bytes (ping -s); 56 by default (84 bytes of IPv4). */
    size: z.int().min(0).max(TRAFFIC_MAXIMA.pingSize).optional(),
    /** Set the Don't Fragment bit (ping -M do): a packet over the path's MTU fails instead of fragmenting. */
    dontFragment: z.boolean().optional(),
    /** Stop after this many echo requests (ping -c). */
    count: z.int().min(1).max(TRAFFIC_MAXIMA.pingCount).optional(),
    /** Stop after this many seconds (ping -w); 60 by default, whatever `count` says. */
    seconds: z.int().min(1).max(TRAFFIC_MAXIMA.pingSeconds).optional(),
  }),
);
export type PingTraffic = z.infer<typeof PingTraffic>;

export const Iperf3Traffic = z.lazy(() =>
  z.strictObject({
    kind: z.literal('iperf3'),
    protocol: z.enum(['tcp', 'udp']),
    /** How long the client sends (iperf3 -t); 10 by default. */
    seconds: z.int().min(1).max(TRAFFIC_MAXIMA.iperfSeconds).optional(),
    /** iperf3 -b in Mbit/s: UDP's rate (1 by default), a TCP flow's cap (none by default). */
    bitrateMbit: z.number().min(0.01).max(TRAFFIC_MAXIMA.bitrateMbit).optional(),
  }),
);
export type Iperf3Traffic = z.infer<typeof Iperf3Traffic>;

export const TrafficSpec = z.lazy(() => z.discriminatedUnion('kind', [PingTraffic, Iperf3Traffic]));
export type TrafficSpec = z.infer<typeof TrafficSpec>;

/**
 * Starts a flow from namespace `from` to namespace `to`, both owned by `topology`. `address` is
 * where it goes: an address of one of the topology's interfaces in `to` (the first such IPv4
 * address, else IPv6, when left out). A ping runs in `from`; iperf3's server listens on that
 * address in `to` and its client runs in `from`.
 */
export const TrafficStartRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('trafficStart'),
    id: RequestId,
    topology: TopologyName,
    from: NetnsName,
    to: NetnsName,
    address: IpText.optional(),
    traffic: TrafficSpec,
  }),
);

export const TrafficStopRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('trafficStop'),
    id: RequestId,
    trafficId: z.string().min(1).max(64),
  }),
);

export const TrafficStarted = z.lazy(() =>
  z.strictObject({
    type: z.literal('trafficStarted'),
    id: RequestId,
    trafficId: z.string(),
    topology: z.string(),
    from: z.string(),
    to: z.string(),
    address: z.string(),
    /** The request's traffic with every default filled in. */
    traffic: TrafficSpec,
    /** The commands the agent runs, as a person would type them (the server first for iperf3). */
    commands: list(list(z.string())),
  }),
);

/** One ping reply, or one missing (`timeout`) or refused (`unreachable`), with the counts so far. */
export const PingTrafficResult = z.lazy(() =>
  z.strictObject({
    kind: z.literal('ping'),
    seq: z.int().nonnegative(),
    status: z.enum(['reply', 'timeout', 'unreachable']),
    rttMs: z.number().nonnegative().optional(),
    detail: z.string().optional(),
    /** Echo requests sent (the highest sequence seen) and replies received so far. */
    sent: z.int().nonnegative(),
    received: z.int().nonnegative(),
  }),
);

/** One iperf3 interval (a second), as the sender (client) or the receiver (server) reported it. */
export const IntervalTrafficResult = z.lazy(() =>
  z.strictObject({
    kind: z.literal('interval'),
    side: z.enum(['sender', 'receiver']),
    startS: z.number().nonnegative(),
    endS: z.number().nonnegative(),
    bytes: z.number().nonnegative(),
    bitsPerSecond: z.number().nonnegative(),
    /** TCP sender: segments retransmitted. */
    retransmits: z.int().nonnegative().optional(),
    /** UDP receiver: jitter, datagrams lost of those sent. */
    jitterMs: z.number().nonnegative().optional(),
    lost: z.int().nonnegative().optional(),
    datagrams: z.int().nonnegative().optional(),
  }),
);

export const TrafficResult = z.lazy(() =>
  z.strictObject({
    type: z.literal('trafficResult'),
    trafficId: z.string(),
    at: Timestamp,
    result: z.discriminatedUnion('kind', [PingTrafficResult, IntervalTrafficResult]),
  }),
);

/** What iperf3 reported for the whole flow, per side. */
export const Iperf3Side = z.lazy(() =>
  z.strictObject({
    seconds: z.number().nonnegative(),
    bytes: z.number().nonnegative(),
    bitsPerSecond: z.number().nonnegative(),
    retransmits: z.int().nonnegative().optional(),
    jitterMs: z.number().nonnegative().optional(),
    lost: z.int().nonnegative().optional(),
    datagrams: z.int().nonnegative().optional(),
  }),
);
export type Iperf3Side = z.infer<typeof Iperf3Side>;

export const TrafficSummary = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('ping'),
      sent: z.int().nonnegative(),
      received: z.int().nonnegative(),
      lossPercent: z.number().min(0).max(100),
      rttMinMs: z.number().nonnegative().optional(),
      rttAvgMs: z.number().nonnegative().optional(),
      rttMaxMs: z.number().nonnegative().optional(),
    }),
    z.strictObject({
      kind: z.literal('iperf3'),
      /** Absent when the flow ended before iperf3 printed its summary (stopped early). */
      sender: Iperf3Side.optional(),
      receiver: Iperf3Side.optional(),
    }),
  ]),
);
export type TrafficSummary = z.infer<typeof TrafficSummary>;

export const TrafficStopReason = z.lazy(() => z.enum(['done', 'stopped', 'timeLimit', 'client', 'error']));
export type TrafficStopReason = z.infer<typeof TrafficStopReason>;

/**
 * A flow ended, after its last `trafficResult`: `done` (its count or time ran out), `stopped`
 * (answering `trafficStop`, with its `id`), `timeLimit` (it overran its time, the agent ended it)
 * or `error` with `detail`. Every process of the flow has exited when this is sent.
 */
export const TrafficStopped = z.lazy(() =>
  z.strictObject({
    type: z.literal('trafficStopped'),
    trafficId: z.string(),
    id: RequestId.optional(),
    reason: TrafficStopReason,
    summary: TrafficSummary,
    detail: z.string().optional(),
  }),
);
