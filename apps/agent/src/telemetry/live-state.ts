import type { AgentMessageOf, CounterValues, LinkStateEntry } from '@netloom/protocol';

import type { ProcessScope } from '../exec/process-scope';
import type { LinkSource, NamespaceLinks, ReadScope } from './link-source';
import { startMonitor } from './monitor';
import { diffLinkStates, linkKey, namespaceOwner, ownedLinks, toLinkState } from './owned-links';
import { computeRates } from './rates';

export type LiveStateOptions = {
  readonly source: LinkSource;
  readonly scope: ProcessScope;
  readonly countersIntervalMs: number;
  readonly onLinkState: (changed: LinkStateEntry[]) => void;
  readonly onCounters: (message: AgentMessageOf<'counters'>) => void;
  /** Owned links changed (by anyone): a cue to look for drift. */
  readonly onKernelChanged: () => void;
  readonly onError: (message: string, error: unknown) => void;
  readonly now?: () => number;
};

/** Wake-ups that arrive this close together are served by one read. */
const SETTLE_MS = 15;

/**
 * The live state of every owned interface. `ip monitor` wakes it up, the netlink reader says what
 * is true, and only what changed goes out; counters are read for every owned interface at a
 * fixed period (while anyone wants them), through the same reader.
 */
export class LiveState {
  private readonly o: LiveStateOptions;
  private readonly now: () => number;
  private states = new Map<string, LinkStateEntry>();
  private readonly namespaceOwners = new Map<string, string>();
  private readonly lastCounters = new Map<string, { readonly at: number; readonly values: CounterValues }>();
  private pending: Set<number | null> | 'all' | null = null;
  private reading: Promise<void> | null = null;
  private monitor: { stop(): void } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private countersWanted = false;
  private stopped = false;

  constructor(options: LiveStateOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.monitor = startMonitor(this.o.scope, {
      onLink: (nsid) => this.wake(nsid),
      onNamespaces: () => this.refresh(),
      onExit: (reason) => this.o.onError(reason, null),
    });
    await this.readAndPublish('all');
  }

  stop(): void {
    this.stopped = true;
    this.monitor?.stop();
    this.setCountersWanted(false);
  }

  /** Every owned interface as last read. */
  links(): LinkStateEntry[] {
    return [...this.states.values()];
  }

  /** Topologies with at least one owned interface or namespace in the kernel. */
  topologies(): Set<string> {
    return new Set([...[...this.states.values()].map((s) => s.topology), ...this.namespaceOwners.values()]);
  }

  /** The topology whose marker is on this namespace's `lo`, if any. */
  ownerOfNamespace(netns: string): string | undefined {
    return this.namespaceOwners.get(netns);
  }

  /** Re-read everything soon, listing namespaces again (after apply, down, netns events). */
  refresh(): void {
    this.o.source.invalidate();
    this.wake('all');
  }

  /** Resolves once the state reflects the kernel as of now (tests, handlers after a change). */
  async settle(): Promise<void> {
    this.refresh();
    while (this.pending !== null || this.reading !== null) await (this.reading ?? new Promise((r) => setTimeout(r, SETTLE_MS)));
  }

  setCountersWanted(wanted: boolean): void {
    this.countersWanted = wanted;
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
    else (this.pending ??= new Set()).add(nsid);
    if (first && this.reading === null) setTimeout(() => void this.drain(), SETTLE_MS);
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && !this.stopped) {
      const scope = this.pending;
      this.pending = null;
      this.reading = this.readAndPublish(scope).catch((e: unknown) => this.o.onError('reading link state failed', e));
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
    const next = new Map([...this.states].filter(([, s]) => !inScope(s.netns)));
    for (const ns of read) {
      if (ns.netns !== null) {
        const owner = namespaceOwner(ns.records);
        if (owner === null) this.namespaceOwners.delete(ns.netns);
        else this.namespaceOwners.set(ns.netns, owner);
      }
      for (const link of ownedLinks(ns.netns, ns.records)) next.set(linkKey(link.netns, link.ifname), toLinkState(link));
    }
    if (scope === 'all') for (const name of this.namespaceOwners.keys()) if (!readNames.has(name)) this.namespaceOwners.delete(name);
    const changed = diffLinkStates(this.states, next, inScope);
    this.states = next;
    if (changed.length > 0) {
      this.o.onLinkState(changed);
      this.o.onKernelChanged();
    }
  }

  private async pollCounters(): Promise<void> {
    if (this.reading !== null || this.stopped) return; // a read is running; the next tick will do
    const reading = this.readAndPublish('all');
    this.reading = reading.then(
      () => undefined,
      () => undefined,
    );
    try {
      const read = await reading;
      const at = this.now();
      const interfaces = read.flatMap((ns) =>
        ownedLinks(ns.netns, ns.records).map((link) => {
          const key = linkKey(link.netns, link.ifname);
          const values = link.record.counters;
          const before = this.lastCounters.get(key);
          this.lastCounters.set(key, { at, values });
          const rates = before === undefined ? undefined : computeRates(before.values, values, at - before.at);
          return { topology: link.topology, object: link.object, netns: link.netns, ifname: link.ifname, counters: values, ...(rates !== undefined && { rates }) };
        }),
      );
      const present = new Set(interfaces.map((i) => linkKey(i.netns, i.ifname)));
      for (const key of this.lastCounters.keys()) if (!present.has(key)) this.lastCounters.delete(key);
      if (this.countersWanted) this.o.onCounters({ type: 'counters', at, interfaces });
    } catch (e: unknown) {
      this.o.onError('reading counters failed', e);
    } finally {
      this.reading = null;
      if (this.pending !== null) void this.drain();
    }
  }
}
