/**
 * `pnpm bench:tables`: how soon a change of the kernel's tables reaches a client of `netloom
 * serve`. 50 namespaces on one bridge in the root namespace (plus two spare ones the checks
 * leave alone), a lesson with one ping check per namespace, which a client keeps live
 * (`watchChecks` of every step, as the Lessons panel does for its step), and the same client
 * watching the tables of every namespace and the root one (the canvas overlay). Measured, from
 * the start of the command that changes the kernel to the message that shows it:
 *
 * - a MAC learned: a spare namespace's MAC deleted from the bridge's FDB, then one ping from it;
 *   until `tables` of the root namespace lists the MAC learned on its port;
 * - a route added: `ip -n NS route add …`; until `tables` of NS lists it;
 * - a check's ping starting to fail: `ip -n NS link set dev eth0 down`; until a `checkResults`
 *   has that namespace's check ✗ (so this one includes the check's own ping timing out).
 *
 * Writes the `## Kernel tables` section of docs/benchmarks.md and prints it. Only inside
 * scripts/netns-sandbox.sh (the package script does that).
 *
 *   node --import tsx bench/tables.ts [--namespaces 50] [--changes 20] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { AgentClient } from './lib/agent-client.ts';
import { withAgent } from './lib/agent-process.ts';
import { describeMachine, loadAverage, type Machine } from './lib/machine.ts';
import { replaceSection, table } from './lib/markdown.ts';
import { timed } from './lib/proc.ts';
import { assertSandbox } from './lib/sandbox.ts';
import { summarize, type Summary } from './lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const TOPOLOGY = 'bench-tables';
const BRIDGE = 'bt-br';
const GATEWAY = '10.61.0.1';

const args = parseArgs({
  options: {
    namespaces: { type: 'string', default: '50' },
    changes: { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
});
const N = Number(args.values.namespaces);
const CHANGES = Number(args.values.changes);
const SPARE = [N, N + 1];
const netnsName = (i: number) => `bt-${i}`;

type Msg = {
  type: string;
  id?: string;
  ok?: boolean;
  planHash?: string;
  netns?: string | null;
  routes?: { to: string }[];
  fdb?: { mac: string; port?: string; state: string }[];
  results?: { step: number; ok: boolean }[];
  durationMs?: number;
};

async function main(): Promise<void> {
  await assertSandbox();
  const loadBefore = loadAverage();
  const nodeMs = nodeStart();
  const result = await withAgent('tables', async (agent): Promise<Result> => {
    const client = await Client.connect(agent.port, agent.token);
    const doc = document();
    await client.apply(doc);
    const watched = [null, ...Array.from({ length: N + SPARE.length }, (_, i) => netnsName(i))];
    await client.request(
      { type: 'watchTables', id: 'w', topology: TOPOLOGY, namespaces: watched },
      (m) => m.id === 'w',
    );
    const checks = client.watchChecks(doc);
    await sleep(3000); // the first tables of every namespace, the first runs of the checks
    const mac = await measureMacLearned(client);
    process.stderr.write(`MAC learned: ${JSON.stringify(mac)}\n`);
    const route = await measureRouteAdded(client);
    process.stderr.write(`route added: ${JSON.stringify(route)}\n`);
    const failing = await measureCheckFailing(client);
    process.stderr.write(`check failing: ${JSON.stringify(failing)}\n`);
    const runs = summarize(client.checkRunMs);
    checks.stop();
    await client.down(TOPOLOGY);
    client.close();
    return { mac, route, failing, runs, tablesMessages: client.tablesMessages };
  });
  const section = render(
    result,
    await describeMachine(),
    `${loadBefore} at the start, ${loadAverage()} at the end`,
    nodeMs,
  );
  process.stdout.write(`${section}\n`);
  if (!args.values['no-write']) await replaceSection(DOC, 'Kernel tables', section, '# Benchmarks');
}

type Result = {
  readonly mac: Summary | undefined;
  readonly route: Summary | undefined;
  readonly failing: Summary | undefined;
  readonly runs: Summary | undefined;
  readonly tablesMessages: number;
};

async function measureMacLearned(client: Client): Promise<Summary | undefined> {
  const times: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const k = SPARE[i % SPARE.length]!;
    const mac = JSON.parse(
      execFileSync('ip', ['-j', '-n', netnsName(k), 'link', 'show', 'dev', 'eth0'], { encoding: 'utf8' }),
    )[0].address as string;
    const port = `btv${k}`;
    const learned = (m: Msg) =>
      m.type === 'tables' &&
      m.netns === null &&
      (m.fdb ?? []).some((f) => f.mac === mac && f.port === port && f.state === 'learned');
    // Forget it, and wait until the client has seen it forgotten: again if the bridge learned it
    // back before the agent read its table (a new namespace's IPv6 chatter does that at first).
    for (let attempt = 1; client.lastRoot !== null && learned(client.lastRoot); attempt++) {
      if (attempt > 20) throw new Error(`the root tables kept ${mac} on ${port} after 20 deletions`);
      const gone = client
        .waitAt((m) => m.type === 'tables' && m.netns === null && !learned(m), 3000, 'forgotten')
        .catch(() => null);
      await timed(['bridge', 'fdb', 'del', mac, 'dev', port, 'master']);
      await gone;
    }
    const seen = client.waitAt(learned, 20_000, `the root tables with ${mac} learned on ${port}`);
    const started = performance.now();
    const r = await timed(['ip', 'netns', 'exec', netnsName(k), 'ping', '-n', '-c', '1', '-W', '1', GATEWAY]);
    if (r.code !== 0) throw new Error(`ping from ${netnsName(k)} failed: ${r.stderr}`);
    times.push((await seen) - started);
    await sleep(100);
  }
  return summarize(times);
}

async function measureRouteAdded(client: Client): Promise<Summary | undefined> {
  const times: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const netns = netnsName((i * 7) % N);
    const to = `10.200.${i}.0/24`;
    const seen = client.waitAt(
      (m) => m.type === 'tables' && m.netns === netns && (m.routes ?? []).some((r) => r.to === to),
    );
    const started = performance.now();
    const r = await timed(['ip', '-n', netns, 'route', 'add', to, 'via', GATEWAY]);
    if (r.code !== 0) throw new Error(r.stderr);
    times.push((await seen) - started);
    await timed(['ip', '-n', netns, 'route', 'del', to]);
    await sleep(100);
  }
  return summarize(times);
}

async function measureCheckFailing(client: Client): Promise<Summary | undefined> {
  const times: number[] = [];
  for (let i = 0; i < Math.min(CHANGES, 10); i++) {
    const k = (i * 11) % N;
    const verdict = (ok: boolean) => (m: Msg) =>
      m.type === 'checkResults' && (m.results ?? []).some((r) => r.step === k && r.ok === ok);
    await client.waitAt(verdict(true), 60_000);
    const failed = client.waitAt(verdict(false), 60_000);
    const started = performance.now();
    const r = await timed(['ip', '-n', netnsName(k), 'link', 'set', 'dev', 'eth0', 'down']);
    if (r.code !== 0) throw new Error(r.stderr);
    times.push((await failed) - started);
    await timed(['ip', '-n', netnsName(k), 'link', 'set', 'dev', 'eth0', 'up']);
  }
  return summarize(times);
}

/** 50 namespaces (and the spares) on one bridge that holds their gateway; one step and check per checked namespace. */
function document() {
  const all = Array.from({ length: N + SPARE.length }, (_, i) => i);
  return {
    version: 1,
    name: TOPOLOGY,
    nodes: [
      { id: 'host', type: 'root' },
      { id: 'br', type: 'bridge', name: BRIDGE, addresses: [`${GATEWAY}/16`] },
      ...all.map((i) => ({ id: `ns${i}`, type: 'namespace', name: netnsName(i) })),
    ],
    links: all.map((i) => ({
      id: `l${i}`,
      type: 'veth',
      a: { node: `ns${i}`, name: 'eth0', addresses: [`10.61.${1 + Math.floor(i / 200)}.${10 + (i % 200)}/16`] },
      b: { node: 'br', name: `btv${i}` },
    })),
    lesson: {
      steps: Array.from({ length: N }, (_, i) => ({
        text: `${netnsName(i)} reaches its gateway`,
        checks: [{ type: 'ping', from: `ns${i}`, to: GATEWAY }],
      })),
    },
  };
}

