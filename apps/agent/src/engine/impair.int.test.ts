import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateDocument, type Document, type Impairments } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import { assertSandboxed, IS_ROOT, wipeSandbox } from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';

/** Two namespaces joined by a veth; `a` (v0 in red) carries the impairments, `b` (v1 in blue) a foreign qdisc at times. */
function pair(impairments?: Impairments): Document {
  const doc = validateDocument({
    version: 1,
    name: 'impair',
    nodes: [
      { id: 'red', type: 'namespace', name: 'imp-red' },
      { id: 'blue', type: 'namespace', name: 'imp-blue' },
    ],
    links: [
      {
        id: 'l',
        type: 'veth',
        a: {
          node: 'red',
          name: 'v0',
          addresses: ['10.7.0.1/24'],
          ...(impairments !== undefined && { impairments }),
        },
        b: { node: 'blue', name: 'v1', addresses: ['10.7.0.2/24'] },
      },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.error));
  return doc.value;
}

const tc = (netns: string, ...args: string[]): string =>
  execFileSync('ip', ['netns', 'exec', netns, 'tc', ...args], { encoding: 'utf8' });

type Qdisc = { kind: string; handle: string; root?: boolean; options?: Record<string, unknown> };
const rootQdisc = (netns: string, dev: string): Qdisc | undefined =>
  (JSON.parse(tc(netns, '-j', 'qdisc', 'show', 'dev', dev)) as Qdisc[]).find((q) => q.root === true);

/** ping -c 5 from red to blue: the replies' smallest and largest round trip, or null when none came back. */
function ping(count = 5): { min: number; max: number } | null {
  const r = spawnSync(
    'ip',
    ['netns', 'exec', 'imp-red', 'ping', '-n', '-q', '-c', String(count), '-i', '0.2', '-W', '2', '10.7.0.2'],
    { encoding: 'utf8' },
  );
  const m = /= ([\d.]+)\/[\d.]+\/([\d.]+)\//.exec(r.stdout);
  return r.status === 0 && m !== null ? { min: Number(m[1]), max: Number(m[2]) } : null;
}

/** Whether this kernel has sch_netem (a kernel built without it runs only the rate tests). */
function kernelHasNetem(): boolean {
  execFileSync('ip', ['link', 'add', 'name', 'nlprobe0', 'type', 'veth', 'peer', 'name', 'nlprobe1']);
  try {
    return spawnSync('tc', ['qdisc', 'add', 'dev', 'nlprobe0', 'root', 'netem', 'delay', '1ms']).status === 0;
  } finally {
    execFileSync('ip', ['link', 'del', 'dev', 'nlprobe0']);
  }
}

describe.runIf(IS_ROOT)('link impairments with tc on a real kernel', () => {
  let engine: Engine;
  let netem = false;
  beforeAll(() => {
    assertSandboxed();
    netem = kernelHasNetem();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-impair-')));
  });
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());

  it('limits a rate (tbf), converges, sees a hand change as drift, leaves a foreign qdisc, removes its own', async () => {
    const limited = pair({ rateKbit: 1000 });
    const plan = await engine.plan(limited);
    if (!plan.ok) throw new Error('plan refused');
    // The plan shows the tc command as it runs: argv, no shell.
    expect(plan.steps.filter((s) => s.step.op === 'qdisc.set').map((s) => s.argv.join(' '))).toEqual([
      'ip netns exec imp-red tc qdisc replace dev v0 root handle 4e4c: tbf rate 1000kbit burst 16384 latency 100ms',
    ]);
    expect(await engine.apply(limited)).toMatchObject({ ok: true, remaining: [] });
    expect(rootQdisc('imp-red', 'v0')).toMatchObject({ kind: 'tbf', handle: '4e4c:', options: { rate: 125000 } });

    // Re-apply runs nothing.
    expect(await engine.plan(limited)).toMatchObject({ ok: true, steps: [] });
    expect(await engine.apply(limited)).toMatchObject({ ok: true, remaining: [] });

    // Someone else's root qdisc on an end without impairments is theirs: no drift, left alone.
    tc('imp-blue', 'qdisc', 'add', 'dev', 'v1', 'root', 'handle', '77:', 'pfifo', 'limit', '50');
    expect(await engine.status(limited)).toMatchObject({ converged: true });

    // Netloom's qdisc changed by hand is drift, and the next apply puts it back.
    tc('imp-red', 'qdisc', 'change', 'dev', 'v0', 'root', 'tbf', 'rate', '2mbit', 'burst', '16384', 'latency', '100ms');
    const drifted = await engine.status(limited);
    expect(drifted).toMatchObject({ converged: false });
    expect(drifted.objects.find((o) => o.id === 'l')).toMatchObject({
      state: 'drifted',
      fields: ['a.impair.rateKbit'],
    });
    expect(await engine.apply(limited)).toMatchObject({ ok: true, remaining: [] });
    expect(rootQdisc('imp-red', 'v0')).toMatchObject({ kind: 'tbf', options: { rate: 125000 } });

    // Impairments removed from the document: netloom's qdisc goes, the default comes back; the foreign one stays.
    const plain = pair();
    const removal = await engine.plan(plain);
    if (!removal.ok) throw new Error('plan refused');
    expect(removal.steps.map((s) => s.argv.join(' '))).toEqual(['ip netns exec imp-red tc qdisc del dev v0 root']);
    expect(await engine.apply(plain)).toMatchObject({ ok: true, remaining: [] });
    expect(rootQdisc('imp-red', 'v0')).toMatchObject({ kind: 'noqueue' });
    expect(rootQdisc('imp-blue', 'v1')).toMatchObject({ kind: 'pfifo', handle: '77:' });
    expect(await engine.plan(plain)).toMatchObject({ ok: true, steps: [] });

    // Down removes the interfaces, and their qdiscs with them.
    expect(await engine.apply(limited)).toMatchObject({ ok: true, remaining: [] });
    expect(await engine.down('impair')).toMatchObject({ ok: true });
    expect(spawnSync('ip', ['netns', 'exec', 'imp-red', 'true']).status).not.toBe(0);
  });

  it('delays and drops with netem: RTT raised by the delay, 100% loss stops the ping, converges, drift, removal', async (ctx) => {
    if (!netem) ctx.skip(); // this kernel was built without sch_netem
    expect(await engine.apply(pair())).toMatchObject({ ok: true, remaining: [] });
    const before = ping();
    expect(before).not.toBeNull();

    const delayed = pair({ delayMs: 50 });
    expect(await engine.apply(delayed)).toMatchObject({ ok: true, remaining: [] });
    const after = ping();
    // A lower bound, not a race: every echo waits 50 ms in netem on its way out.
    expect(after!.min).toBeGreaterThanOrEqual(50);
    expect(before!.max).toBeLessThan(50);
    expect(await engine.plan(delayed)).toMatchObject({ ok: true, steps: [] });

    tc('imp-red', 'qdisc', 'change', 'dev', 'v0', 'root', 'netem', 'delay', '80ms');
    expect(await engine.status(delayed)).toMatchObject({ converged: false });
    expect(await engine.apply(delayed)).toMatchObject({ ok: true, remaining: [] });
    expect(await engine.plan(delayed)).toMatchObject({ ok: true, steps: [] });

    const lost = pair({ lossPercent: 100 });
    expect(await engine.apply(lost)).toMatchObject({ ok: true, remaining: [] });
    expect(ping(3)).toBeNull();
    expect(await engine.plan(lost)).toMatchObject({ ok: true, steps: [] });

    // A rate beside netem's settings changes the kind: netem with its own rate, converged too.
    const both = pair({
      delayMs: 20,
      jitterMs: 5,
      lossPercent: 1.5,
      duplicatePercent: 0.3,
      reorderPercent: 25,
      rateKbit: 10_000,
    });
    expect(await engine.apply(both)).toMatchObject({ ok: true, remaining: [] });
    expect(await engine.plan(both)).toMatchObject({ ok: true, steps: [] });

    expect(await engine.apply(pair())).toMatchObject({ ok: true, remaining: [] });
    expect(rootQdisc('imp-red', 'v0')).toMatchObject({ kind: 'noqueue' });
    expect(ping()).not.toBeNull();
  });
});
