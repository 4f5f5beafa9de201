import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { assertSandboxed, ip, ipJson, IS_ROOT, linkIn, namespaces, type IpLink } from '../testing/ip';
import { runIpBatches, type BatchJob } from './ip-fanout';
import { nativeBinary } from './native';
import { execaRunner } from './runner';

// Everything this file creates carries this prefix, so cleanup never touches another test's objects.
const PREFIX = 'nlt-fan-';
const [A, B, C] = ['a', 'b', 'c'].map((n) => `${PREFIX}${n}`) as [string, string, string];
const ROOT_DEV = `${PREFIX}br0`;

function cleanup(): void {
  for (const ns of namespaces()) if (ns.startsWith(PREFIX)) spawnSync('ip', ['netns', 'del', ns]);
  if (linkIn(null, ROOT_DEV) !== undefined) spawnSync('ip', ['link', 'del', 'dev', ROOT_DEV]);
}

const addNamespaces = (...names: string[]) => names.forEach((ns) => ip('netns', 'add', ns));

const job = (netns: string | null, lines: readonly string[], more: Partial<BatchJob> = {}): BatchJob => ({
  netns,
  lines,
  force: false,
  timeoutMs: 5000,
  ...more,
});

const loUp = (netns: string): boolean =>
  ipJson<IpLink[]>(['-n', netns, 'link', 'show', 'lo'])[0]?.flags.includes('UP') ?? false;

/** The namespaces (of `ours`) in which an `ip -batch -` process is alive right now, read from /proc. */
function batchesIn(ours: readonly string[]): string[] {
  // A bind-mounted namespace file has the namespace's inode: what /proc/PID/ns/net names.
  const byId = new Map(ours.map((ns) => [`net:[${statSync(`/run/netns/${ns}`).ino}]`, ns]));
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[0] !== 'ip' || !argv.includes('-batch')) continue;
      const ns = byId.get(readlinkSync(`/proc/${pid}/ns/net`));
      if (ns !== undefined) found.push(ns);
    } catch {
      // It ended between the listing and the read.
    }
  }
  return found.sort();
}

