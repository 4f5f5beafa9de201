import type { AgentMessageOf, TablesBody } from '@netloom/protocol';
import { parseMarker } from '@netloom/topology';

import type { NlRelay } from '../exec/nl-relay';
import { parseTables, type RowFilter } from '../observe/tables';
import type { KernelChange, KernelWatch } from './kernel-watch';

type TablesMessage = AgentMessageOf<'tables'>;

/** Whoever watches tables (a connection): gets a `tables` message per watched namespace on change. */
export type TablesWatcher = { sendTelemetry(message: TablesMessage): void };

export type TablesWatchOptions = {
  readonly relay: Pick<NlRelay, 'tables'>;
  /** Wakes the reads: which namespace changed. */
  readonly kernel: Pick<KernelWatch, 'subscribe'>;
  /** The topology whose marker is on a namespace's `lo` (LiveState.ownerOfNamespace). */
  readonly ownerOf: (netns: string) => string | undefined;
  readonly onError: (message: string, error: unknown) => void;
  readonly now?: () => number;
};

/** Changes that arrive this close together are served by one read. */
const SETTLE_MS = 20;
/** Every watched namespace is read this often anyway: FDB ages move without a notification. */
const POLL_MS = 5000;

const keyOf = (topology: string, netns: string | null) => `${topology}\0${netns ?? ''}`;

/**
 * The kernel tables (addresses, routes, neighbours, FDB) of the namespaces clients look at, kept
 * live: the kernel watch (`nl-relay watch`) names the namespace of every change, and only those
 * namespaces are read again (`T`, one request each), and only what changed is sent. Nothing runs
 * while nobody watches.
 */
export class TablesWatch {
  private readonly o: TablesWatchOptions;
  private readonly now: () => number;
  private readonly watchers = new Map<TablesWatcher, { topology: string; namespaces: (string | null)[] }>();
  /** What was last sent for topology + namespace (JSON of the body), so only changes go out. */
  private readonly last = new Map<string, { json: string; message: TablesMessage }>();
  private pending: Set<string | null> | 'all' | null = null;
  private reading: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(options: TablesWatchOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
  }

  /**
   * What `watcher` watches from now on: these namespaces of `topology` (none: it stops). It gets
   * their tables at once, then on every change.
   */
  watch(watcher: TablesWatcher, topology: string, namespaces: readonly (string | null)[]): void {
    if (namespaces.length === 0) this.watchers.delete(watcher);
    else this.watchers.set(watcher, { topology, namespaces: [...new Set(namespaces)] });
    this.forgetUnwatched();
    this.running(this.watchers.size > 0);
    for (const netns of namespaces) {
      const known = this.last.get(keyOf(topology, netns));
      if (known !== undefined) watcher.sendTelemetry(known.message);
    }
    this.wake(new Set(namespaces));
  }

  unwatch(watcher: TablesWatcher): void {
    this.watch(watcher, '', []);
  }

  stop(): void {
    this.watchers.clear();
    this.running(false);
  }

  /** Resolves once every pending read has been sent (tests). */
  async settle(): Promise<void> {
    while (this.pending !== null || this.reading !== null)
      await (this.reading ?? new Promise((r) => setTimeout(r, SETTLE_MS)));
  }

  private forgetUnwatched(): void {
    const watched = new Set(this.watched().map(([topology, netns]) => keyOf(topology, netns)));
    for (const key of this.last.keys()) if (!watched.has(key)) this.last.delete(key);
  }

  /** Every (topology, namespace) someone watches, once. */
  private watched(): [string, string | null][] {
    const out = new Map<string, [string, string | null]>();
    for (const w of this.watchers.values())
      for (const netns of w.namespaces) out.set(keyOf(w.topology, netns), [w.topology, netns]);
    return [...out.values()];
  }

  private running(wanted: boolean): void {
    if (wanted && this.poll === null) {
      this.poll = setInterval(() => this.wake('all'), POLL_MS);
      this.unsubscribe = this.o.kernel.subscribe((change: KernelChange) =>
        this.wake(change === 'all' ? 'all' : new Set([change.netns])),
      );
    } else if (!wanted && this.poll !== null) {
      clearInterval(this.poll);
      this.poll = null;
      this.unsubscribe?.();
      this.unsubscribe = null;
      this.last.clear();
    }
  }

  private wake(which: ReadonlySet<string | null> | 'all'): void {
    if (this.watchers.size === 0) return;
    const first = this.pending === null;
    if (which === 'all' || this.pending === 'all') this.pending = 'all';
    else this.pending = new Set([...(this.pending ?? []), ...which]);
    if (first && this.reading === null) setTimeout(() => void this.drain(), SETTLE_MS);
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && this.watchers.size > 0) {
      const which = this.pending;
      this.pending = null;
      this.reading = this.read(which).catch((e: unknown) => this.o.onError('reading kernel tables failed', e));
      await this.reading;
      this.reading = null;
    }
    this.pending = null;
  }

  private async read(which: ReadonlySet<string | null> | 'all'): Promise<void> {
    const targets = this.watched().filter(([, netns]) => which === 'all' || which.has(netns));
    const byNetns = new Map<string | null, string[]>();
    for (const [topology, netns] of targets) byNetns.set(netns, [...(byNetns.get(netns) ?? []), topology]);
    await Promise.all(
      [...byNetns].map(async ([netns, topologies]) => {
        let frame: Buffer | null = null;
        let failure: string | null = null;
        try {
          frame = await this.o.relay.tables(netns);
        } catch (e: unknown) {
          failure = e instanceof Error ? e.message : String(e);
        }
        for (const topology of topologies) this.publish(topology, netns, frame, failure);
      }),
    );
  }

  private publish(topology: string, netns: string | null, frame: Buffer | null, failure: string | null): void {
    const where = netns === null ? 'the root namespace' : `namespace ${netns}`;
    let body: TablesBody = EMPTY;
    let error: string | undefined;
    if (netns !== null && this.o.ownerOf(netns) !== topology) {
      error = `${where} is not one of ${topology}'s (not applied, or torn down)`;
    } else if (frame === null) {
      error = `reading ${where} failed: ${failure ?? 'unknown'}`;
    } else {
      try {
        const { links: _links, ...tables } = parseTables(frame, netns === null ? ownedBy(topology) : undefined);
        body = tables;
      } catch (e: unknown) {
        error = `reading ${where} failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    const json = JSON.stringify([body, error]);
    const key = keyOf(topology, netns);
    if (this.last.get(key)?.json === json) return;
    const message: TablesMessage = {
      type: 'tables',
      at: this.now(),
      topology,
      netns,
      ...body,
      ...(error !== undefined && { error }),
    };
    this.last.set(key, { json, message });
    for (const [watcher, w] of this.watchers)
      if (w.topology === topology && w.namespaces.includes(netns)) watcher.sendTelemetry(message);
  }
}

const EMPTY: TablesBody = { addresses: [], routes: [], neighbours: [], fdb: [], truncated: [] };

/** In the root namespace, only the rows of interfaces that carry the topology's marker. */
const ownedBy =
  (topology: string): RowFilter =>
  (_ifindex, link) =>
    link !== undefined && !link.loopback && parseMarker(link.alias)?.topology === topology;
