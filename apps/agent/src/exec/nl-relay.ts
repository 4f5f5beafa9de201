import type { ChildProcessWithoutNullStreams } from 'node:child_process';

import { nativeBinary } from './native';
import { processScope, type ProcessScope } from './process-scope';

/**
 * Client of the nl-relay helper (apps/agent/native/nl-relay.c): requests go down its stdin,
 * raw rtnetlink answers come back as length-prefixed frames, in order. Requests are pipelined,
 * so reading 500 namespaces is one round of writes and reads through one process.
 */
export class NlRelay {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (frame: Buffer) => void; reject: (e: Error) => void }[] = [];
  /** Received bytes not yet delivered, kept as chunks: a 700 KB dump arrives in ~10 reads, and joining on every read copied it ~10 times. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: Error | null = null;
  private readonly pending: string[] = [];

  constructor(scope: ProcessScope = processScope, binary = nativeBinary('nl-relay')) {
    this.child = scope.spawn(binary, []);
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    const fail = (why: string) => {
      this.failure = new Error(`nl-relay ${why}${stderr === '' ? '' : `: ${stderr.trim()}`}`);
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    this.child.once('error', (e) => fail(`could not start (${e.message}); run \`pnpm build\``));
    this.child.once('exit', (code, signal) => fail(`exited (${signal ?? code})`));
    this.child.stdin.on('error', () => fail('closed its input'));
  }

  /**
   * Links (`L`) or addresses (`A`) of the root namespace (nsid null) or the namespace with that
   * id; or counters (`S`) of the root namespace only.
   */
  request(kind: 'L' | 'A' | 'S', nsid: number | null): Promise<Buffer> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.send(`${kind} ${nsid ?? -1}\n`);
    });
  }

  /**
   * The whole kernel as one JSON document: the links and addresses of the root namespace and of
   * every namespace with an id, and every entry of /run/netns (src/observe/kernel-json.ts).
   */
  kernel(): Promise<Buffer> {
    return this.ask('J\n');
  }

  /** The links and addresses of the namespace with id `nsid`, as one JSON document. */
  namespace(nsid: number): Promise<Buffer> {
    return this.ask(`j ${nsid}\n`);
  }

  private ask(line: string): Promise<Buffer> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.send(line);
    });
  }

  /**
   * Every entry of /run/netns with its id: records `<id>\0<name>\0` (id -1: none), or `E\0<why>\0`
   * when the directory cannot be read (none at all when it does not exist).
   */
  namespaces(): Promise<Buffer> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.send('N\n');
    });
  }

  /** The raw answer to RTM_GETNSID for /run/netns/<name>; empty when the name cannot be opened. */
  namespaceId(name: string): Promise<Buffer> {
    // One request per line: a name with a line break would split it (netloom's validated names never have one).
    if (/[\n\r]/.test(name)) return Promise.resolve(Buffer.alloc(0));
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.send(`I ${name}\n`);
    });
  }

  /** Requests made in one tick go down in one write: reading 500 namespaces is ~1500 requests. */
  private send(line: string): void {
    if (this.pending.length === 0) process.nextTick(() => this.flush());
    this.pending.push(line);
  }

  private flush(): void {
    if (this.pending.length > 0) this.child.stdin.write(this.pending.splice(0).join(''));
  }

  close(): void {
    this.flush();
    this.child.stdin.end();
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
