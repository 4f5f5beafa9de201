import type { AgentMessageOf, CounterValues, LinkStateEntry } from '@netloom/protocol';

import type { ProcessScope } from '../exec/process-scope';
import { Supervisor, type ServiceStatus } from '../exec/supervisor';
import { CounterBook, type CounterReading } from './counter-book';
import type { LinkSource, NamespaceLinks, ReadScope } from './link-source';
import { startMonitor } from './monitor';
import { linkKey, namespaceOwner, ownedLinks, updateLinkStates, type OwnedLink } from './owned-links';
import { mirrorCounters, rootMirrors } from './veth-mirror';

export type LiveStateOptions = {
  readonly source: LinkSource;
  readonly scope: ProcessScope;
  readonly countersIntervalMs: number;
  readonly onLinkState: (changed: LinkStateEntry[]) => void;
  readonly onCounters: (message: AgentMessageOf<'counters'>) => void;
  /** Owned links changed (by anyone): a cue to look for drift. */
  readonly onKernelChanged: () => void;
  /** The link monitor died, is being restarted, or runs again. */
  readonly onMonitorStatus?: (status: ServiceStatus) => void;
  readonly onError: (message: string, error: unknown) => void;
  readonly now?: () => number;
};

/** Wake-ups that arrive this close together are served by one read. */
const SETTLE_MS = 15;
/** Every this many counter polls, every namespace is read (drops and errors of mirrored veth ends). */
const FULL_READ_EVERY = 30;
/**
 * While an apply runs, link state is read once this often, and `ip monitor` is stopped. The
 * kernel then changes by the thousand (a star of 500 namespaces is 3500 commands): the monitor
 * printing every change (and overflowing its socket) and the reads each change woke took the CPU
 * from the apply's own `ip` processes, 10 s against 6 s for the same apply from the CLI.
 */
const BUSY_READ_INTERVAL_MS = 1000;

/**
 * The live state of every owned interface. `ip monitor` wakes it up, the netlink reader says what
 * is true, and only what changed goes out. Counters are polled at a fixed period while anyone
 * wants them, reading only the namespaces that cannot be counted from the root namespace.
 */
export class LiveState {
  private readonly o: LiveStateOptions;
  private readonly now: () => number;
  private readonly states = new Map<string, LinkStateEntry>();
  private readonly owned = new Map<string, OwnedLink>();
  private readonly nsids = new Map<string, number>();
  private readonly namespaceOwners = new Map<string, string>();
  private mirrors = new Map<string, string>();
  private readonly book = new CounterBook();
  private pending: Set<number | null> | 'all' | null = null;
  private reading: Promise<void> | null = null;
  private monitor: { stop(): void; readonly pid: number | undefined } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polls = 0;
  private stopped = false;
  private busyTimer: NodeJS.Timeout | null = null;
  /** Restarts `ip monitor` when it dies: without it no change would reach a client. */
  private readonly monitorSupervisor: Supervisor;

  constructor(options: LiveStateOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.monitorSupervisor = new Supervisor({
      service: 'link-monitor',
      start: () => this.startMonitor(),
      onState: (status) => options.onMonitorStatus?.(status),
      now: this.now,
    });
  }

  /** The running `ip monitor`'s pid (tests kill it), or null. */
  get monitorPid(): number | null {
    return this.monitor?.pid ?? null;
  }

  /** How `ip monitor` is doing. */
  get monitorStatus(): ServiceStatus {
    return this.monitorSupervisor.status;
  }

  async start(): Promise<void> {
    this.startMonitor();
    await this.readAndPublish('all');
  }

  stop(): void {
    this.stopped = true;
    this.monitorSupervisor.stop();
    this.monitor?.stop();
    this.setBusy(false);
    this.setCountersWanted(false);
  }

