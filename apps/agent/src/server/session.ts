import { encode, type AgentMessage, type AgentMessageOf, type SessionRole, type Stream } from '@netloom/protocol';
import type { WebSocket } from 'ws';

import type { Limits } from './config';
import { Outbox } from './outbox';
import { TokenBucket } from './rate-limit';

let nextSession = 1;

/** One connected client: its role, outbox, subscriptions, probes and limits. */
export class Session {
  readonly id = nextSession++;
  /** Decided at the upgrade by the token presented; a viewer only watches (see dispatch). */
  readonly role: SessionRole;
  readonly ws: WebSocket;
  readonly outbox: Outbox;
  readonly bucket: TokenBucket;
  streams: ReadonlySet<Stream> = new Set();
  /** Probes this client started and has not stopped. */
  readonly probes = new Set<string>();
  /** Captures this client started that have not ended (and ones starting, as `pending:<id>`). */
  readonly captures = new Set<string>();
  /** The `captureStop` id each stopping capture answers once it has ended. */
  readonly captureStops = new Map<string, string>();
  /** A control session that sent `presenterUpdate`: viewers follow it, its captures included. */
  presenting = false;
  /** Traffic flows this client started that have not ended (and ones starting, as `pending:<id>`). */
  readonly traffic = new Set<string>();
  /** The `trafficStop` id each stopping flow answers once it has ended. */
  readonly trafficStops = new Map<string, string>();
  greeted = false;
  alive = true;
  lastRateError = 0;

  constructor(ws: WebSocket, limits: Limits, now: () => number, role: SessionRole = 'control') {
    this.ws = ws;
    this.role = role;
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

  /** Connected sessions of one role (the limits count them apart). */
  count(role: SessionRole): number {
    let n = 0;
    for (const s of this.sessions) if (s.role === role) n += 1;
    return n;
  }

  viewers(): Session[] {
    return [...this.sessions].filter((s) => s.role === 'viewer');
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

  /** To every client past `hello`, viewers too; encoded once. */
  broadcast(message: AgentMessage): void {
    let frame: string | undefined;
    for (const s of this.sessions) if (s.greeted) s.outbox.sendEncoded((frame ??= encode(message)));
  }

  /** Telemetry to the clients subscribed to its stream: coalesced for slow ones, encoded once. */
  publish(stream: Stream, message: Parameters<Outbox['sendTelemetry']>[0]): void {
    let frame: string | undefined;
    for (const s of this.sessions)
      if (s.greeted && s.streams.has(stream)) s.outbox.sendTelemetry(message, (frame ??= encode(message)));
  }

  /** The presenter's state to every viewer past `hello`: folded for slow ones, encoded once. */
  present(message: AgentMessageOf<'presenterState'>): void {
    let frame: string | undefined;
    for (const s of this.sessions)
      if (s.greeted && s.role === 'viewer') s.outbox.sendPresenter(message, (frame ??= encode(message)));
  }

  wants(stream: Stream): boolean {
    return [...this.sessions].some((s) => s.greeted && s.streams.has(stream));
  }
}
