/**
 * `pnpm bench:viewers`: what 100 viewers cost the agent (issue 11: at most 5% of a core and
 * 200 MB). A 200-namespace lesson (a star: one veth per namespace to the root namespace, five
 * lesson steps) is applied through a real `netloom serve`; a presenter client subscribed to live
 * state sends what it shows once a second (the next lesson step and a new selection, the
 * document once before), as the designer does when a teacher moves on. Measured twice over the
 * same window: with the presenter alone (the baseline), then with 100 viewers connected with the
 * viewer link, each subscribed to link state, counters and drift as the viewer page is. CPU and
 * memory are the agent and its helper processes (nl-relay, ip monitor), from /proc.
 * Writes the `## Viewers` section of docs/benchmarks.md and prints it.
 *
 * Runs only inside scripts/netns-sandbox.sh (the package script does that).
 *
 *   node --import tsx bench/viewers.ts [--namespaces 200] [--viewers 100] [--seconds 20] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Ws from 'ws';

import { bundleAgent, CLK_TCK, startAgent, treeCpuTicks } from './lib/agent-process.ts';
import { describeMachine } from './lib/machine.ts';
import { replaceSection, table } from './lib/markdown.ts';
import { assertSandbox } from './lib/sandbox.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = join(ROOT, 'docs/benchmarks.md');
// ws is the agent's dependency, not the workspace root's: load it from there.
const { WebSocket } = createRequire(join(ROOT, 'apps/agent/package.json'))('ws') as typeof Ws;
const TOPOLOGY = 'bench-view';

const args = parseArgs({
  options: {
    namespaces: { type: 'string', default: '200' },
    viewers: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
});
const N = Number(args.values.namespaces);
const VIEWERS = Number(args.values.viewers);
const WINDOW_S = Number(args.values.seconds);

type Msg = { type: string; id?: string; ok?: boolean; planHash?: string; token?: string | null; role?: string };
type Row = { what: string; cpuPercent: number; rssMB: number; processes: number; split: string; perViewer: string };

async function main(): Promise<void> {
  await assertSandbox();
  const dir = await mkdtemp(join(tmpdir(), 'netloom-bench-viewers-'));
  const agent = await startAgent(await bundleAgent(dir), join(dir, 'run'));
  const pid = agent.child.pid ?? -1;
  const loadBefore = await loadAverage();
  const rows: Row[] = [];
  const viewers: Client[] = [];
  try {
    const presenter = await Client.connect(agent.port, agent.token);
    await presenter.subscribe();
    const document = lessonDocument(N);
    await presenter.apply(document);
    process.stderr.write(`${N} namespaces applied\n`);
    presenter.present(0, document);

    rows.push(await measure(pid, presenter, [], 'presenter alone (baseline)'));
    const link = await presenter.request({ type: 'viewerLink', id: 'link' }, (m) => m.id === 'link');
    if (typeof link.token !== 'string') throw new Error(JSON.stringify(link));
    for (let i = 0; i < VIEWERS; i++) {
      const viewer = await Client.connect(agent.port, link.token);
      if (viewer.role !== 'viewer') throw new Error(`viewer ${i} opened a ${viewer.role} session`);
      await viewer.subscribe();
      viewers.push(viewer);
    }
    process.stderr.write(`${viewers.length} viewers connected\n`);
    rows.push(await measure(pid, presenter, viewers, `presenter and ${VIEWERS} viewers`));
    for (const v of viewers) v.close();
    await presenter.down(TOPOLOGY);
    presenter.close();
  } finally {
    agent.child.kill('SIGTERM');
    await new Promise((r) => agent.child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
  const section = render(
    rows,
    await describeMachine(),
    `${loadBefore} at the start, ${await loadAverage()} at the end`,
  );
  process.stdout.write(`${section}\n`);
  if (!args.values['no-write']) await replaceSection(DOC, 'Viewers', section, '# Benchmarks');
}

/** The agent's CPU and memory over the window, while the presenter moves through the lesson once a second. */
async function measure(pid: number, presenter: Client, viewers: readonly Client[], what: string): Promise<Row> {
  await sleep(3000); // settle: the viewers' first snapshots, the first counter samples
  for (const v of viewers) v.reset();
  const before = await treeCpuTicks(pid);
  const t0 = performance.now();
  for (let s = 1; s <= WINDOW_S; s++) {
    presenter.present(s);
    await sleep(1000);
  }
  const elapsed = (performance.now() - t0) / 1000;
  const after = await treeCpuTicks(pid);
  const share = (ticks: number) => ((ticks / CLK_TCK / elapsed) * 100).toFixed(2);
  const split = [...after.byProcess]
    .map(([name, t]) => `${name.replace(/:\d+$/, '')} ${share(t - (before.byProcess.get(name) ?? 0))}%`)
    .join(', ');
  const states = viewers.map((v) => v.presenterStates);
  const kb = viewers.reduce((n, v) => n + v.bytes, 0) / 1024 / Math.max(1, viewers.length) / elapsed;
  const perViewer =
    viewers.length === 0
      ? '—'
      : `${Math.min(...states)}–${Math.max(...states)} presenter states, ${kb.toFixed(1)} KiB/s`;
  process.stderr.write(`${what}: CPU by process: ${split}\n`);
  return {
    what,
    cpuPercent: ((after.ticks - before.ticks) / CLK_TCK / elapsed) * 100,
    rssMB: after.rssKB / 1024,
    processes: after.processes,
    split,
    perViewer,
  };
}

