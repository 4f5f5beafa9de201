import type { ChildProcessWithoutNullStreams } from 'node:child_process';

import type { EarlyRead } from './early-read';
import { nativeBinary } from './native';
import { processScope, type ProcessScope } from './process-scope';
import { Supervisor, type ServiceStatus } from './supervisor';

/** The kernel could not be read because a helper the agent needs is down; it is being restarted. */
export class ServiceUnavailableError extends Error {
  readonly service: string;
  constructor(service: string, message: string) {
    super(message);
    this.service = service;
  }
}

type Waiting = { resolve: (frame: Buffer) => void; reject: (e: Error) => void };

/**
 * Client of the nl-relay helper (apps/agent/native/nl-relay.c): requests go down its stdin,
 * raw rtnetlink answers come back as length-prefixed frames, in order. Requests are pipelined,
 * so reading 500 namespaces is one round of writes and reads through one process.
 *
 * The helper is supervised: when it dies, the requests it had not answered fail with an error
 * that says so (their answers are lost with it), a new one is started after a backoff, and the
 * requests made meanwhile wait for it.
 */
export class NlRelay {
  private readonly scope: ProcessScope;
  private readonly binary: string;
  private readonly supervisor: Supervisor;
  private readonly listeners = new Set<(status: ServiceStatus) => void>();
  private child: ChildProcessWithoutNullStreams | null = null;
  private waiting: Waiting[] = [];
  /** Received bytes not yet delivered, kept as chunks: a 700 KB dump arrives in ~10 reads, and joining on every read copied it ~10 times. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Set when the helper cannot be used at all (it cannot start, or the relay was closed). */
  private failure: Error | null = null;
  /** Request lines not written yet, and their callers (`queued`), in the same order. */
  private readonly pending: string[] = [];
  private readonly queued: Waiting[] = [];
  private closed = false;
  /** The answer to the `J` request the launcher made before this relay existed (cli/early.ts), until asked for. */
  private early: Promise<Buffer> | null = null;

  /** `early`: a helper the launcher started, with its whole-kernel read (`J`) already asked: taken over rather than started. */
  constructor(scope: ProcessScope = processScope, binary = nativeBinary('nl-relay'), early?: EarlyRead) {
    this.scope = scope;
    this.binary = binary;
    this.supervisor = new Supervisor({
      service: 'nl-relay',
      start: () => this.spawn(),
      onState: (status) => {
        // Nobody waits for a helper that keeps failing: its next start may be seconds away.
        if (status.state === 'failed') {
          this.pending.splice(0);
          for (const w of this.queued.splice(0)) w.reject(this.unavailable(status.detail ?? 'failed'));
        }
        for (const listener of this.listeners) listener(status);
      },
    });
    if (early !== undefined && early.child.pid !== undefined && !early.ended()) this.adopt(early);
    else this.spawn();
  }

  /** How the helper is doing, now and on every change (restarting after a death, running again). */
  get status(): ServiceStatus {
    return this.supervisor.status;
  }

