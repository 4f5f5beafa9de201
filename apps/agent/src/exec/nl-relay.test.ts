import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEarlyRead } from './early-read';
import { NlRelay } from './nl-relay';
import { ProcessScope } from './process-scope';

/**
 * A stand-in for nl-relay that answers "L <n>" with a frame of n bytes (each byte = n % 251) and
 * writes its output in pieces of 7 bytes, so frames and length prefixes straddle reads.
 */
const FAKE = `#!/usr/bin/env node
let input = '';
const out = [];
process.stdin.on('data', (d) => {
  input += d;
  let nl;
  while ((nl = input.indexOf('\\n')) >= 0) {
    const n = Number(input.slice(2, nl));
    input = input.slice(nl + 1);
    const frame = Buffer.alloc(4 + n, n % 251);
    frame.writeUInt32LE(n, 0);
    out.push(frame);
  }
});
process.stdin.on('end', () => {
  const all = Buffer.concat(out);
  for (let i = 0; i < all.length; i += 7) process.stdout.write(all.subarray(i, i + 7));
});
`;

/** A stand-in that answers each "L <n>" at once with n bytes, except n = 7, which it never answers. */
const PROMPT = `#!/usr/bin/env node
let input = '';
process.stdin.on('data', (d) => {
  input += d;
  let nl;
  while ((nl = input.indexOf('\\n')) >= 0) {
    const n = Number(input.slice(2, nl));
    input = input.slice(nl + 1);
    if (n === 7) continue;
    const frame = Buffer.alloc(4 + n, n % 251);
    frame.writeUInt32LE(n, 0);
    process.stdout.write(frame);
  }
});
`;

/**
 * A stand-in that answers "J" with a 100,000-byte frame and "L <n>" with n bytes, and writes
 * every request line it got to the file named by its first argument.
 */
const COUNTING = `#!/usr/bin/env node
const { appendFileSync } = require('node:fs');
let input = '';
process.stdin.on('data', (d) => {
  input += d;
  let nl;
  while ((nl = input.indexOf('\\n')) >= 0) {
    const line = input.slice(0, nl);
    input = input.slice(nl + 1);
    appendFileSync(process.argv[2], line + '\\n');
    const n = line === 'J' ? 100000 : Number(line.slice(2));
    const frame = Buffer.alloc(4 + n, line === 'J' ? 74 : n % 251);
    frame.writeUInt32LE(n, 0);
    process.stdout.write(frame);
  }
});
`;

/** A stand-in that reads every request and never answers. */
const SILENT = `#!/usr/bin/env node
process.stdin.resume();
`;

describe('NlRelay framing', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nl-relay-test-'));
    for (const [name, text] of [
      ['fake-relay', FAKE],
      ['prompt-relay', PROMPT],
      ['counting-relay', COUNTING],
      ['silent-relay', SILENT],
    ] as const) {
      await writeFile(join(dir, name), text);
      await chmod(join(dir, name), 0o755);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('delivers every answer whole and in order, however the bytes are split', async () => {
    const scope = new ProcessScope();
    const relay = new NlRelay(scope, join(dir, 'fake-relay'));
    const sizes = [0, 1, 3, 4, 5, 700, 6, 65_536, 2, 0, 13];
    const answers = sizes.map((n) => relay.request('L', n));
    relay.close();
    const frames = await Promise.all(answers);
    expect(frames.map((f) => f.length)).toEqual(sizes);
    frames.forEach((f, i) => expect(f.every((b) => b === sizes[i]! % 251)).toBe(true));
    await scope.close();
  });

  it('fails a request in flight when the helper dies, restarts it, and answers the next request', async () => {
    const scope = new ProcessScope();
    const relay = new NlRelay(scope, join(dir, 'prompt-relay'));
    const states: string[] = [];
    relay.onStatus((s) => states.push(s.state));
    expect((await relay.request('L', 3)).length).toBe(3);
    const first = relay.pid;
    const stuck = relay.request('L', 7);
    await new Promise((r) => setImmediate(r)); // the request has gone down to the helper
    process.kill(first ?? 0, 'SIGKILL');
    await expect(stuck).rejects.toThrow(/netlink reader is down \(nl-relay exited \(SIGKILL\)\).*try again/);
    // Asked while it restarts: waits for the new helper.
    expect((await relay.request('L', 5)).length).toBe(5);
    expect(relay.pid).not.toBe(first);
    expect(states).toEqual(['restarting', 'ok']);
    relay.close();
    await scope.close();
  });

  it('fails at once, saying what to do, when the helper cannot be started', async () => {
    const scope = new ProcessScope();
    const relay = new NlRelay(scope, join(dir, 'missing-relay'));
    await expect(relay.request('L', 1)).rejects.toThrow(/could not start .*ENOENT.*pnpm build/);
    expect(relay.status.state).toBe('failed');
    relay.close();
    await scope.close();
  });

  it("takes over the launcher's helper: its whole-kernel answer is the first kernel(), asked once, and the helper goes on", async () => {
    const log = join(dir, 'requests-early');
    await writeFile(join(dir, 'counting-early'), COUNTING.replace('process.argv[2]', JSON.stringify(log)));
    await chmod(join(dir, 'counting-early'), 0o755);
    const early = startEarlyRead(join(dir, 'counting-early'));
    // The launcher's listener collects while the bundle loads; the relay takes over what came.
    await new Promise((r) => setTimeout(r, 200));
    const scope = new ProcessScope();
    const relay = new NlRelay(scope, join(dir, 'missing-relay'), early);
    expect(relay.pid).toBe(early.child.pid);
    const [kernel, links] = await Promise.all([relay.kernel(), relay.request('L', 5)]);
    expect(kernel.length).toBe(100_000);
    expect(kernel.every((b) => b === 74)).toBe(true);
    expect(links.length).toBe(5);
    // A second read of the kernel is a new request, answered now.
    expect((await relay.kernel()).length).toBe(100_000);
    expect(await readFile(log, 'utf8')).toBe('J\nL 5\nJ\n');
    expect(relay.status.state).toBe('ok');
    relay.close();
    await scope.close();
    expect(scope.size).toBe(0);
  });

  it('asks again when the helper the launcher started died before answering', async () => {
    const early = startEarlyRead(join(dir, 'silent-relay'));
    await new Promise((r) => setTimeout(r, 100));
    const scope = new ProcessScope();
    const relay = new NlRelay(scope, join(dir, 'fake-relay'), early);
    const first = relay.pid;
    const kernel = relay.kernel();
    process.kill(first ?? 0, 'SIGKILL');
    // The restarted helper is the one this relay starts (fake-relay), which answers when its input ends.
    await new Promise((r) => setTimeout(r, 300));
    relay.close();
    expect((await kernel).length).toBe(0); // fake-relay's answer to "J": the request was made again
    expect(relay.pid).not.toBe(first);
    await scope.close();
  });
});
