/**
 * `pnpm bench:telemetry`: what `netloom serve` costs while it streams live state. For stars of
 * 10, 100 and 500 namespaces (one veth each, to the root namespace, applied through the agent),
 * one client subscribed to counters (1 Hz) and link state: the agent's CPU and memory with its
 * helper processes (nl-relay, ip monitor), and the latency from a link change made by hand
 * (`ip -n NS link set dev eth0 down|up`) to the client's linkState message.
 * Writes the `## Telemetry` section of docs/benchmarks.md and prints it.
 *
 * Runs only inside scripts/netns-sandbox.sh (the package script does that).
 *
 *   node --import tsx bench/telemetry.ts [--sizes 10,100,500] [--seconds 20] [--changes 20] [--no-write]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { AgentClient } from './lib/agent-client.ts';
import { CLK_TCK, treeCpuTicks, withAgent } from './lib/agent-process.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { replaceSection, table } from './lib/markdown.ts';
import { timed } from './lib/proc.ts';
import { assertSandbox } from './lib/sandbox.ts';
import { summarize } from './lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const TOPOLOGY = 'bench-tele';

type Row = {
  n: number;
  interfaces: number;
  cpuPercent: number;
  rssMB: number;
  processes: number;
  messages: number;
  kbPerSec: number;
  latency: ReturnType<typeof summarize>;
  /** CPU share by process name, as printed under the table. */
  split: string;
};

const args = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,500' },
    seconds: { type: 'string', default: '20' },
    changes: { type: 'string', default: '20' },
    'no-write': { type: 'boolean', default: false },
  },
});
const SIZES = args.values.sizes.split(',').map(Number);
const WINDOW_S = Number(args.values.seconds);
const CHANGES = Number(args.values.changes);

async function main(): Promise<void> {
  await assertSandbox();
  const rows: Row[] = [];
  let fromScratch: { n: number; seconds: number } | null = null;
  const loadBefore = loadAverage();
  await withAgent('telemetry', async (agent) => {
    const client = await Client.connect(agent.port, agent.token);
    for (const n of SIZES) {
      await client.apply(starDocument(n));
      process.stderr.write(`N=${n}: applied; measuring ${WINDOW_S} s\n`);
      rows.push(await measure(agent.child.pid ?? -1, client, n));
    }
    // The largest star torn down and applied again from nothing, with the client still subscribed:
    // what an apply from the designer costs while the agent streams live state.
    const largest = Math.max(...SIZES);
    await client.down(TOPOLOGY, true);
    await sleep(3000);
    const started = performance.now();
    await client.apply(starDocument(largest));
    fromScratch = { n: largest, seconds: (performance.now() - started) / 1000 };
    process.stderr.write(
      `N=${largest}: applied from nothing through the agent in ${fromScratch.seconds.toFixed(2)} s\n`,
    );
    await client.down(TOPOLOGY, true);
    client.close();
  });
  const section = render(
    rows,
    await describeMachine(),
    `${loadBefore} at the start, ${loadAverage()} at the end`,
    fromScratch,
  );
  process.stdout.write(`${section}\n`);
  if (!args.values['no-write']) await replaceSection(DOC, 'Telemetry', section, INTRO);
}

async function measure(pid: number, client: Client, n: number): Promise<Row> {
  await client.subscribe(['counters', 'linkState']);
  await sleep(3000); // settle: the first samples, IPv6 chatter after bring-up
  const before = await treeCpuTicks(pid);
  client.counters = 0;
  client.bytes = 0;
  const t0 = performance.now();
  await sleep(WINDOW_S * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const after = await treeCpuTicks(pid);
  const cpuPercent = ((after.ticks - before.ticks) / CLK_TCK / elapsed) * 100;
  const share = [...after.byProcess].map(
    ([name, t]) => `${name} ${(((t - (before.byProcess.get(name) ?? 0)) / CLK_TCK / elapsed) * 100).toFixed(2)}%`,
  );
  const split = share.map((x) => x.replace(/:\d+ /, ' ')).join(', ');
  process.stderr.write(`N=${n}: CPU by process: ${split}\n`);
  const messages = client.counters / elapsed;
  const kbPerSec = client.bytes / 1024 / elapsed;
  const latencies: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const k = (i * 7919) % n;
    for (const state of ['down', 'up'] as const) {
      const seen = client.waitLink(`${TOPOLOGY}-${k}`, state);
      const started = performance.now();
      const r = await timed(['ip', '-n', `${TOPOLOGY}-${k}`, 'link', 'set', 'dev', 'eth0', state]);
      if (r.code !== 0) throw new Error(r.stderr);
      latencies.push((await seen) - started);
      await sleep(50);
    }
  }
  return {
    n,
    interfaces: 2 * n,
    split,
    cpuPercent,
    rssMB: after.rssKB / 1024,
    processes: after.processes,
    messages,
    kbPerSec,
    latency: summarize(latencies),
  };
}