describe.runIf(IS_ROOT)('ip-fanout on a real kernel', () => {
  beforeAll(() => {
    assertSandboxed();
    if (!existsSync(nativeBinary('ip-fanout'))) throw new Error('ip-fanout is not built: run `pnpm build`');
    cleanup();
  });
  afterEach(() => cleanup());
  afterAll(() => cleanup());

  it('runs each batch in its own namespace, and a root job in the root namespace', async () => {
    addNamespaces(A, B);
    expect([loUp(A), loUp(B)]).toEqual([false, false]);
    const results = await runIpBatches(
      execaRunner,
      [job(A, ['link set lo up']), job(B, ['link set lo up']), job(null, [`link add name ${ROOT_DEV} type bridge`])],
      { concurrency: 2 },
    );
    expect(results.map((r) => [r?.exitCode, r?.completed, r?.processError])).toEqual([
      [0, 1, undefined],
      [0, 1, undefined],
      [0, 1, undefined],
    ]);
    expect([loUp(A), loUp(B)]).toEqual([true, true]);
    expect(linkIn(null, ROOT_DEV)?.linkinfo?.info_kind).toBe('bridge');
    expect(ipJson<IpLink[]>(['-n', A, 'link', 'show']).map((l) => l.ifname)).toEqual(['lo']);
  });

  it('maps a failing line to its number and, without keepGoing, starts no later job', async () => {
    addNamespaces(A, B);
    const jobs = [
      job(A, ['link set lo up', `link set dev ${PREFIX}nope up`, 'link set lo down']),
      job(B, ['link set lo up']),
    ];
    const [first, second] = await runIpBatches(execaRunner, jobs, { concurrency: 1 });
    expect(first).toMatchObject({ exitCode: 1, completed: 1 });
    expect(first?.failures).toEqual([{ line: 1, stderr: expect.stringContaining(`${PREFIX}nope`) }]);
    expect(loUp(A)).toBe(true); // line 0 ran, line 2 (lo down) did not
    expect(second).toBeUndefined();
    expect(loUp(B)).toBe(false);

    const again = await runIpBatches(execaRunner, jobs, { concurrency: 1, keepGoing: true });
    expect(again[0]?.failures.map((f) => f.line)).toEqual([1]);
    expect(again[1]).toMatchObject({ exitCode: 0, completed: 1 });
    expect(loUp(B)).toBe(true);
  });

  it('with force, goes on past failing lines and reports each one', async () => {
    addNamespaces(A);
    const [r] = await runIpBatches(execaRunner, [
      job(A, [`link set dev ${PREFIX}x up`, 'link set lo up', `link set dev ${PREFIX}y up`], { force: true }),
    ]);
    expect(r?.failures.map((f) => f.line)).toEqual([0, 2]);
    expect(r?.completed).toBe(1);
    expect(loUp(A)).toBe(true);
  });

  it('reports a missing namespace as a process error, in the words `ip -n` uses', async () => {
    addNamespaces(A);
    const results = await runIpBatches(
      execaRunner,
      [job(`${PREFIX}gone`, ['link set lo up']), job(A, ['link set lo up'])],
      {
        concurrency: 1,
        keepGoing: true,
      },
    );
    expect(results[0]).toMatchObject({ completed: 0, failures: [], exitCode: 255 });
    expect(results[0]?.processError).toContain(`Cannot open network namespace "${PREFIX}gone"`);
    expect(results[1]).toMatchObject({ exitCode: 0, completed: 1 });
    expect(namespaces().filter((ns) => ns.startsWith(PREFIX))).toEqual([A]);
  });

  it('kills a batch that outlives its timeout', async () => {
    addNamespaces(A);
    const [r] = await runIpBatches(execaRunner, [job(A, ['monitor link'], { timeoutMs: 300 })]);
    expect(r).toMatchObject({ completed: 0, exitCode: -1, timedOut: true, processError: 'timed out' });
    expect(r?.durationMs).toBeGreaterThanOrEqual(300);
    expect(batchesIn([A])).toEqual([]);
  });

  it('with concurrency 1, runs one batch at a time, in order', async () => {
    addNamespaces(A, B, C);
    const order: number[] = [];
    let most = 0;
    const running = runIpBatches(
      execaRunner,
      [A, B, C].map((ns) => job(ns, ['monitor link'], { timeoutMs: 300 })),
      { concurrency: 1, keepGoing: true, onResult: (n) => order.push(n) },
    );
    let done = false;
    const end = () => (done = true);
    void running.then(end, end); // a rejection fails the test at `await running` below
    while (!done) {
      most = Math.max(most, batchesIn([A, B, C]).length);
      await sleep(5);
    }
    const results = await running;
    expect(results.map((r) => r?.timedOut)).toEqual([true, true, true]);
    expect(order).toEqual([0, 1, 2]);
    expect(most).toBe(1);
  });

  it('with concurrency > 1, has that many batches running at once, and an abort kills them all', async () => {
    addNamespaces(A, B, C);
    const abort = new AbortController();
    // Each would run until its timeout: only the abort ends them early.
    const jobs = [A, B, C].map((ns) => job(ns, ['monitor link'], { timeoutMs: 30_000 }));
    const started = performance.now();
    const running = runIpBatches(execaRunner, jobs, { concurrency: 3, signal: abort.signal });
    let seen: string[] = [];
    try {
      for (const until = Date.now() + 10_000; seen.length < 3 && Date.now() < until; await sleep(10)) {
        seen = batchesIn([A, B, C]);
      }
    } finally {
      abort.abort();
    }
    expect(seen).toEqual([A, B, C]);
    const results = await running;
    expect(performance.now() - started).toBeLessThan(30_000);
    // The helper died, so the first job is charged with it; its batches die with it (PR_SET_PDEATHSIG).
    expect(results[0]?.processError).toMatch(/^ip-fanout /);
    for (const until = Date.now() + 5000; batchesIn([A, B, C]).length > 0 && Date.now() < until;) await sleep(10);
    expect(batchesIn([A, B, C])).toEqual([]);
  });
});
