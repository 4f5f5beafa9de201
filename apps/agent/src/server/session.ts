import type { AgentMessage, Stream } from '@netloom/protocol';
import type { WebSocket } from 'ws';

import type { Limits } from './config';
import { Outbox } from './outbox';
import { TokenBucket } from './rate-limit';

let nextSession = 1;

/** One connected client: its outbox, subscriptions, probes and limits. */
export class Session {
  readonly id = nextSession++;
  readonly ws: WebSocket;
  readonly outbox: Outbox;
  readonly bucket: TokenBucket;
  streams: ReadonlySet<Stream> = new Set();
  /** Probes this client started and has not stopped. */
  readonly probes = new Set<string>();
  greeted = false;
  alive = true;
  lastRateError = 0;

  constructor(ws: WebSocket, limits: Limits, now: () => number) {
    this.ws = ws;
    this.outbox = new Outbox(ws, limits, now);
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now());
  }

  send(message: AgentMessage): void {
    this.outbox.send(message);
  }
}

/** Every connected client; what every client must see goes through `broadcast`. */
export class Hub {
  private readonly sessions = new Set<Session>();

  get size(): number {
    return this.sessions.size;
  }

  add(session: Session): void {
    this.sessions.add(session);
  }

  remove(session: Session): void {
    this.sessions.delete(session);
    session.outbox.close();
  }

  all(): Session[] {
    return [...this.sessions];
  }

  /** To every client past `hello`. */
  broadcast(message: AgentMessage): void {
    for (const s of this.sessions) if (s.greeted) s.send(message);
  }

  /** Telemetry to the clients subscribed to its stream: coalesced for slow ones. */
  publish(stream: Stream, message: Parameters<Outbox['sendTelemetry']>[0]): void {
    for (const s of this.sessions) if (s.greeted && s.streams.has(stream)) s.outbox.sendTelemetry(message);
  }

  wants(stream: Stream): boolean {
    return [...this.sessions].some((s) => s.greeted && s.streams.has(stream));
  }
}
