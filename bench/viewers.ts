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
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { AgentClient } from './lib/agent-client.ts';
import { CLK_TCK, treeCpuTicks, withAgent } from './lib/agent-process.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { replaceSection, table } from './lib/markdown.ts';
import { assertSandbox } from './lib/sandbox.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = join(ROOT, 'docs/benchmarks.md');
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
  const loadBefore = loadAverage();
  const rows: Row[] = [];
  const viewers: Client[] = [];
  await withAgent('viewers', async (agent) => {
    const pid = agent.child.pid ?? -1;
    const presenter = await Client.connect(agent.port, agent.token);
    await presenter.subscribeLive();
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
      await viewer.subscribeLive();
      viewers.push(viewer);
    }
    process.stderr.write(`${viewers.length} viewers connected\n`);
    rows.push(await measure(pid, presenter, viewers, `presenter and ${VIEWERS} viewers`));
    for (const v of viewers) v.close();
    await presenter.down(TOPOLOGY);
    presenter.close();
  });
  const section = render(rows, await describeMachine(), `${loadBefore} at the start, ${loadAverage()} at the end`);
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

class Client extends AgentClient<Msg> {
  presenterStates = 0;
  bytes = 0;

  protected override onMessage(m: Msg, bytes: number): void {
    this.bytes += bytes;
    if (m.type === 'presenterState') this.presenterStates++;
  }

  reset(): void {
    this.presenterStates = 0;
    this.bytes = 0;
  }

  async subscribeLive(): Promise<void> {
    await this.subscribe(['linkState', 'counters', 'drift']);
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
    this.send({ type: 'presenterUpdate', id: this.id('u'), view, ...(document !== undefined && { document }) });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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