  private startMonitor(): void {
    // While an apply runs the monitor stays off on purpose (setBusy starts it again).
    if (this.stopped || this.busyTimer !== null || this.o.scope.isClosed) return;
    const monitor = startMonitor(this.o.scope, {
      onLink: (nsid) => this.wake(nsid),
      onNamespaces: () => this.refresh(),
      onStart: () => {
        const wasDown = this.monitorSupervisor.status.state !== 'ok';
        this.monitorSupervisor.started();
        // Whatever changed while it was down woke nobody: read everything once.
        if (wasDown) this.refresh();
      },
      onExit: (reason) => {
        if (this.monitor === monitor) this.monitor = null;
        this.o.onError(reason, null);
        if (!this.stopped && !this.o.scope.isClosed) this.monitorSupervisor.died(reason);
      },
    });
    this.monitor = monitor;
  }

  /** Every owned interface as last read. */
  links(): LinkStateEntry[] {
    return [...this.states.values()];
  }

  /** Topologies with at least one owned interface or namespace in the kernel. */
  topologies(): Set<string> {
    return new Set([...[...this.states.values()].map((s) => s.topology), ...this.namespaceOwners.values()]);
  }

  /** What each topology holds in the kernel: its marked namespaces and interfaces ("This host"). */
  holdings(): Map<string, { namespaces: number; interfaces: number }> {
    const held = new Map<string, { namespaces: number; interfaces: number }>();
    const of = (topology: string) => {
      let h = held.get(topology);
      if (h === undefined) held.set(topology, (h = { namespaces: 0, interfaces: 0 }));
      return h;
    };
    for (const topology of this.namespaceOwners.values()) of(topology).namespaces++;
    for (const state of this.states.values()) of(state.topology).interfaces++;
    return held;
  }

  /** The topology whose marker is on this namespace's `lo`, if any. */
  ownerOfNamespace(netns: string): string | undefined {
    return this.namespaceOwners.get(netns);
  }

  /** The latest counters of every owned interface (for a client that just subscribed), or null before the first poll. */
  latestCounters(): AgentMessageOf<'counters'> | null {
    return this.book.at === 0 ? null : { type: 'counters', at: this.book.at, full: true, interfaces: this.book.full() };
  }

  /** Re-read everything soon, listing namespaces again (after apply, down, netns events). */
  refresh(): void {
    this.o.source.invalidate();
    this.wake('all');
  }

  /** Resolves once the state reflects the kernel as of now (tests, handlers after a change). */
  async settle(): Promise<void> {
    this.refresh();
    while (this.pending !== null || this.reading !== null)
      await (this.reading ?? new Promise((r) => setTimeout(r, SETTLE_MS)));
  }

  /**
   * An apply is running (true): read on a clock instead of on every change; or it has ended
   * (false): watch every change again (then `settle` to read what the apply left).
   */
  setBusy(busy: boolean): void {
    if (busy && this.busyTimer === null && !this.stopped) {
      this.monitor?.stop();
      this.monitor = null;
      this.busyTimer = setInterval(() => this.refresh(), BUSY_READ_INTERVAL_MS);
    } else if (!busy && this.busyTimer !== null) {
      clearInterval(this.busyTimer);
      this.busyTimer = null;
      if (!this.stopped) this.startMonitor();
    }
  }