function lessonDocument(n: number): Record<string, unknown> {
  return {
    version: 1,
    name: TOPOLOGY,
    description: `A star of ${n} namespaces, for the viewers benchmark.`,
    nodes: [
      { id: 'host', type: 'root' },
      ...Array.from({ length: n }, (_, i) => ({ id: `ns${i}`, type: 'namespace', name: `${TOPOLOGY}-${i}` })),
    ],
    links: Array.from({ length: n }, (_, i) => ({
      id: `l${i}`,
      type: 'veth',
      a: { node: 'host', name: `bv${i}` },
      b: { node: `ns${i}`, name: 'eth0' },
    })),
    lesson: {
      steps: Array.from({ length: 5 }, (_, i) => ({
        title: `Step ${i + 1}`,
        text: `Look at namespace ${TOPOLOGY}-${i} and its veth.`,
        highlight: [`ns${i}`, `l${i}`],
      })),
    },
  };
}

class Client {
  role = '';
  presenterStates = 0;
  bytes = 0;
  private readonly ws: InstanceType<typeof WebSocket>;
  private waiters: { test: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private next = 1;

  private constructor(ws: InstanceType<typeof WebSocket>) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      const m = JSON.parse(data.toString()) as Msg;
      if (m.type === 'presenterState') this.presenterStates++;
      this.waiters = this.waiters.filter((w) => !(w.test(m) && (w.resolve(m), true)));
    });
  }

  static async connect(port: number, token: string): Promise<Client> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['netloom.v1', `netloom.token.${token}`], {
      origin: `http://127.0.0.1:${port}`,
    });
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    const c = new Client(ws);
    const hello = await c.request({ type: 'hello', protocolVersion: 1 }, (m) => m.type === 'hello');
    c.role = hello.role ?? 'control';
    return c;
  }

  reset(): void {
    this.presenterStates = 0;
    this.bytes = 0;
  }

  request(message: Record<string, unknown>, test: (m: Msg) => boolean, timeoutMs = 300_000): Promise<Msg> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no answer to ${String(message['type'])}`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), ok(m)) });
      this.ws.send(JSON.stringify(message));
    });
  }

  async subscribe(): Promise<void> {
    const id = `r${this.next++}`;
    await this.request({ type: 'subscribe', id, streams: ['linkState', 'counters', 'drift'] }, (m) => m.id === id);
  }

  /** What the designer sends as a teacher moves on: the lesson step and the selection (and the document once). */
  present(step: number, document?: Record<string, unknown>): void {
    const view = {
      presenter: 'bench',
      applied: { topology: TOPOLOGY },
      selection: [`ns${step % N}`],
      lesson: { id: TOPOLOGY, step: step % 5 },
      stepThrough: null,
      checks: [],
    };
    this.ws.send(
      JSON.stringify({
        type: 'presenterUpdate',
        id: `u${this.next++}`,
        view,
        ...(document !== undefined && { document }),
      }),
    );
  }

  async apply(document: Record<string, unknown>): Promise<void> {
    const id = `r${this.next++}`;
    const plan = await this.request({ type: 'plan', id, document }, (m) => m.id === id);
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    const aid = `r${this.next++}`;
    const result = await this.request(
      { type: 'apply', id: aid, document, planHash: plan.planHash },
      (m) => m.id === aid && (m.type === 'applyResult' || m.type === 'error'),
    );
    if (result.type !== 'applyResult' || result.ok !== true) throw new Error(JSON.stringify(result).slice(0, 2000));
  }

  async down(name: string): Promise<void> {
    const id = `r${this.next++}`;
    await this.request(
      { type: 'down', id, name },
      (m) => m.id === id && (m.type === 'downResult' || m.type === 'error'),
    );
  }

  close(): void {
    this.ws.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadAverage = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ')[0] ?? '?';
const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

function render(rows: readonly Row[], machine: Awaited<ReturnType<typeof describeMachine>>, load: string): string {
  const head = ['clients', 'agent CPU (% of one core)', 'memory, agent + helpers (MB)', 'processes', 'each viewer got'];
  const body = rows.map((r) => [r.what, r.cpuPercent.toFixed(2), r.rssMB.toFixed(1), String(r.processes), r.perViewer]);
  return [
    `Written by \`pnpm bench:viewers\` (\`bench/viewers.ts\`), which replaces this section on every run.`,
    '',
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; kernel ${machine.kernel}; iproute2 ${machine.iproute2}; Node ${machine.node}.`,
    `- **Run:** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; netloom at commit ${commit()}; window ${WINDOW_S} s per row.`,
    `- **Other work on the machine:** load average ${load}.`,
    `- **Method:** a lesson of ${N} namespaces (a star, one veth each to the root namespace, 5 steps) applied through`,
    `  a real \`netloom serve\` in the netns sandbox; a presenter client subscribed to link state, counters and drift sends`,
    '  `presenterUpdate` once a second (next lesson step, new selection; the document once, before the window).',
    `  Then ${VIEWERS} viewer sessions opened with the viewer link, each subscribed like the viewer page. CPU and memory`,
    '  of the agent and its helper processes from /proc over the window. Targets (issue 11): at most 5% of one core',
    '  and 200 MB with 100 viewers.',
    '',
    table(head, body),
    '',
    'CPU by process:',
    '',
    ...rows.map((r) => `- ${r.what}: ${r.split}`),
  ].join('\n');
}

await main();
