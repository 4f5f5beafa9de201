/**
 * `pnpm bench:packets`: what decoding costs, for the capture list and canvas markers that decode
 * every packet in the browser (issue 12 wants 10,000 packets/s to be cheap). Loops over the
 * decoder's real fixtures (packages/packets/src/__fixtures__: ARP, ICMP, ICMPv6 with neighbour
 * discovery, TCP, UDP, VLAN, VXLAN) and measures packets per second for `decodePacket` alone,
 * `decodePacket` + `flowKey`, and the streaming pcap reader fed 64 KiB chunks. Runs in Node (V8,
 * the engine of the Chromium the e2e tests use). Writes the `## Packets` section of
 * docs/benchmarks.md.
 *
 *   node --import tsx bench/packets.ts [--seconds 2] [--repeats 5] [--no-write]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  decodePacket,
  flowKey,
  PcapReader,
  readPcap,
  writePcap,
  type PcapRecord,
} from '../packages/packets/src/index.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { replaceSection, table } from './lib/markdown.ts';
import { summarize } from './lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'packages/packets/src/__fixtures__');
const DOC = join(ROOT, 'docs/benchmarks.md');
const NAMES = ['ipv4', 'ipv6', 'transport', 'vlan', 'vxlan'];

const args = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    repeats: { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.values.seconds);
const REPEATS = Number(args.values.repeats);

const records: PcapRecord[] = NAMES.flatMap(
  (n) => readPcap(new Uint8Array(readFileSync(join(FIXTURES, `${n}.pcap`)))).records,
);
const stream = writePcap(records);
const bytesPerPacket = records.reduce((n, r) => n + r.data.length, 0) / records.length;

/** Runs `round` (which handles `count` packets) for SECONDS; returns packets per second. */
function rate(count: number, round: () => void): number {
  let packets = 0;
  const start = performance.now();
  let now = start;
  while (now - start < SECONDS * 1000) {
    for (let i = 0; i < 20; i++) round();
    packets += 20 * count;
    now = performance.now();
  }
  return packets / ((now - start) / 1000);
}

let sink = 0; // keeps the results alive so V8 cannot drop the work
const cases: [string, number, () => void][] = [
  [
    'decodePacket',
    records.length,
    () => {
      for (const r of records) sink += decodePacket(r.data).layers.length;
    },
  ],
  [
    'decodePacket + flowKey',
    records.length,
    () => {
      for (const r of records) sink += flowKey(decodePacket(r.data))?.length ?? 0;
    },
  ],
  [
    'PcapReader.push (64 KiB chunks)',
    records.length,
    () => {
      const reader = new PcapReader();
      for (let at = 0; at < stream.length; at += 65536) sink += reader.push(stream.subarray(at, at + 65536)).length;
    },
  ],
];

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  for (const [, count, round] of cases) rate(count, round); // warm up every path before timing
  const rows = cases.map(([name, count, round]) => {
    const s = summarize(Array.from({ length: REPEATS }, () => rate(count, round)));
    return [name, fmt(s?.median), `${fmt(s?.min)}–${fmt(s?.max)}`, ((s?.median ?? 0) / 10_000).toFixed(0)];
  });
  const loadAfter = loadAverage();
  const m = await describeMachine();
  const section = [
    `Written by \`pnpm bench:packets\` (\`bench/packets.ts\`), which replaces this section on every run.`,
    '',
    `- **Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}. Load average ${loadBefore} at the start, ${loadAfter} at the end (other sessions share the machine).`,
    `- **Run:** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${REPEATS} runs of ${SECONDS} s per case after a warm-up.`,
    `- **Packets:** the ${records.length} real packets of the decoder's fixtures (mean ${bytesPerPacket.toFixed(0)} bytes), looped: ARP, ICMP (echo, errors, options, fragments), ICMPv6 (neighbour and router discovery, MLD), TCP and UDP over IPv4 and IPv6, VLAN and QinQ, VXLAN with its inner frame. Every field of every layer is built (the list and hex view need them).`,
    '',
    table(['case', 'packets/s, median', 'min–max', '× 10,000 packets/s'], rows),
    '',
    'The last column is the median over the 10,000 packets per second issue 12 asks the browser to decode cheaply: at that rate, decoding takes one core for 1/N of the time. The load average says how busy the machine was: figures from a busy machine are lower bounds.',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (sink === -1) process.stdout.write('\n');
  if (!args.values['no-write']) await replaceSection(DOC, 'Packets', section, '# Benchmarks');
}

const fmt = (v: number | undefined) => (v === undefined ? '' : Math.round(v).toLocaleString('en-US'));

await main();