  setCountersWanted(wanted: boolean): void {
    if (wanted && this.timer === null && !this.stopped) {
      this.timer = setInterval(() => void this.pollCounters(), this.o.countersIntervalMs);
    } else if (!wanted && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private wake(nsid: number | null | 'all'): void {
    if (this.stopped) return;
    const first = this.pending === null;
    if (nsid === 'all' || this.pending === 'all') this.pending = 'all';
    else {
      const set: Set<number | null> = this.pending ?? new Set();
      set.add(nsid);
      this.pending = set;
    }
    if (first && this.reading === null) setTimeout(() => void this.drain(), SETTLE_MS);
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && !this.stopped) {
      const scope = this.pending;
      this.pending = null;
      this.reading = this.readAndPublish(scope).then(
        () => undefined,
        (e: unknown) => this.o.onError('reading link state failed', e),
      );
      await this.reading;
      this.reading = null;
    }
  }

  private async readAndPublish(scope: ReadScope): Promise<NamespaceLinks[]> {
    const read = await this.o.source.read(scope);
    this.publish(read, scope);
    return read;
  }

  private publish(read: readonly NamespaceLinks[], scope: ReadScope): void {
    const readNames = new Set(read.map((r) => r.netns));
    const inScope = (netns: string | null) => scope === 'all' || readNames.has(netns);
    for (const [key, link] of this.owned) if (inScope(link.netns)) this.owned.delete(key);
    if (scope === 'all') {
      this.nsids.clear();
      this.namespaceOwners.clear();
    }
    const links: OwnedLink[] = [];
    for (const ns of read) {
      if (ns.netns !== null && ns.nsid !== null) {
        this.nsids.set(ns.netns, ns.nsid);
        const owner = namespaceOwner(ns.records);
        if (owner === null) this.namespaceOwners.delete(ns.netns);
        else this.namespaceOwners.set(ns.netns, owner);
      }
      for (const link of ownedLinks(ns.netns, ns.records)) {
        this.owned.set(linkKey(link.netns, link.ifname), link);
        links.push(link);
      }
    }
    if (scope === 'all') this.mirrors = rootMirrors(this.owned.values());
    const changed = updateLinkStates(this.states, links, inScope);
    if (changed.length > 0) {
      this.o.onLinkState(changed);
      this.o.onKernelChanged();
    }
  }

  /**
   * Namespaces whose links must be read in full for counters: those where something owned is not
   * a mirrored veth end (the root namespace is counted by the lighter stats dump), or all of them
   * now and then.
   */
  private counterScope(): ReadScope {
    if (this.polls++ % FULL_READ_EVERY === 0) return 'all';
    const scope = new Set<number | null>();
    for (const [key, link] of this.owned) {
      if (link.netns === null || this.mirrors.has(key)) continue;
      const nsid = this.nsids.get(link.netns);
      if (nsid === undefined) return 'all';
      scope.add(nsid);
    }
    return scope;
  }

  private updateRootCounters(counters: ReadonlyMap<number, CounterValues>): void {
    for (const [key, link] of this.owned) {
      const fresh = link.netns === null ? counters.get(link.record.ifindex) : undefined;
      if (fresh !== undefined) this.owned.set(key, { ...link, record: { ...link.record, counters: fresh } });
    }
  }

  private async pollCounters(): Promise<void> {
    if (this.reading !== null || this.stopped) return; // a read is running; the next tick will do
    const scope = this.counterScope();
    const reading = Promise.all([
      scope === 'all' || scope.size > 0 ? this.readAndPublish(scope) : Promise.resolve([]),
      scope === 'all' ? Promise.resolve(null) : this.o.source.readRootCounters(),
    ]);
    this.reading = reading.then(
      () => undefined,
      () => undefined,
    );
    try {
      const [, rootCounters] = await reading;
      if (rootCounters !== null) this.updateRootCounters(rootCounters);
      const at = this.now();
      const readings = [...this.owned.entries()].map(([key, link]): CounterReading => {
        const near = this.mirrors.get(key);
        const peer = near === undefined ? undefined : this.owned.get(near);
        const counters =
          peer === undefined ? link.record.counters : mirrorCounters(peer.record.counters, link.record.counters);
        return { topology: link.topology, object: link.object, netns: link.netns, ifname: link.ifname, counters };
      });
      const delta = this.book.record(at, readings);
      this.o.onCounters({ type: 'counters', at, full: false, interfaces: delta });
    } catch (e: unknown) {
      this.o.onError('reading counters failed', e);
    } finally {
      this.reading = null;
      if (this.pending !== null) void this.drain();
    }
  }
}
