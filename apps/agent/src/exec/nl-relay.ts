import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ChildProcessWithoutNullStreams } from 'node:child_process';

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

  constructor(scope: ProcessScope = processScope, binary = relayBinary()) {
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
      this.child.stdin.write(`${kind} ${nsid ?? -1}\n`);
    });
  }

  /** The raw answer to RTM_GETNSID for /run/netns/<name>; empty when the name cannot be opened. */
  namespaceId(name: string): Promise<Buffer> {
    // One request per line: a name with a line break would split it (netloom's validated names never have one).
    if (/[\n\r]/.test(name)) return Promise.resolve(Buffer.alloc(0));
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`I ${name}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < 4) return;
      const head = this.chunks[0]!.length >= 4 ? this.chunks[0]! : Buffer.concat(this.chunks);
      const len = head.readUInt32LE(0);
      if (this.buffered < 4 + len) return;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      const rest = all.subarray(4 + len);
      this.chunks = rest.length === 0 ? [] : [rest];
      this.buffered = rest.length;
      this.waiting.shift()?.resolve(all.subarray(4, 4 + len));
    }
  }
}

/** Next to the bundled agent (dist/), or in dist/ when running from source (tests). */
function relayBinary(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'nl-relay'), join(here, '..', '..', 'dist', 'nl-relay')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}
