/**
 * `pnpm bench:capture`: capture throughput to the browser-side client (issue 12, benchmark row 1).
 * Two namespaces joined by a veth pair are applied through a real `netloom serve`; a WebSocket
 * client (what the designer's Packets panel is to the agent) captures `udp` on the sender's end
 * with the default snap length, and the agent runs a 10-second iperf3 UDP flow across the pair
 * (`trafficStart`) at rising bitrates. For each rate: the datagrams iperf3's server received, the
 * packets the client was delivered (decoded from base64, counted), those the agent's buffer
 * dropped, and the CPU of the agent's own process and of its tcpdump over the flow (from /proc;
 * iperf3's CPU is left out: it is the load, not the capture). The highest rate delivered without
 * loss is the figure. Writes the `## Capture throughput` section of docs/benchmarks.md.
 *
 * Runs only inside scripts/netns-sandbox.sh (the package script does that).
 *
 *   node --import tsx bench/capture.ts [--rates 1000,2000,4000,8000] [--seconds 10] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// The workspace packages are not dependencies of the root; the bench reads the schema's source.
import { CAPTURE_MAXIMA } from '../packages/protocol/src/capture.ts';

import { AgentClient, type BaseMsg } from './lib/agent-client.ts';
import { CLK_TCK, treeCpuTicks, withAgent } from './lib/agent-process.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { replaceSection, table } from './lib/markdown.ts';
import { assertSandbox } from './lib/sandbox.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const TOPOLOGY = 'bench-cap';
/** iperf3's UDP datagram payload here (the path MTU, 1500, less IP and UDP headers and its own). */
const DATAGRAM_BYTES = 1448;

const args = parseArgs({
  options: {
    rates: { type: 'string', default: '1000,2000,4000,8000' },
    seconds: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
  },
});
const RATES = args.values.rates.split(',').map(Number);
const SECONDS = Number(args.values.seconds);

type Msg = BaseMsg & {
  captureId?: string;
  trafficId?: string;
  packets?: unknown;
  dropped?: number;
  reason?: string;
  summary?: { receiver?: { datagrams?: number; bitsPerSecond?: number } };
};
type Row = {
  pps: number;
  received: number;
  delivered: number;
  dropped: number;
  agentCpu: number;
  tcpdumpCpu: number;
  lossless: boolean;
};

class Client extends AgentClient<Msg> {
  delivered = 0;
  bytes = 0;

  protected override onMessage(m: Msg): void {
    if (m.type !== 'packets' || !Array.isArray(m.packets)) return;
    // What a page does with each packet first: its bytes out of base64.
    for (const p of m.packets as { data: string }[]) this.bytes += Buffer.from(p.data, 'base64').length;
    this.delivered += m.packets.length;
  }
}

async function main(): Promise<void> {
  await assertSandbox();
  const loadBefore = loadAverage();
  const rows = await withAgent('capture', async (agent) => {
    const client = await Client.connect(agent.port, agent.token);
    await client.apply(pairDocument());
    const measured: Row[] = [];
    for (const pps of RATES) measured.push(await measure(client, agent.child.pid ?? -1, pps));
    await client.down(TOPOLOGY, true);
    client.close();
    return measured;
  });
  const section = render(rows, await describeMachine(), `${loadBefore} at the start, ${loadAverage()} at the end`);
  process.stdout.write(`${section}\n`);
  if (!args.values['no-write']) await replaceSection(DOC, 'Capture throughput', section, '# Benchmarks');
}

