import { createInterface } from 'node:readline';

import { nativeBinary } from '../exec/native';
import type { NlRelay } from '../exec/nl-relay';
import type { ProcessScope } from '../exec/process-scope';
import { Supervisor, type ServiceStatus } from '../exec/supervisor';
import { listNamespaces } from '../observe/observe';

/**
 * A namespace (null: the root one) where a link, address, route or neighbour/FDB entry changed,
 * or 'all' (some changes were lost, or the watch was down).
 */
export type KernelChange = { readonly netns: string | null; readonly kind: ChangeKind } | 'all';
export type ChangeKind = 'link' | 'address' | 'route' | 'neighbour';

const KINDS: Readonly<Record<string, ChangeKind>> = { l: 'link', a: 'address', r: 'route', n: 'neighbour' };

export type KernelWatchOptions = {
  readonly relay: Pick<NlRelay, 'namespaces'>;
  readonly scope: ProcessScope;
  readonly onError: (message: string, error: unknown) => void;
  /** The watch process died, is being restarted, or runs again (the agent's `health`). */
  readonly onStatus?: (status: ServiceStatus) => void;
  readonly now?: () => number;
  /** `nl-relay` (its `watch` mode); tests may pass another. */
  readonly binary?: string;
};

/** Namespaces are listed again for an unknown id at most this often, */
const RELIST_MS = 500;
/** and for any id once the list is this old. */
const ID_TTL_MS = 5000;

/** The service name clients see in `health`. */
export const KERNEL_WATCH_SERVICE = 'kernel-watch';

/**
 * Who in the agent hears of kernel changes: `nl-relay watch` prints the namespace id of every
 * link, address, route, neighbour or FDB change (rtnetlink multicast groups, every namespace
 * with an id), and each subscriber gets the namespace's name. The kernel tables (TablesWatch) and
 * the lesson checks clients keep live (ChecksWatch) subscribe. The process runs only while
 * someone subscribes, and is supervised like the agent's other helpers: when it dies it is
 * started again after a backoff, and its state is in `health`; subscribers get 'all' once it runs
 * again, since the changes in between woke nobody.
 */
export class KernelWatch {
  private readonly o: KernelWatchOptions;
  private readonly now: () => number;
  private readonly supervisor: Supervisor;
  private readonly subscribers = new Set<(change: KernelChange) => void>();
  private nsids = new Map<number, string>();
  private listedAt = 0;
  private child: { stop(): void; readonly pid: number | undefined } | null = null;
  private closed = false;

  constructor(options: KernelWatchOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.supervisor = new Supervisor({
      service: KERNEL_WATCH_SERVICE,
      start: () => this.startChild(),
      onState: (status) => options.onStatus?.(status),
      now: this.now,
    });
  }

  get status(): ServiceStatus {
    return this.supervisor.status;
  }

  /** The running watch process's pid (tests kill it), or null. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Calls `listener` on every change from now on; returns the unsubscribe. */
  subscribe(listener: (change: KernelChange) => void): () => void {
    this.subscribers.add(listener);
    if (this.child === null) this.startChild();
    return () => {
      this.subscribers.delete(listener);
      if (this.subscribers.size === 0) this.stopChild();
    };
  }

  close(): void {
    this.closed = true;
    this.subscribers.clear();
    this.supervisor.stop();
    this.stopChild();
  }

  private stopChild(): void {
    const child = this.child;
    this.child = null;
    child?.stop();
  }

  private startChild(): void {
    if (this.closed || this.o.scope.isClosed || this.child !== null) return;
    // A restart due when nobody subscribes any more: nothing to watch, and nothing wrong.
    if (this.subscribers.size === 0) return this.supervisor.started();
    const child = this.o.scope.spawn(this.o.binary ?? nativeBinary('nl-relay'), ['watch']);
    let ended = false;
    let stderr = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => void this.onLine(line));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const end = (why: string, hopeless = false) => {
      if (ended) return;
      ended = true;
      if (this.child !== handle) return; // stopped on purpose
      this.child = null;
      if (this.closed || this.o.scope.isClosed) return; // the agent is stopping
      const detail = `nl-relay watch ${why}${stderr === '' ? '' : `: ${stderr.trim()}`}`;
      this.o.onError(`${detail}; kernel tables and lesson checks are read every 5 s until it runs again`, null);
      this.supervisor.died(detail, hopeless);
    };
    child.once('spawn', () => {
      if (this.child !== handle) return;
      const wasDown = this.supervisor.status.state !== 'ok';
      this.supervisor.started();
      if (wasDown) this.emit('all');
    });
    child.once('error', (e) => end(`could not start (${e.message}); run \`pnpm build\``, true));
    child.once('exit', (code, signal) => end(`exited (${signal ?? code})`));
    const handle = {
      pid: child.pid,
      stop: () => {
        lines.close();
        child.kill('SIGTERM');
      },
    };
    this.child = handle;
  }

  private emit(change: KernelChange): void {
    for (const listener of this.subscribers) listener(change);
  }

  private async onLine(line: string): Promise<void> {
    if (line === 'overflow') return this.emit('all');
    const [id = '', letter = ''] = line.split(' ');
    const nsid = Number(id);
    const kind = Object.hasOwn(KINDS, letter) ? KINDS[letter] : undefined;
    if (!Number.isInteger(nsid) || kind === undefined) return;
    if (nsid < 0) return this.emit({ netns: null, kind });
    // Ids are reused once a namespace is gone: an old list is not trusted.
    let name = this.now() - this.listedAt > ID_TTL_MS ? undefined : this.nsids.get(nsid);
    if (name === undefined && this.now() - this.listedAt > RELIST_MS) {
      this.listedAt = this.now();
      try {
        const listed = await listNamespaces(this.o.relay);
        this.nsids = new Map(listed.flatMap((ns) => (ns.id === undefined ? [] : [[ns.id, ns.name] as const])));
      } catch (e: unknown) {
        this.o.onError('listing namespaces for the kernel watch failed', e);
      }
      name = this.nsids.get(nsid);
    }
    if (name !== undefined) this.emit({ netns: name, kind });
  }
}