class Client extends AgentClient<Msg> {
  tablesMessages = 0;
  /** The latest tables of the root namespace. */
  lastRoot: Msg | null = null;
  readonly checkRunMs: number[] = [];
  /** The `watchChecks` request whose complete runs are timed, and how many steps make one complete. */
  private watching: { id: string; steps: number } | null = null;

  protected override onMessage(m: Msg): void {
    if (m.type === 'tables') this.tablesMessages++;
    if (m.type === 'tables' && m.netns === null) this.lastRoot = m;
    const w = this.watching;
    if (
      w !== null &&
      m.id === w.id &&
      m.type === 'checkResults' &&
      new Set((m.results ?? []).map((r) => r.step)).size === w.steps
    )
      this.checkRunMs.push(m.durationMs ?? 0);
  }

  /** When the first message that passes `test` from now on arrives (performance.now()). */
  async waitAt(test: (m: Msg) => boolean, timeoutMs = 20_000, what = 'a matching message'): Promise<number> {
    try {
      return (await this.wait(test, timeoutMs)).at;
    } catch {
      throw new Error(`${what} did not come in ${timeoutMs} ms`);
    }
  }

  /** Every check of the lesson kept live by the agent (`watchChecks`); the runs of all of them are timed. */
  watchChecks(document: Record<string, unknown>): { stop(): void } {
    const id = this.id('c');
    this.watching = { id, steps: (document['lesson'] as { steps: unknown[] }).steps.length };
    this.send({ type: 'watchChecks', id, document });
    return { stop: () => this.send({ type: 'watchChecks', id: `${id}-stop`, document: null }) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wall time of `node -e 0`, median of 5: how dear starting a process is on this machine today. */
function nodeStart(): number {
  const times = Array.from({ length: 5 }, () => {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  });
  return summarize(times)?.median ?? 0;
}

function render(r: Result, machine: Machine, load: string, nodeMs: number): string {
  const ms = (s: Summary | undefined) =>
    s === undefined ? '' : `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const met = (s: Summary | undefined) => (s !== undefined && s.median < 1000 ? 'met' : '**missed**');
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return [
    `\`pnpm bench:tables\` on ${date} UTC at ${commit}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, kernel ${machine.kernel}, iproute2 ${machine.iproute2}, Node ${machine.node} (\`node -e 0\`: ${(nodeMs / 1000).toFixed(3)} s, median of 5).`,
    `Load average (1, 5, 15 min; other work on the machine included): ${load}.`,
    '',
    `${N} namespaces on one bridge in the root namespace, and ${SPARE.length} more the checks leave alone, applied through`,
    `the agent; a lesson with one ping check per namespace, kept live by a client (\`watchChecks\` of every step, as`,
    `the Lessons panel does for its step; a run of them all took ${ms(r.runs)} ms); the same client watches the tables of every namespace and of the root`,
    `namespace (what the canvas overlay asks). Times are from starting the command that changes the kernel (its`,
    `process included) to the client receiving the message that shows it, in ms, median (min–max). The browser's`,
    'own render of the message (one frame) is not included. Target: under 1 s.',
    '',
    table(
      ['change', 'shown by', 'times', 'ms', 'target'],
      [
        [
          'a MAC learned (a ping through the bridge after its FDB entry was deleted)',
          'tables (root: bridge FDB)',
          String(r.mac?.n ?? 0),
          ms(r.mac),
          met(r.mac),
        ],
        [
          'a route added (`ip -n NS route add`)',
          'tables (NS: routes)',
          String(r.route?.n ?? 0),
          ms(r.route),
          met(r.route),
        ],
        [
          "a check's ping starting to fail (`link set dev eth0 down` in NS)",
          'checkResults (✗)',
          String(r.failing?.n ?? 0),
          ms(r.failing),
          met(r.failing),
        ],
      ],
    ),
    '',
    `${r.tablesMessages} \`tables\` messages reached the client in all. Tables are not polled: \`nl-relay watch\` wakes`,
    'the agent on each address, route, neighbour or FDB change, and only the namespace it names is read again.',
    "A check's verdict is not polled either: the same watch wakes the agent, which runs again the checks of the",
    "steps that involve the changed namespace (20 ms after the first change of a burst); a check's ping waits 0.5 s",
    'for its reply, and if none came, sends a second echo and waits 2 s (a neighbour request lost on a path just',
    'applied is only sent again by the kernel after 1 s); a link set down fails at once, without that wait.',
  ].join('\n');
}

await main();
