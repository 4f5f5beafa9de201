import { encode, type AgentMessage, type AgentMessageOf, type LinkStateEntry } from '@netloom/protocol';

/** The part of a ws WebSocket the outbox needs (a fake in unit tests). */
export type Sink = {
  readonly bufferedAmount: number;
  send(data: string): void;
  terminate(): void;
};

export type OutboxLimits = {
  readonly telemetryBufferBytes: number;
  readonly dropBufferBytes: number;
  readonly slowClientMs: number;
};

type Telemetry =
  | AgentMessageOf<'linkState'>
  | AgentMessageOf<'counters'>
  | AgentMessageOf<'ping'>
  | AgentMessageOf<'drift'>
  | AgentMessageOf<'tables'>;

const FLUSH_EVERY_MS = 100;

/**
 * One client's outgoing messages. Answers and events always go out; telemetry goes out only
 * while the socket's queue is short, and otherwise waits folded into the latest value per key
 * (counters and link state: the last value per interface; ping: the last per probe; drift: the
 * last per topology; tables: the last per topology and namespace). So a client that stops reading costs at most one of each,
 * and one that stays behind too long, or whose queue passes the hard bound, is dropped.
 */
export class Outbox {
  private readonly sink: Sink;
  private readonly limits: OutboxLimits;
  private readonly now: () => number;
  private counters: AgentMessageOf<'counters'> | null = null;
  private readonly counterSamples = new Map<string, AgentMessageOf<'counters'>['interfaces'][number]>();
  private readonly links = new Map<string, LinkStateEntry>();
  private linksSnapshot = false;
  private readonly pings = new Map<string, AgentMessageOf<'ping'>>();
  private readonly drifts = new Map<string, AgentMessageOf<'drift'>>();
  /** The presenter's latest state for a viewer, and its frame when that is still the one to send. */
  private presenter: AgentMessageOf<'presenterState'> | null = null;
  private presenterFrame: string | null = null;
  private readonly tables = new Map<string, AgentMessageOf<'tables'>>();
  private slowSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private dropped = false;
  /** Telemetry messages folded away instead of sent (for tests and the benchmark). */
  coalesced = 0;

  constructor(sink: Sink, limits: OutboxLimits, now: () => number = Date.now) {
    this.sink = sink;
    this.limits = limits;
    this.now = now;
  }

  send(message: AgentMessage): void {
    this.sendEncoded(encode(message));
  }

  /** `send` of a message already encoded: what goes to every client is encoded once, not per client. */
  sendEncoded(frame: string): void {
    if (this.dropped) return;
    if (this.sink.bufferedAmount > this.limits.dropBufferBytes) return this.drop();
    this.sink.send(frame);
  }

  /**
   * `frame`, when given, is `message` encoded (once for every client): sent as it is when nothing
   * waits for this client, so a hundred viewers do not cost a hundred encodings.
   */
  sendTelemetry(message: Telemetry, frame?: string): void {
    if (this.dropped) return;
    if (frame !== undefined && this.idle() && this.sink.bufferedAmount <= this.limits.telemetryBufferBytes) {
      this.slowSince = null;
      this.sink.send(frame);
      return;
    }
    this.fold(message);
    this.flush();
  }

  /**
   * The presenter's state, to a viewer: waits like telemetry, folded into the latest view (and
   * the latest document sent), so a slow viewer costs one state and never slows the presenter.
   */
  sendPresenter(message: AgentMessageOf<'presenterState'>, frame: string): void {
    if (this.dropped) return;
    const pending = this.presenter;
    if (pending === null || message.document !== undefined || pending.document === undefined) {
      if (pending !== null) this.coalesced++;
      this.presenter = message;
      this.presenterFrame = frame;
    } else {
      // A view without a document must not lose the document still waiting to go out.
      this.coalesced++;
      this.presenter = { ...message, document: pending.document };
      this.presenterFrame = null;
    }
    this.flush();
  }

  private idle(): boolean {
    return (
      this.timer === null &&
      this.links.size === 0 &&
      this.counters === null &&
      this.pings.size === 0 &&
      this.drifts.size === 0 &&
      this.presenter === null
    );
  }

  close(): void {
    this.dropped = true;
    this.stopTimer();
  }

  private fold(message: Telemetry): void {
    switch (message.type) {
      case 'counters':
        // Messages carry only what moved, so folding merges per interface: latest value wins.
        if (this.counters !== null) this.coalesced++;
        this.counters = { ...message, full: message.full || (this.counters?.full ?? false) };
        for (const i of message.interfaces) this.counterSamples.set(`${i.netns ?? ''}/${i.ifname}`, i);
        return;
      case 'linkState':
        if (this.links.size > 0) this.coalesced++;
        this.linksSnapshot ||= message.snapshot;
        for (const link of message.links) this.links.set(`${link.netns ?? ''}/${link.ifname}`, link);
        return;
      case 'ping':
        if (this.pings.has(message.probeId)) this.coalesced++;
        this.pings.set(message.probeId, message);
        return;
      case 'drift':
        if (this.drifts.has(message.topology)) this.coalesced++;
        this.drifts.set(message.topology, message);
        return;
      case 'tables': {
        const key = `${message.topology}\0${message.netns ?? ''}`;
        if (this.tables.has(key)) this.coalesced++;
        this.tables.set(key, message);
        return;
      }
    }
  }

  private flush(): void {
    if (this.dropped) return;
    const buffered = this.sink.bufferedAmount;
    if (buffered > this.limits.dropBufferBytes) return this.drop();
    if (buffered > this.limits.telemetryBufferBytes) {
      this.slowSince ??= this.now();
      if (this.now() - this.slowSince > this.limits.slowClientMs) return this.drop();
      return this.startTimer();
    }
    this.slowSince = null;
    this.stopTimer();
    if (this.links.size > 0) {
      this.sink.send(
        encode({ type: 'linkState', at: this.now(), snapshot: this.linksSnapshot, links: [...this.links.values()] }),
      );
      this.links.clear();
      this.linksSnapshot = false;
    }
    if (this.presenter !== null) this.sink.send(this.presenterFrame ?? encode(this.presenter));
    this.presenter = null;
    this.presenterFrame = null;
    for (const m of this.drifts.values()) this.sink.send(encode(m));
    this.drifts.clear();
    for (const m of this.pings.values()) this.sink.send(encode(m));
    this.pings.clear();
    for (const m of this.tables.values()) this.sink.send(encode(m));
    this.tables.clear();
    if (this.counters !== null)
      this.sink.send(encode({ ...this.counters, interfaces: [...this.counterSamples.values()] }));
    this.counters = null;
    this.counterSamples.clear();
  }

  private drop(): void {
    this.close();
    this.sink.terminate();
  }

  private startTimer(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
