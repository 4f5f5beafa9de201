import type { AgentMessageOf, CheckResult } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import type { KernelChange, KernelWatch } from '../telemetry/kernel-watch';
import { involvedNamespaces, type Involved } from './involved';

type ResultsMessage = AgentMessageOf<'checkResults'>;

/** Whoever keeps checks live (a connection): gets a `checkResults` after each run. */
export type ChecksWatcher = { send(message: ResultsMessage): void };

export type ChecksWatchOptions = {
  /** Runs the checks of these steps (indexes) against the kernel as it is. */
  readonly run: (doc: Document, steps: readonly number[]) => Promise<CheckResult[]>;
  /** Names the namespace of each kernel change; null: none (every check runs on the clock only). */
  readonly kernel: Pick<KernelWatch, 'subscribe'> | null;
  readonly onError: (message: string, error: unknown) => void;
};

/** Changes this close together make one run (a link set down is a burst: link, addresses, routes, neighbours). */
const SETTLE_MS = 20;
/** Every watched check runs this often anyway: a path beyond the namespaces a check names changes unseen. */
export const CHECKS_POLL_MS = 5000;
/** Runs of one watch start at least this far apart: a check's own ping changes neighbours, and must not drive itself. */
const MIN_GAP_MS = 250;

type Lane = 'urgent' | 'regular';

type Watch = {
  readonly watcher: ChecksWatcher;
  readonly id: string;
  readonly doc: Document;
  readonly steps: readonly number[];
  readonly involved: Involved;
  /** Steps with an FDB check: they care about neighbour and FDB changes too. */
  readonly learning: Set<number>;
  dirty: Set<number>;
  /** Dirty steps whose own namespace changed: they run at once, beside a regular run under way. */
  urgent: Set<number>;
  /** Per lane, the steps of its run under way whose results it will still send (null: none runs). */
  readonly inFlight: Record<Lane, Set<number> | null>;
  readonly lastStart: Record<Lane, number>;
  timer: NodeJS.Timeout | null;
  readonly poll: NodeJS.Timeout;
};

/**
 * Lesson checks a client keeps live (`watchChecks`): run at once, then again when a namespace
 * they involve changes (the kernel watch names it; only the steps that involve it run), and every
 * CHECKS_POLL_MS besides. One run per watch at a time; changes during a run make one more after it.
 */
export class ChecksWatch {
  private readonly o: ChecksWatchOptions;
  private readonly watches = new Map<ChecksWatcher, Watch>();
  private unsubscribe: (() => void) | null = null;

  constructor(options: ChecksWatchOptions) {
    this.o = options;
  }

  /** What `watcher` keeps live from now on: these steps of `doc` (null: nothing). */
  watch(watcher: ChecksWatcher, id: string, doc: Document | null, step?: number): void {
    this.end(watcher);
    if (doc !== null) {
      const all = (doc.lesson?.steps ?? []).map((_, i) => i);
      const steps = step === undefined ? all : [step];
      const w: Watch = {
        watcher,
        id,
        doc,
        steps,
        involved: involvedNamespaces(doc),
        learning: new Set(steps.filter((s) => doc.lesson?.steps[s]?.checks?.some((c) => c.type === 'fdb') === true)),
        dirty: new Set(steps),
        urgent: new Set(),
        inFlight: { urgent: null, regular: null },
        lastStart: { urgent: 0, regular: 0 },
        timer: null,
        poll: setInterval(() => this.mark(w, steps), CHECKS_POLL_MS),
      };
      this.watches.set(watcher, w);
      this.schedule(w, 0);
    }
    this.listening(this.watches.size > 0);
  }

  unwatch(watcher: ChecksWatcher): void {
    this.watch(watcher, '', null);
  }

  stop(): void {
    for (const watcher of [...this.watches.keys()]) this.end(watcher);
    this.listening(false);
  }

  private end(watcher: ChecksWatcher): void {
    const w = this.watches.get(watcher);
    if (w === undefined) return;
    clearInterval(w.poll);
    if (w.timer !== null) clearTimeout(w.timer);
    this.watches.delete(watcher);
  }

  private listening(wanted: boolean): void {
    if (wanted && this.unsubscribe === null && this.o.kernel !== null)
      this.unsubscribe = this.o.kernel.subscribe((change) => this.changed(change));
    else if (!wanted && this.unsubscribe !== null) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  /**
   * Neighbour and FDB changes only for steps with an FDB check: a check's own ping makes them
   * (ARP, learning), and would otherwise run the checks again and again.
   */
  private changed(change: KernelChange): void {
    for (const w of this.watches.values()) {
      if (change === 'all') {
        this.mark(w, w.steps);
        continue;
      }
      const counts = (s: number) => change.kind !== 'neighbour' || w.learning.has(s);
      const own = w.steps.filter((s) => w.involved.own.get(s)?.has(change.netns) === true && counts(s));
      const far = w.steps.filter((s) => w.involved.far.get(s)?.has(change.netns) === true && counts(s));
      this.mark(w, [...own, ...far], own);
    }
  }

  private mark(w: Watch, steps: readonly number[], urgent: readonly number[] = []): void {
    if (steps.length === 0) return;
    for (const s of steps) w.dirty.add(s);
    for (const s of urgent) w.urgent.add(s);
    if (w.timer === null && this.lane(w) !== null) this.schedule(w, SETTLE_MS);
  }

  /** The lane a run could start in now: urgent steps in theirs, the rest in the regular one. */
  private lane(w: Watch): Lane | null {
    if (w.inFlight.urgent === null && [...w.urgent].some((s) => w.dirty.has(s))) return 'urgent';
    if (w.inFlight.regular === null && w.dirty.size > 0) return 'regular';
    return null;
  }

  private schedule(w: Watch, delay: number): void {
    if (w.timer !== null) clearTimeout(w.timer);
    const lane = this.lane(w);
    if (lane === null) return;
    const wait = Math.max(delay, w.lastStart[lane] + MIN_GAP_MS - Date.now());
    w.timer = setTimeout(() => {
      w.timer = null;
      void this.run(w);
    }, wait);
  }

  private async run(w: Watch): Promise<void> {
    const watcher = w.watcher;
    const lane = this.lane(w);
    if (this.watches.get(watcher) !== w || lane === null) return;
    // The steps whose own namespace changed run at once, even beside a regular run of every
    // step (a gateway every step pings, changing, would otherwise hold them behind all the
    // others); that run then leaves them out of its answer, which is older than theirs.
    const steps = (lane === 'urgent' ? [...w.urgent].filter((s) => w.dirty.has(s)) : [...w.dirty]).sort(
      (a, b) => a - b,
    );
    for (const s of steps) w.dirty.delete(s);
    if (lane === 'urgent') {
      w.urgent = new Set();
      for (const s of steps) w.inFlight.regular?.delete(s);
    }
    const sending = new Set(steps);
    w.inFlight[lane] = sending;
    w.lastStart[lane] = Date.now();
    const started = performance.now();
    try {
      const results = await this.o.run(w.doc, steps);
      if (this.watches.get(watcher) !== w) return; // replaced or stopped meanwhile
      const fresh = results.filter((r) => sending.has(r.step));
      if (sending.size > 0)
        watcher.send({
          type: 'checkResults',
          id: w.id,
          topology: w.doc.name,
          results: fresh,
          durationMs: performance.now() - started,
        });
    } catch (e: unknown) {
      this.o.onError(`running the checks of ${w.doc.name} failed`, e);
    } finally {
      w.inFlight[lane] = null;
      if (this.watches.get(watcher) === w && w.timer === null) this.schedule(w, SETTLE_MS);
    }
  }
}