  onStatus(listener: (status: ServiceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The pid of the running helper (tests kill it), or null while it is restarting. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  private spawn(): void {
    if (this.closed || this.scope.isClosed) return this.supervisor.stop();
    this.attach(this.scope.spawn(this.binary, []), false);
  }

  /**
   * Goes on with the launcher's helper: its `J` answer is the first frame it writes (what came
   * so far is already here), for the first `kernel()` call to take.
   */
  private adopt(early: EarlyRead): void {
    const child = this.scope.adopt(early.child);
    this.early = new Promise<Buffer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.early.catch(() => undefined); // never asked for: nobody waits for it
    const received = early.detach();
    this.attach(child, early.spawned());
    for (const chunk of received) this.receive(chunk);
  }

  private attach(child: ChildProcessWithoutNullStreams, running: boolean): void {
    this.child = child;
    this.chunks = [];
    this.buffered = 0;
    let stderr = '';
    let ended = false;
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.child === child) this.receive(chunk);
    });
    const end = (why: string, hopeless = false) => {
      if (ended) return;
      ended = true;
      if (this.child === child) this.child = null;
      const detail = `nl-relay ${why}${stderr === '' ? '' : `: ${stderr.trim()}`}`;
      const lost = this.waiting.splice(0);
      if (this.closed || this.scope.isClosed) {
        this.failure ??= new Error(`${detail}: the agent is stopping`);
        for (const w of [...lost, ...this.queued.splice(0)]) w.reject(this.failure);
        return this.supervisor.stop();
      }
      for (const w of lost) w.reject(this.unavailable(detail));
      this.supervisor.died(detail, hopeless);
    };
    if (running) this.supervisor.started();
    else child.once('spawn', () => this.supervisor.started());
    child.once('error', (e) => end(`could not start (${e.message}); run \`pnpm build\``, true));
    // 'close', not 'exit': the answers it wrote before ending may still be in the pipe at 'exit'.
    child.once('close', (code, signal) => end(`exited (${signal ?? code})`));
    child.stdin.on('error', () => undefined); // a write to a dead helper: 'close' says what happened
    this.flush();
  }

  /**
   * Links (`L`) or addresses (`A`) of the root namespace (nsid null) or the namespace with that
   * id; or counters (`S`) of the root namespace only.
   */
  request(kind: 'L' | 'A' | 'S', nsid: number | null): Promise<Buffer> {
    return this.ask(`${kind} ${nsid ?? -1}\n`);
  }

  /**
   * The whole kernel as one JSON document: the links and addresses of the root namespace and of
   * every namespace with an id, and every entry of /run/netns (src/observe/kernel-json.ts).
   */
  kernel(): Promise<Buffer> {
    const early = this.early;
    if (early === null) return this.ask('J\n');
    this.early = null;
    // Lost with a helper that died: asked again, as any request made now would be.
    return early.catch(() => this.ask('J\n'));
  }

  /** The links and addresses of the namespace with id `nsid`, as one JSON document. */
  namespace(nsid: number): Promise<Buffer> {
    return this.ask(`j ${nsid}\n`);
  }

  /**
   * Every entry of /run/netns with its id: records `<id>\0<name>\0` (id -1: none), or `E\0<why>\0`
   * when the directory cannot be read (none at all when it does not exist).
   */
  namespaces(): Promise<Buffer> {
    return this.ask('N\n');
  }

  /**
   * The tables of a namespace (null: the root namespace): links, addresses, routes, neighbours
   * and the bridge FDB, raw, in one frame (src/observe/tables.ts).
   */
  tables(netns: string | null): Promise<Buffer> {
    if (netns !== null && (/[\n\r/]/.test(netns) || netns.startsWith('-') || netns === ''))
      return Promise.reject(new Error(`not a namespace name: ${JSON.stringify(netns)}`));
    return this.ask(`T ${netns ?? '-'}\n`);
  }

  /** The raw answer to RTM_GETNSID for /run/netns/<name>; empty when the name cannot be opened. */
  namespaceId(name: string): Promise<Buffer> {
    // One request per line: a name with a line break would split it (netloom's validated names never have one).
    if (/[\n\r]/.test(name)) return Promise.resolve(Buffer.alloc(0));
    return this.ask(`I ${name}\n`);
  }

  /**
   * Requests made in one tick go down in one write: reading 500 namespaces is ~1500 requests.
   * While the helper restarts they wait (`queued`), and go down to the new one; once it is
   * `failed` they fail at once rather than wait for a helper that may not come back.
   */
  private ask(line: string): Promise<Buffer> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const status = this.supervisor.status;
    if (this.child === null && status.state === 'failed')
      return Promise.reject(this.unavailable(status.detail ?? 'nl-relay is not running'));
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) process.nextTick(() => this.flush());
      this.pending.push(line);
      this.queued.push({ resolve, reject });
    });
  }

  private flush(): void {
    const child = this.child;
    if (child === null || this.pending.length === 0) return;
    this.waiting.push(...this.queued.splice(0));
    child.stdin.write(this.pending.splice(0).join(''));
  }

  private unavailable(detail: string): ServiceUnavailableError {
    return new ServiceUnavailableError(
      'nl-relay',
      `reading the kernel failed: the agent's netlink reader is down (${detail}); it is restarted by itself, so try again in a moment`,
    );
  }

  /** Ends the helper for good: no restart. */
  close(): void {
    this.flush();
    this.closed = true;
    this.supervisor.stop();
    this.child?.stdin.end();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < 4) return;
      const len = this.peekLength();
      if (this.buffered < 4 + len) return;
      this.waiting.shift()?.resolve(this.take(4 + len).subarray(4));
    }
  }

  /** The length prefix of the next frame (its 4 bytes may straddle chunks). */
  private peekLength(): number {
    const first = this.chunks[0]!;
    return first.length >= 4 ? first.readUInt32LE(0) : this.take(4, true).readUInt32LE(0);
  }

  /**
   * The next `n` buffered bytes; copies only when they straddle chunks, and then only those
   * bytes: a dump of 500 namespaces is ~1500 frames, most of them inside one 64 KB read.
   */
  private take(n: number, peek = false): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      if (!peek) this.consume(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    for (const c of this.chunks) {
      if (copied === n) break;
      copied += c.copy(out, copied, 0, Math.min(c.length, n - copied));
    }
    if (!peek) this.consume(n);
    return out;
  }

  private consume(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      if (first.length > n) {
        this.chunks[0] = first.subarray(n);
        return;
      }
      n -= first.length;
      this.chunks.shift();
    }
  }
}
