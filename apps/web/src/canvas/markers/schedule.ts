import type { MarkerSpec } from './classify';

/**
 * When each marker runs (pure; the clock is passed in). Three jobs:
 * - the same packet seen at both ends of a line (a capture of both) is one marker;
 * - at most `perEdgePerSecond` markers per line each second, the rest sampled away and counted;
 * - in slow motion, one flow's markers follow each other: a marker starts when the one seen before
 *   it in its flow has arrived, so a ping is watched hop by hop; a new exchange (the next ping)
 *   that would wait longer than `maxWaitMs` is sampled away, an exchange under way never is.
 * At 1× a marker starts as its packet was seen: the packets of one batch keep their spacing.
 */

export type Speed = 1 | 0.25 | 0.1;
export const SPEEDS: readonly Speed[] = [1, 0.25, 0.1];
export const speedLabel = (s: Speed): string => (s === 1 ? '1×' : s === 0.25 ? '¼×' : '1/10×');

export interface ScheduleOptions {
  readonly speed: Speed;
  readonly perEdgePerSecond: number;
}

export const DEFAULT_PER_EDGE_PER_SECOND = 20;
/** A marker's time on a line at 1×, whatever the line's length: long enough to be seen moving. */
export const BASE_TRAVEL_MS = 600;

export interface Scheduled {
  readonly startMs: number;
  readonly durationMs: number;
}

export interface EdgeCount {
  /** Packets that crossed the line in the current second, and markers drawn for them. */
  readonly seen: number;
  readonly shown: number;
}

/** Markers started on the whole page each second at most: about 200 on the move at 1×. */
export const PAGE_PER_SECOND = 300;
/** Seen at both ends of a veth within this long: the same packet. */
const SAME_PACKET_US = 50_000;

export class MarkerSchedule {
  private readonly recent = new Map<string, number>();
  private readonly counts = new Map<string, { second: number; seen: number; shown: number }>();
  private readonly flows = new Map<string, { endMs: number; exchange: string | null }>();
  private readonly exchanges = new Map<string, number>();
  /** The wall time and packet time of the first packet of the batch being placed (1×). */
  private anchor: { wallMs: number; atUs: number } | null = null;
  private page = { second: -1, shown: 0 };
  seenTotal = 0;
  shownTotal = 0;

  private options: ScheduleOptions;

  constructor(options: ScheduleOptions) {
    this.options = options;
  }

  setOptions(options: ScheduleOptions): void {
    if (options.speed !== this.options.speed) this.reset();
    this.options = options;
  }

  /** Forgets flows and pacing (a capture stopped, the speed changed); counts stay. */
  reset(): void {
    this.flows.clear();
    this.exchanges.clear();
    this.anchor = null;
  }

  /** Call once per arriving batch: its packets keep their spacing from `nowMs` on. */
  beginBatch(nowMs: number, firstAtUs: number): void {
    this.anchor = { wallMs: nowMs, atUs: firstAtUs };
  }

  /**
   * Places one packet's marker, or null when it is not drawn (the same packet already was, or it
   * was sampled away). `data` identifies the packet's bytes (its base64) for the first case.
   */
  place(spec: MarkerSpec, atUs: number, data: string, nowMs: number): Scheduled | null {
    return this.admit(spec.edge, data, atUs, nowMs) ? this.schedule(spec, atUs, nowMs) : null;
  }

  /**
   * The cheap half, before the packet is decoded: false for the same packet seen again on this
   * line, or a line (or the page) over its markers for this second. Counts the packet as seen.
   */
  admit(edge: string, data: string, atUs: number, nowMs: number): boolean {
    const key = `${edge}|${data}`;
    const before = this.recent.get(key);
    if (before !== undefined && Math.abs(atUs - before) < SAME_PACKET_US) return false;
    this.recent.set(key, atUs);
    if (this.recent.size > 4096) this.prune(atUs);

    this.seenTotal++;
    const second = Math.floor(nowMs / 1000);
    let count = this.counts.get(edge);
    if (count === undefined || count.second !== second) {
      count = { second, seen: 0, shown: 0 };
      this.counts.set(edge, count);
    }
    count.seen++;
    if (this.page.second !== second) this.page = { second, shown: 0 };
    return count.shown < this.options.perEdgePerSecond && this.page.shown < PAGE_PER_SECOND;
  }

  /** The other half: when the marker of an admitted packet starts, or null when sampled away. */
  schedule(spec: MarkerSpec, atUs: number, nowMs: number): Scheduled | null {
    const { speed } = this.options;
    const durationMs = BASE_TRAVEL_MS / speed;
    const paced = this.anchor === null ? nowMs : this.anchor.wallMs + Math.max(0, atUs - this.anchor.atUs) / 1000;
    let startMs = Math.max(nowMs, paced);
    if (speed < 1) {
      const flow = this.flows.get(spec.flow);
      const chained = flow !== undefined && flow.endMs > startMs;
      const ongoing = spec.exchange !== null && (this.exchanges.get(spec.exchange) ?? -Infinity) > nowMs;
      if (chained) {
        if (!ongoing && flow.endMs - nowMs > maxWaitMs(speed)) return null;
        startMs = flow.endMs;
      }
    }
    const endMs = startMs + durationMs;
    if (speed < 1) {
      this.flows.set(spec.flow, { endMs, exchange: spec.exchange });
      // An exchange stays "under way" a little past its last marker, for the reply still coming.
      if (spec.exchange !== null) this.exchanges.set(spec.exchange, endMs + durationMs);
    }
    const count = this.counts.get(spec.edge);
    if (count !== undefined) count.shown++;
    this.page.shown++;
    this.shownTotal++;
    return { startMs, durationMs };
  }

  /** This second's packets and markers per line; lines without packets this second are left out. */
  edgeCounts(nowMs: number): ReadonlyMap<string, EdgeCount> {
    const second = Math.floor(nowMs / 1000);
    const out = new Map<string, EdgeCount>();
    for (const [edge, c] of this.counts) if (c.second >= second - 1) out.set(edge, { seen: c.seen, shown: c.shown });
    return out;
  }

  private prune(atUs: number): void {
    for (const [k, t] of this.recent) if (atUs - t > SAME_PACKET_US) this.recent.delete(k);
  }
}

/** How long a new exchange may wait for its flow's markers before it is sampled away: two hops. */
export const maxWaitMs = (speed: Speed): number => (2 * BASE_TRAVEL_MS) / speed;