function starDocument(n: number) {
  return {
    version: 1,
    name: TOPOLOGY,
    nodes: [
      { id: 'host', type: 'root' },
      ...Array.from({ length: n }, (_, i) => ({ id: `ns${i}`, type: 'namespace', name: `${TOPOLOGY}-${i}` })),
    ],
    links: Array.from({ length: n }, (_, i) => ({
      id: `l${i}`,
      type: 'veth',
      a: { node: 'host', name: `tb${i}` },
      b: { node: `ns${i}`, name: 'eth0' },
    })),
  };
}

class Client extends AgentClient<Msg> {
  counters = 0;
  bytes = 0;

  protected override onMessage(m: Msg, bytes: number): void {
    if (m.type !== 'counters') return;
    this.counters++;
    this.bytes += bytes;
  }

  /** When a linkState saying eth0 of `netns` is `admin` arrives (performance.now()). */
  async waitLink(netns: string, admin: 'up' | 'down'): Promise<number> {
    const seen = await this.wait(
      (m) =>
        m.type === 'linkState' &&
        (m.links ?? []).some((l) => l.netns === netns && l.ifname === 'eth0' && l.admin === admin),
      10_000,
    ).catch(() => {
      throw new Error(`no linkState for ${netns} ${admin}`);
    });
    return seen.at;
  }
}

type Msg = {
  type: string;
  id?: string;
  ok?: boolean;
  planHash?: string;
  links?: { netns: string | null; ifname: string; admin: string }[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function render(
  rows: readonly Row[],
  machine: Awaited<ReturnType<typeof describeMachine>>,
  load: string,
  fromScratch: { n: number; seconds: number } | null,
): string {
  const ms = (v: number | undefined) => (v === undefined ? '' : v.toFixed(1));
  const head = [
    'namespaces',
    'owned interfaces',
    'agent CPU (% of one core)',
    'memory, agent + helpers (MB)',
    'processes',
    'counters msgs/s',
    'counters KiB/s',
    'link change → client, median ms (min–max)',
  ];
  const body = rows.map((r) => [
    String(r.n),
    String(r.interfaces),
    r.cpuPercent.toFixed(2),
    r.rssMB.toFixed(1),
    String(r.processes),
    r.messages.toFixed(2),
    r.kbPerSec.toFixed(1),
    `${ms(r.latency?.median)} (${ms(r.latency?.min)}–${ms(r.latency?.max)})`,
  ]);
  return [
    `\`pnpm bench:telemetry\` on ${machine.cpu}, ${machine.cores} cores, kernel ${machine.kernel}, iproute2 ${machine.iproute2}, Node ${machine.node}.`,
    '',
    `A star of N namespaces, each with one veth to the root namespace, applied through the agent; one client`,
    `subscribed to counters (1 Hz) and link state. CPU and memory are the agent and its helper processes`,
    `(nl-relay, \`ip monitor\`) over ${WINDOW_S} s; latency is from starting \`ip -n NS link set dev eth0 down|up\` (the \`ip\` process included) to the`,
    `client receiving the linkState message (${CHANGES * 2} changes per size). Targets: 500 namespaces at 1 Hz for at most 2% of`,
    'one core and 150 MB in all; link change to client under 200 ms median.',
    `Load average on the machine (other work included): ${load}.`,
    '',
    table(head, body),
    '',
    'CPU by process (agent, its one nl-relay shared by the engine and telemetry, `ip monitor`):',
    '',
    ...rows.map((r) => `- N=${r.n}: ${r.split}`),
    ...(fromScratch === null
      ? []
      : [
          '',
          `An apply of the star of ${fromScratch.n} from nothing, through the agent with the client subscribed (plan, then`,
          `apply, to the applyResult): ${fromScratch.seconds.toFixed(2)} s. While an apply runs the agent stops \`ip monitor\` and reads`,
          'link state once a second (on 2026-11-28, before this, the monitor and the reads each change woke made it 10–11 s',
          'on a machine where the CLI took 6–7 s; compare with `netloom apply` in the Apply section, measured on the same machine).',
        ]),
  ].join('\n');
}

const INTRO = `# Benchmarks

Measured figures for netloom, each produced by a script under \`bench/\` that writes its own section
of this file. Compare ratios measured in one run, never absolute seconds across machines or runs.`;

await main();
