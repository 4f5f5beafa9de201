import type { DocumentLimits } from '@netloom/topology';

/** Limits that keep one connection (or a hostile page that got a socket) from hurting the agent. */
export type Limits = {
  /** ws closes the connection (1009) above this: the hard bound on one frame's memory. */
  readonly maxPayloadBytes: number;
  /** Messages above this (and under maxPayload) get MESSAGE_TOO_LARGE and the connection goes on. */
  readonly maxMessageBytes: number;
  /** Control sessions (the control token); viewers are counted apart. */
  readonly maxConnections: number;
  /** Viewer sessions (the viewer link's token), beside the control sessions. */
  readonly maxViewers: number;
  /** Token bucket per connection: sustained messages per second, and the burst. */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  /** Ping every so often; a peer that did not answer the previous ping is terminated. */
  readonly heartbeatMs: number;
  /** Above this many queued bytes a client gets no fresh telemetry, only the latest value later. */
  readonly telemetryBufferBytes: number;
  /** Above this many queued bytes (or slow for longer than `slowClientMs`) the client is dropped. */
  readonly dropBufferBytes: number;
  readonly slowClientMs: number;
  readonly maxProbesPerConnection: number;
  /** Packet captures one connection may run at once, and the whole agent. */
  readonly maxCapturesPerConnection: number;
  readonly maxCaptures: number;
  /** Traffic flows (ping streams, iperf3) one connection may run at once, and the whole agent. */
  readonly maxTrafficPerConnection: number;
  readonly maxTraffic: number;
  /** A request whose headers (or whole request) have not arrived by then is cut off (slowloris). */
  readonly requestTimeoutMs: number;
  /** A socket silent this long before or between requests is closed. */
  readonly idleSocketMs: number;
};

export const DEFAULT_LIMITS: Limits = {
  maxPayloadBytes: 4 << 20,
  maxMessageBytes: 1 << 20,
  maxConnections: 16,
  maxViewers: 100,
  messagesPerSecond: 50,
  messageBurst: 100,
  heartbeatMs: 15_000,
  telemetryBufferBytes: 256 << 10,
  dropBufferBytes: 8 << 20,
  slowClientMs: 30_000,
  maxProbesPerConnection: 32,
  maxCapturesPerConnection: 4,
  maxCaptures: 16,
  maxTrafficPerConnection: 4,
  maxTraffic: 8,
  requestTimeoutMs: 10_000,
  idleSocketMs: 10_000,
};

export type ServerConfig = {
  /** Address to listen on; 127.0.0.1 unless the user asked otherwise (with a warning). */
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Extra exact origins allowed to open the WebSocket (`--allow-origin`). */
  readonly allowOrigins: readonly string[];
  /** Where the token is written, mode 0600. */
  readonly tokenFile: string;
  /** The built web app (`apps/web/dist`); a placeholder page is served when it is missing. */
  readonly webRoot: string;
  /** A fixed token (tests); otherwise the one in `tokenFile`, kept across restarts (see agent-token.ts). */
  readonly token?: string;
  /** Make a new token even when `tokenFile` has one (`serve --rotate-token`): every page must open the new URL. */
  readonly rotateToken?: boolean;
  readonly limits?: Partial<Limits>;
  /** How large a document the agent plans and applies (`--max-namespaces` …); the topology package's defaults otherwise. */
  readonly documentLimits?: Partial<DocumentLimits>;
  /** Counter poll period; 1000 ms by default. */
  readonly countersIntervalMs?: number;
};

export const DEFAULT_CONFIG = {
  host: '127.0.0.1',
  port: 7878,
  allowOrigins: [],
  tokenFile: '/run/netloom/token',
} as const;
