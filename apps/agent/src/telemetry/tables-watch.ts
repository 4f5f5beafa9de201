import { createInterface } from 'node:readline';

import type { AgentMessageOf, TablesBody } from '@netloom/protocol';
import { parseMarker } from '@netloom/topology';

import { nativeBinary } from '../exec/native';
import type { NlRelay } from '../exec/nl-relay';
import type { ProcessScope } from '../exec/process-scope';
import { listNamespaces } from '../observe/observe';
import { parseTables, type RowFilter } from '../observe/tables';

type TablesMessage = AgentMessageOf<'tables'>;

/** Whoever watches tables (a connection): gets a `tables` message per watched namespace on change. */
export type TablesWatcher = { sendTelemetry(message: TablesMessage): void };

export type TablesWatchOptions = {
  readonly relay: Pick<NlRelay, 'tables' | 'namespaces'>;
  readonly scope: ProcessScope;
  /** The topology whose marker is on a namespace's `lo` (LiveState.ownerOfNamespace). */
  readonly ownerOf: (netns: string) => string | undefined;
  readonly onError: (message: string, error: unknown) => void;
  readonly now?: () => number;
  /** `nl-relay` (its `watch` mode wakes the reads); tests may pass another. */
  readonly binary?: string;
};

/** Changes that arrive this close together are served by one read. */
const SETTLE_MS = 20;
/** Every watched namespace is read this often anyway: FDB ages move without a notification. */
const POLL_MS = 5000;
/** A watch process that dies is started again after this long. */
const RESTART_MS = 1000;

const keyOf = (topology: string, netns: string | null) => `${topology}\0${netns ?? ''}`;

/**
 * The kernel tables (addresses, routes, neighbours, FDB) of the namespaces clients look at, kept
 * live: `nl-relay watch` prints the namespace of every address, route, neighbour or FDB change
 * (rtnetlink multicast groups, every namespace with an id), and only those namespaces are read
 * again (`T`, one request each), and only what changed is sent. Nothing runs while nobody watches.
 */
export class TablesWatch {
  private readonly o: TablesWatchOptions;
  private readonly now: () => number;
  private readonly watchers = new Map<TablesWatcher, { topology: string; namespaces: (string | null)[] }>();
  /** What was last sent for topology + namespace (JSON of the body), so only changes go out. */
  private readonly last = new Map<string, { json: string; message: TablesMessage }>();
  private nsids = new Map<number, string>();
  private listedAt = 0;
  private pending: Set<string | null> | 'all' | null = null;
  private reading: Promise<void> | null = null;
  private child: { stop(): void } | null = null;
  private poll: NodeJS.Timeout | null = null;
  private restart: NodeJS.Timeout | null = null;

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
      this.poll = setInterval(() => {
        // Ids are reused once a namespace is gone: list them again at the next change.
        this.nsids = new Map();
        this.wake('all');
      }, POLL_MS);
      this.startChild();
    } else if (!wanted && this.poll !== null) {
      clearInterval(this.poll);
      this.poll = null;
      if (this.restart !== null) clearTimeout(this.restart);
      this.restart = null;
      this.child?.stop();
      this.child = null;
      this.last.clear();
    }
  }

  private startChild(): void {
    if (this.o.scope.isClosed || this.poll === null) return;
    const child = this.o.scope.spawn(this.o.binary ?? nativeBinary('nl-relay'), ['watch']);
    let stopped = false;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => void this.onLine(line));
    child.stderr.resume();
    const ended = (why: string) => {
      if (stopped) return;
      stopped = true;
      if (this.child === handle) this.child = null;
      if (this.o.scope.isClosed) return; // the agent is stopping
      this.o.onError(`the tables watch ${why}; reading every ${POLL_MS / 1000} s until it runs again`, null);
      if (this.poll !== null && !this.o.scope.isClosed)
        this.restart = setTimeout(() => {
          this.restart = null;
          this.startChild();
        }, RESTART_MS);
    };
    child.once('error', (e) => ended(`could not start (${e.message})`));
    child.once('exit', (code, signal) => ended(`exited (${signal ?? code})`));
    const handle = {
      stop: () => {
        stopped = true;
        lines.close();
        child.kill('SIGTERM');
      },
    };
    this.child = handle;
  }

  private async onLine(line: string): Promise<void> {
    if (line === 'overflow') return this.wake('all');
    const nsid = Number(line);
    if (!Number.isInteger(nsid)) return;
    if (nsid < 0) return this.wake(new Set([null]));
    let name = this.nsids.get(nsid);
    if (name === undefined && this.now() - this.listedAt > 500) {
      this.listedAt = this.now();
      try {
        const listed = await listNamespaces(this.o.relay);
        this.nsids = new Map(listed.flatMap((ns) => (ns.id === undefined ? [] : [[ns.id, ns.name] as const])));
      } catch (e: unknown) {
        this.o.onError('listing namespaces for the tables watch failed', e);
      }
      name = this.nsids.get(nsid);
    }
    if (name !== undefined) this.wake(new Set([name]));
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