async function measure(client: Client, pid: number, pps: number): Promise<Row> {
  client.delivered = 0;
  const capture = await client.request(
    {
      type: 'captureStart',
      id: client.id('cap'),
      targets: [{ topology: TOPOLOGY, object: 'pair/a', netns: 'bc-a', ifname: 'eth0' }],
      filter: 'udp',
      // The agent's maxima: at 8000 packets/s ten seconds are 119 MB, over the 64 MB default.
      limits: { packets: CAPTURE_MAXIMA.packets, bytes: CAPTURE_MAXIMA.bytes, seconds: SECONDS + 30 },
    },
    (m) => m.type === 'captureStarted' || m.type === 'error',
  );
  if (capture.type !== 'captureStarted' || capture.captureId === undefined) throw new Error(JSON.stringify(capture));
  const captureId = capture.captureId;
  // A capture past a limit stops by itself, and a captureStop after that is answered NOT_FOUND:
  // wait for its captureStopped from the start, whichever way it comes.
  let stoppedBy: Msg | null = null;
  const stoppedEnd = client
    .wait((m) => m.type === 'captureStopped' && m.captureId === captureId, 600_000)
    .then(({ m }) => (stoppedBy = m));
  const before = await treeCpuTicks(pid);
  const t0 = performance.now();
  const flow = await client.request(
    {
      type: 'trafficStart',
      id: client.id('flow'),
      topology: TOPOLOGY,
      from: 'bc-a',
      to: 'bc-b',
      traffic: { kind: 'iperf3', protocol: 'udp', seconds: SECONDS, bitrateMbit: (pps * DATAGRAM_BYTES * 8) / 1e6 },
    },
    (m) => m.type === 'trafficStarted' || m.type === 'error',
  );
  if (flow.type !== 'trafficStarted') throw new Error(JSON.stringify(flow));
  const done = await client.wait((m) => m.type === 'trafficStopped' && m.trafficId === flow.trafficId, 60_000);
  const elapsed = (performance.now() - t0) / 1000;
  const after = await treeCpuTicks(pid);
  const ticks = (match: (name: string) => boolean) =>
    [...after.byProcess].filter(([n]) => match(n)).reduce((t, [n, v]) => t + v - (before.byProcess.get(n) ?? 0), 0);
  const share = (t: number) => (t / CLK_TCK / elapsed) * 100;
  const agentCpu = share(ticks((n) => n.endsWith(`:${pid}`)));
  const tcpdumpCpu = share(ticks((n) => n.startsWith('tcpdump:')));
  if (stoppedBy === null) client.send({ type: 'captureStop', id: client.id('stop'), captureId });
  const stopped = await stoppedEnd;
  if (stopped.reason !== 'stopped') console.error(`capture at ${pps} packets/s stopped by itself: ${stopped.reason}`);
  const received = done.m.summary?.receiver?.datagrams ?? 0;
  const row = {
    pps,
    received,
    delivered: client.delivered,
    dropped: stopped.dropped ?? 0,
    agentCpu,
    tcpdumpCpu,
    lossless:
      received > 0 && client.delivered >= received && (stopped.dropped ?? 0) === 0 && stopped.reason === 'stopped',
  };
  process.stderr.write(`${JSON.stringify(row)}\n`);
  return row;
}

function pairDocument(): Record<string, unknown> {
  return {
    version: 1,
    name: TOPOLOGY,
    nodes: [
      { id: 'a', type: 'namespace', name: 'bc-a' },
      { id: 'b', type: 'namespace', name: 'bc-b' },
    ],
    links: [
      {
        id: 'pair',
        type: 'veth',
        a: { node: 'a', name: 'eth0', addresses: ['10.62.0.1/24'] },
        b: { node: 'b', name: 'eth0', addresses: ['10.62.0.2/24'] },
      },
    ],
  };
}

const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

function render(rows: readonly Row[], machine: Awaited<ReturnType<typeof describeMachine>>, load: string): string {
  const head = [
    'iperf3 rate (packets/s)',
    'received by iperf3',
    'delivered to the client',
    'dropped by the agent',
    'agent CPU (% of a core)',
    'tcpdump CPU',
  ];
  const body = rows.map((r) => [
    String(r.pps),
    String(r.received),
    `${r.delivered}${r.lossless ? '' : ' (loss)'}`,
    String(r.dropped),
    r.agentCpu.toFixed(1),
    r.tcpdumpCpu.toFixed(1),
  ]);
  const best = rows.filter((r) => r.lossless).reduce((m, r) => Math.max(m, r.pps), 0);
  const bestRow = rows.find((r) => r.pps === best);
  return [
    `Written by \`pnpm bench:capture\` (\`bench/capture.ts\`), which replaces this section on every run.`,
    '',
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; kernel ${machine.kernel}; iproute2 ${machine.iproute2}; Node ${machine.node}.`,
    `- **Run:** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; netloom at commit ${commit()}.`,
    `- **Other work on the machine:** load average ${load}.`,
    '- **Method:** two namespaces joined by a veth pair, applied through a real `netloom serve` in the netns sandbox;',
    '  a WebSocket client captures `udp` on the sender end (default snap length, 2048 bytes) and decodes every',
    `  packet's base64 as a page does; a ${SECONDS}-second iperf3 UDP flow (\`trafficStart\`, ${DATAGRAM_BYTES}-byte datagrams) crosses`,
    "  the pair at each rate. CPU over the flow from /proc: the agent's own process, and its tcpdump (iperf3 is the",
    '  load, not counted). Lossless: every datagram iperf3 received was delivered to the client, none dropped.',
    '',
    table(head, body),
    '',
    best === 0
      ? '**Result:** no rate was delivered without loss.'
      : `**Result:** ${best} packets per second delivered to the client without loss, the agent using ${bestRow?.agentCpu.toFixed(1)}% of a core (tcpdump ${bestRow?.tcpdumpCpu.toFixed(1)}%).`,
  ].join('\n');
}

await main();
