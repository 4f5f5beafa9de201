import type { AgentMessageOf, CounterValues } from '@netloom/protocol';

import { computeRates } from './rates';

export type CounterSample = AgentMessageOf<'counters'>['interfaces'][number];
export type CounterReading = Omit<CounterSample, 'rates'>;

const same = (a: CounterValues, b: CounterValues) =>
  a.rxBytes === b.rxBytes &&
  a.txBytes === b.txBytes &&
  a.rxPackets === b.rxPackets &&
  a.txPackets === b.txPackets &&
  a.rxErrors === b.rxErrors &&
  a.txErrors === b.txErrors &&
  a.rxDropped === b.rxDropped &&
  a.txDropped === b.txDropped;

/**
 * Successive counter readings → rates, and the delta worth sending: interfaces whose counters
 * moved, plus those that just stopped (so clients see their rate drop to zero). Idle interfaces
 * cost nothing on the wire. `full()` is the whole picture, for a client that just subscribed.
 */
export class CounterBook {
  private readonly latest = new Map<string, { sample: CounterSample; moving: boolean; seen: number }>();
  private latestAt = 0;
  private generation = 0;

  /** Takes one poll's readings (every owned interface) and returns what changed. */
  record(at: number, readings: readonly CounterReading[]): CounterSample[] {
    const generation = ++this.generation;
    const elapsed = at - this.latestAt;
    const delta: CounterSample[] = [];
    for (const r of readings) {
      const key = `${r.netns ?? ''}/${r.ifname}`;
      const entry = this.latest.get(key);
      if (entry === undefined) {
        this.latest.set(key, { sample: r, moving: true, seen: generation });
        delta.push(r);
        continue;
      }
      const rates = computeRates(entry.sample.counters, r.counters, elapsed);
      const sample: CounterSample =
        rates === undefined
          ? r
          : { topology: r.topology, object: r.object, netns: r.netns, ifname: r.ifname, counters: r.counters, rates };
      const moved = !same(entry.sample.counters, r.counters);
      if (moved || entry.moving) delta.push(sample);
      entry.sample = sample;
      entry.moving = moved;
      entry.seen = generation;
    }
    for (const [key, entry] of this.latest) if (entry.seen !== generation) this.latest.delete(key);
    this.latestAt = at;
    return delta;
  }

  full(): CounterSample[] {
    return [...this.latest.values()].map((e) => e.sample);
  }

  /** When the latest sample was taken (0 before the first). */
  get at(): number {
    return this.latestAt;
  }
}
