import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Socket } from 'node:net';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { ProcessScope } from '../exec/process-scope';
import { startTestAgent, TestClient } from './test-agent';
import { pairDocument, removeTestObjects } from './test-topology';

const isRoot = process.getuid?.() === 0;

/** A star: `n` namespaces, each with one veth to the root namespace. */
function starDocument(name: string, n: number) {
  return {
    version: 1,
    name,
    nodes: [
      { id: 'host', type: 'root' },
      ...Array.from({ length: n }, (_, i) => ({ id: `ns${i}`, type: 'namespace', name: `${name}-${i}` })),
    ],
    links: Array.from({ length: n }, (_, i) => ({
      id: `l${i}`,
      type: 'veth',
      a: { node: 'host', name: `nltv${i}` },
      b: { node: `ns${i}`, name: 'eth0' },
    })),
  };
}

async function apply(c: TestClient, document: Record<string, unknown>): Promise<void> {
  await c.planAndApply(document);
}

describe.runIf(isRoot)('slow clients and the agent lifecycle', () => {
  const scope = new ProcessScope();
  afterEach(async () => {
    await removeTestObjects();
  });

  it('keeps a client that stops reading to a bounded queue, coalesces its telemetry, then drops it', async () => {
    const agent = await startTestAgent({ telemetryBufferBytes: 64 << 10, slowClientMs: 3000 }, 10);
    try {
      const fast = await TestClient.connect(agent);
      await apply(fast, starDocument('nltslow', 40));
      const slow = await TestClient.connect(agent);
      await slow.request({ type: 'subscribe', id: 's', streams: ['counters', 'linkState'] });
      await slow.next((m) => m.type === 'counters' && m.interfaces.length === 80);
      const session = agent.services.hub.all().at(-1);
      if (session === undefined) throw new Error('no session');
      (slow.ws as unknown as { _socket: Socket })._socket.pause(); // stops reading: TCP fills, then our queue
      // Idle veths send tiny counter deltas; replay the full sample at 200 Hz to fill the pipe quickly.
      const full = agent.services.live.latestCounters();
      if (full === null) throw new Error('no counters yet');
      const flood = setInterval(() => agent.services.hub.publish('counters', { ...full, at: Date.now() }), 5);
      const heapBefore = process.memoryUsage().heapUsed;
      let maxBuffered = 0;
      const watch = setInterval(() => (maxBuffered = Math.max(maxBuffered, session.ws.bufferedAmount)), 20);
      await expect
        .poll(() => agent.services.hub.all().includes(session), { timeout: 20_000, interval: 100 })
        .toBe(false);
      clearInterval(watch);
      clearInterval(flood);
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      console.log(
        `slow client: max queued ${maxBuffered} bytes, ${session.outbox.coalesced} messages coalesced, heap growth ${(heapGrowth / 1e6).toFixed(1)} MB`,
      );
      expect(session.outbox.coalesced).toBeGreaterThan(10);
      // The bound plus at most one message already being written.
      expect(maxBuffered).toBeLessThan((64 << 10) + (64 << 10));
      // The fast client was never held back.
      expect(agent.services.hub.all().length).toBe(1);
      fast.close();
      slow.close();
    } finally {
      await agent.close();
    }
  });

  it('on SIGTERM ends every child process and keeps the topology; a restart reports it', async () => {
    const runDir = await mkdtemp('/run/netloom/life-');
    const first = await spawnAgent(scope, runDir);
    const c = await TestClient.connect(first);
    const document = pairDocument('nlt-life', '10.79.0');
    await apply(c, document);
    const probe = await c.request({
      type: 'pingStart',
      id: 'p',
      topology: 'nlt-life',
      fromNetns: 'nlt-life-a',
      to: '10.79.0.2',
      intervalMs: 200,
    });
    expect(probe.type).toBe('pingStarted');
    const children = await childrenOf(first.pid);
    expect(children.length).toBeGreaterThanOrEqual(3); // ip monitor, ping, nl-relay
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    for (const pid of children) expect(await isAlive(pid), `child ${pid}`).toBe(false);
    c.close();

    const second = await spawnAgent(scope, runDir);
    try {
      const d = await TestClient.connect(second);
      await d.request({ type: 'subscribe', id: 's', streams: ['linkState'] });
      const snapshot = await d.next((m) => m.type === 'linkState' && m.snapshot);
      expect(snapshot.type === 'linkState' && snapshot.links.filter((l) => l.topology === 'nlt-life').length).toBe(2);
      expect(await d.request({ type: 'status', id: 'st', document })).toMatchObject({
        type: 'statusResult',
        report: { converged: true },
      });
      d.close();
    } finally {
      second.kill('SIGTERM');
      await second.exited;
    }
  });
});

describe.runIf(isRoot)('one agent per state directory', () => {
  const scope = new ProcessScope();
  afterAll(() => scope.close());

  it('catalogue: a second agent starts beside the first and overwrites the token file', async () => {
    const runDir = await mkdtemp('/run/netloom/pair-');
    const first = await spawnAgent(scope, runDir);
    try {
      const stderr: string[] = [];
      await expect(spawnAgent(scope, runDir, (line) => stderr.push(line))).rejects.toThrow(/exited 1/);
      expect(stderr.join('\n')).toContain(`another netloom agent (pid ${first.pid}) is running and holds ${runDir}`);
      expect((await readFile(`${runDir}/token`, 'utf8')).trim()).toBe(first.token);
    } finally {
      first.kill('SIGTERM');
      await first.exited;
    }
  });
});

type AgentProcess = {
  port: number;
  token: string;
  pid: number;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
};

async function spawnAgent(
  scope: ProcessScope,
  runDir: string,
  onStderr?: (line: string) => void,
): Promise<AgentProcess> {
  const entry = new URL('./serve.ts', import.meta.url).pathname;
  // As `netloom` does: a refusal is printed, and the exit code is 1.
  const script = `const m = await import(${JSON.stringify(entry)}); m.runServe({ port: 0, runDir: ${JSON.stringify(runDir)} }).then((c) => process.exit(c), (e) => { console.error(e.message); process.exit(1); });`;
  const child = scope.spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  if (onStderr === undefined) child.stderr.resume();
  else createInterface({ input: child.stderr }).on('line', onStderr);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /open (http:\S+)/.exec(line);
      if (m?.[1] !== undefined) resolve(new URL(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`agent exited ${code} before printing its URL`)));
  });
  const token = url.hash.replace('#token=', '');
  return { port: Number(url.port), token, pid: child.pid ?? -1, exited, kill: (s) => child.kill(s) };
}

async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(entry));
  }
  return out;
}

async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && !/\) Z /.test(stat);
}
