import type { AgentMessageOf, ChangeSummary, StatusReport } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

/** What differs between a document and the kernel, in the shape `plan` uses. Pure. */
export function driftChanges(report: StatusReport): ChangeSummary[] {
  const objects = report.objects.flatMap((o): ChangeSummary[] => {
    if (o.state === 'missing') return [{ op: 'create', key: o.id, kind: o.kind }];
    if (o.state === 'drifted')
      return [{ op: 'update', key: o.id, kind: o.kind, ...(o.fields !== undefined && { fields: [...o.fields] }) }];
    return [];
  });
  const orphans = report.orphans.map((o): ChangeSummary => ({
    op: 'delete',
    key: `${o.netns ?? '(root)'}/${o.ifname}`,
    kind: 'orphan',
  }));
  return [...objects, ...orphans];
}

export type DriftOptions = {
  readonly documents: () => readonly Document[];
  /**
   * Brings `documents` in line with what was applied before each check (the CLI applies and
   * takes down beside the agent); returns the topologies no longer applied, whose drift is over.
   */
  readonly refresh?: () => Promise<readonly string[]>;
  readonly status: (doc: Document) => Promise<StatusReport>;
  readonly onDrift: (message: AgentMessageOf<'drift'>) => void;
  /** A topology `refresh` found taken down outside the agent: pages drawing it must stop offering it. */
  readonly onRemoved?: (message: AgentMessageOf<'topologyRemoved'>) => void;
  readonly onError: (message: string, error: unknown) => void;
  /** Whether anyone listens: with nobody subscribed, link events cost no status read. */
  readonly wanted: () => boolean;
  readonly now?: () => number;
  /** At most one check per this period, however many link events arrive. */
  readonly throttleMs?: number;
};

/**
 * Compares each applied document with the kernel after link events, and reports a topology's
 * drift when it changes (including back to none). Paused while an apply runs, since an apply's
 * own half-done state is not drift.
 */
export class DriftWatcher {
  private readonly o: DriftOptions;
  private readonly last = new Map<string, AgentMessageOf<'drift'>>();
  private timer: NodeJS.Timeout | null = null;
  private paused = 0;
  private dirty = false;
  private running: Promise<void> | null = null;

  constructor(options: DriftOptions) {
    this.o = options;
  }

  kick(): void {
    this.dirty = true;
    if (this.paused > 0 || this.timer !== null || !this.o.wanted()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, this.o.throttleMs ?? 500);
    this.timer.unref();
  }

  pause(): void {
    this.paused++;
  }

  resume(): void {
    this.paused = Math.max(0, this.paused - 1);
    if (this.paused === 0 && this.dirty) this.kick();
  }

  /** The last drift reported per topology, where there is some (for a client that just subscribed). */
  current(): AgentMessageOf<'drift'>[] {
    return [...this.last.values()].filter((m) => m.changes.length > 0);
  }

  /**
   * A topology was taken down: its drift is over. Clients that were shown some are told it is
   * gone (`changes: []`), so no page keeps a banner for a topology that no longer exists.
   */
  forget(topology: string): void {
    const last = this.last.get(topology);
    this.last.delete(topology);
    if (last !== undefined && last.changes.length > 0)
      this.o.onDrift({ type: 'drift', at: (this.o.now ?? Date.now)(), topology, changes: [] });
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.paused = 1;
  }

  async check(): Promise<void> {
    if (this.running !== null) return void (await this.running);
    this.dirty = false;
    this.running = this.run().finally(() => (this.running = null));
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      for (const name of (await this.o.refresh?.()) ?? []) {
        this.forget(name);
        this.o.onRemoved?.({ type: 'topologyRemoved', at: (this.o.now ?? Date.now)(), topology: name });
      }
    } catch (e: unknown) {
      this.o.onError('reading the applied documents failed', e);
    }
    for (const doc of this.o.documents()) {
      try {
        const changes = driftChanges(await this.o.status(doc));
        // Taken down while its status was read: what was read is the teardown, not drift.
        if (!this.o.documents().includes(doc)) continue;
        if (JSON.stringify(this.last.get(doc.name)?.changes ?? []) === JSON.stringify(changes)) continue;
        const message: AgentMessageOf<'drift'> = {
          type: 'drift',
          at: (this.o.now ?? Date.now)(),
          topology: doc.name,
          changes,
        };
        this.last.set(doc.name, message);
        this.o.onDrift(message);
      } catch (e: unknown) {
        this.o.onError(`checking drift of ${doc.name} failed`, e);
      }
    }
  }
}
