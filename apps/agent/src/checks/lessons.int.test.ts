import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CheckResult } from '@netloom/protocol';
import { readDocument, type Document } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createDefaultEngine } from '../engine/default-engine';
import type { Engine } from '../engine/engine';
import { processScope } from '../exec/process-scope';
import { captureEchoSource } from '../testing/capture';
import { assertSandboxed, ip, IS_ROOT, pings, wipeSandbox } from '../testing/ip';

const LESSONS = join(import.meta.dirname, '..', '..', '..', '..', 'lessons');

function lesson(file: string): Document {
  const r = readDocument(readFileSync(join(LESSONS, file), 'utf8'));
  if (!r.ok) throw new Error(`lessons/${file} is invalid: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** `step.index` → `✓ reason` / `✗ reason`: what failed and why shows in the assertion's diff. */
const table = (results: readonly CheckResult[]) =>
  Object.fromEntries(results.map((r) => [`${r.step}.${r.index} ${r.check}`, `${r.ok ? '✓' : '✗'} ${r.reason}`]));
const failing = (results: readonly CheckResult[]) =>
  results.filter((r) => !r.ok).map((r) => `${r.step}.${r.index} ${r.check}`);

describe.runIf(IS_ROOT)('lessons checked against a real kernel', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-int-')));
  });
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());

  async function applied(doc: Document) {
    const outcome = await engine.apply(doc, { force: true });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
  }

  /** Every step in order, as a class walks through them (a step's pings come before the FDB it fills). */
  async function everyStep(doc: Document): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    for (let step = 0; step < (doc.lesson?.steps.length ?? 0); step += 1) out.push(...(await engine.checks(doc, step)));
    return out;
  }

  it('network namespaces: every check passes, and each fails after the fault it is about', async () => {
    const doc = lesson('01-namespaces.yaml');
    await applied(doc);
    const all = await everyStep(doc);
    expect(all).toHaveLength(12);
    expect(failing(all), JSON.stringify(table(all), null, 2)).toEqual([]);
    expect(table(all)['4.2 ping']).toMatch(/^✓ netns1 → 192\.0\.2\.1: no reply from 192\.0\.2\.1: .*unreachable/);

    // The pair set down on the namespace's side: its state, and the pings across, fail.
    ip('-n', 'netns1', 'link', 'set', 'dev', 'veth1', 'down');
    const down = table(await engine.checks(doc));
    expect(down['2.1 linkState']).toBe('✗ netns1/veth1 is down (set down)');
    expect(down['2.0 linkState']).toBe('✗ veth0 is down (set up, but no carrier)');
    expect(down['3.0 ping']).toMatch(/^✗ netns1 → 10\.1\.1\.2: no reply/);
    expect(down['3.1 ping']).toMatch(/^✗ the root namespace → 10\.1\.1\.1: no reply/);
    ip('-n', 'netns1', 'link', 'set', 'dev', 'veth1', 'up');

    // veth1 moved out of netns1: it lives in exactly one namespace, now another.
    ip('netns', 'add', 'elsewhere');
    ip('netns', 'set', 'elsewhere', 'auto');
    ip('-n', 'netns1', 'link', 'set', 'dev', 'veth1', 'netns', 'elsewhere');
    const moved = table(await engine.checks(doc, 5));
    expect(moved['5.0 inNamespace']).toBe('✗ veth1 is in elsewhere, not in netns1');
    ip('-n', 'elsewhere', 'link', 'set', 'dev', 'veth1', 'netns', 'netns1');

    // The veth deleted: the pair is gone, and so is everything that needed it.
    ip('link', 'del', 'dev', 'veth0');
    const deleted = await everyStep(doc);
    expect(failing(deleted)).toEqual([
      '1.0 exists',
      '1.1 inNamespace',
      '1.2 inNamespace',
      '2.0 linkState',
      '2.1 linkState',
      '3.0 ping',
      '3.1 ping',
      '4.0 route',
      '4.1 route',
      '5.0 inNamespace',
    ]);
    expect(table(deleted)['1.0 exists']).toBe('✗ l1 is not in the kernel');
    expect(table(deleted)['4.0 route']).toBe('✗ netns1 has no route to 10.1.1.0/24');

    // The namespace deleted: nothing is left to run a ping from.
    ip('netns', 'del', 'netns1');
    expect(table(await engine.checks(doc, 0))['0.0 exists']).toBe('✗ ns1 is not in the kernel');
    expect(table(await engine.checks(doc, 3))['3.0 ping']).toBe(
      '✗ namespace netns1 is not in the kernel; apply the topology',
    );
  }, 60_000);

  it('bridge as gateway: every check passes, each fails after its fault, and the internet sees the gateway only through masquerade', async () => {
    const doc = lesson('02-bridge-gateway.yaml');
    await applied(doc);
    const all = await everyStep(doc);
    expect(all).toHaveLength(18);
    expect(failing(all), JSON.stringify(table(all), null, 2)).toEqual([]);
    expect(table(all)['2.1 fdb']).toMatch(/^✓ br0 has learned [0-9a-f:]{17} \(box1-link\/a\) on veth-box1$/);
    expect(table(all)['5.2 ping']).toMatch(/^✓ internet → 10\.20\.0\.11: no reply .*unreachable/);

    // What "the internet" captures: box1's ping arrives from the gateway's uplink address.
    expect(await captureEchoSource('internet', () => pings('box1', '203.0.113.1'))).toBe('203.0.113.2');

    // A bridge port set down: its container is cut off, and the bridge forgets the MAC behind it.
    ip('-n', 'gateway', 'link', 'set', 'dev', 'veth-box2', 'down');
    expect(failing(await everyStep(doc))).toEqual([
      '0.3 linkState',
      '1.0 ping',
      '1.1 ping',
      '2.0 ping',
      '2.2 fdb',
      '5.1 ping',
    ]);
    ip('-n', 'gateway', 'link', 'set', 'dev', 'veth-box2', 'up');

    // Forwarding off: the gateway still answers for itself, but passes nothing on.
    ip('netns', 'exec', 'gateway', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=0');
    expect(failing(await everyStep(doc))).toEqual(['5.0 ping', '5.1 ping']);
    ip('netns', 'exec', 'gateway', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');

    // The masquerade rule removed: requests now reach the internet from the container's own
    // address, and the replies, for a subnet the internet has no route to, never come back.
    ip('netns', 'exec', 'gateway', 'nft', 'flush', 'chain', 'inet', 'netloom_lesson-gateway', 'postrouting');
    const unmasked = table(await engine.checks(doc, 5));
    expect(unmasked['5.0 ping']).toMatch(/^✗ box1 → 203\.0\.113\.1: no reply/);
    expect(unmasked['5.1 ping']).toMatch(/^✗ box2 → 203\.0\.113\.1: no reply/);
    expect(await captureEchoSource('internet', () => pings('box1', '203.0.113.1'))).toBe('10.20.0.11');
    expect(await engine.status(doc)).toMatchObject({ converged: false });

    // Apply puts netloom's rule back, and the gateway's address is what the internet sees again.
    await applied(doc);
    expect(failing(await engine.checks(doc, 5))).toEqual([]);
    expect(await captureEchoSource('internet', () => pings('box1', '203.0.113.1'))).toBe('203.0.113.2');

    // box1's veth deleted: the container is gone from the bridge and from everything after it.
    ip('-n', 'box1', 'link', 'del', 'dev', 'eth0');
    const deleted = await everyStep(doc);
    expect(failing(deleted)).toEqual([
      '0.1 inNamespace',
      '0.2 linkState',
      '1.0 ping',
      '2.0 ping',
      '2.1 fdb',
      '3.0 route',
      '3.1 ping',
      '4.1 ping',
      '5.0 ping',
    ]);
    expect(table(deleted)['0.1 inNamespace']).toMatch(/^✗ /);
  }, 90_000);

  it('VXLAN: workloads ping across, the bridge learns, 1472 bytes with DF fail and 1422 pass', async () => {
    const doc = lesson('04-vxlan.yaml');
    await applied(doc);
    const all = await everyStep(doc);
    expect(failing(all), JSON.stringify(table(all), null, 2)).toEqual([]);
    const mtu = table(all);
    expect(mtu['4.0 ping']).toMatch(
      /^✓ ws1 → 192\.168\.42\.2 \(1472 bytes, DF\): no reply .*message too long, mtu=1450/,
    );
    expect(mtu['4.1 ping']).toMatch(/^✓ ws1 → 192\.168\.42\.2 \(1422 bytes, DF\): reply from 192\.168\.42\.2/);
    expect(mtu['3.2 fdb']).toMatch(/^✓ br0 has learned [0-9a-f:]{17} \(ws2-link\/a\) on vxlan42$/);

    // The tunnel's far VTEP set down: the workloads lose each other, the underlay does not.
    ip('-n', 'host2', 'link', 'set', 'dev', 'vxlan42', 'down');
    const down = await everyStep(doc);
    expect(failing(down)).toEqual(['1.3 linkState', '2.0 ping', '2.1 ping', '3.0 ping', '4.1 ping']);
    ip('-n', 'host2', 'link', 'set', 'dev', 'vxlan42', 'up');

    // The underlay deleted: no route between the hosts, and nothing crosses.
    ip('-n', 'host1', 'link', 'del', 'dev', 'underlay0');
    const cut = table(await engine.checks(doc, 0));
    expect(cut['0.0 ping']).toMatch(/^✗ host1 → 10\.4\.0\.2: no reply from 10\.4\.0\.2: .*unreachable/);
    expect(cut['0.1 route']).toMatch(/^✗ host1 has no route to 10\.4\.0\.2: .*unreachable/);
    expect(failing(await engine.checks(doc, 2))).toEqual(['2.0 ping', '2.1 ping']);
  }, 60_000);

  it('the challenge: its checks fail as drawn, each repair turns its own check, and all pass once repaired', async () => {
    const broken = lesson('05-challenge-overlay.yaml');
    await applied(broken);
    const before = table(await engine.checks(broken));
    expect(
      Object.values(before).every((v) => v.startsWith('✗')),
      JSON.stringify(before, null, 2),
    ).toBe(true);
    expect(before['0.1 route']).toBe('✗ site2 has no route to 10.7.1.0/24');
    expect(before['0.2 linkState']).toBe('✗ app2/eth0 is down (set down)');

    // The missing route: the underlay works, the overlay still does not (wrong VNI, a link down).
    const routed = edit(broken, (d) => {
      const site2 = d.nodes.find((n) => n.id === 'site2');
      if (site2?.type === 'namespace') site2.routes = [{ to: '10.7.1.0/24', via: '10.7.2.1' }];
    });
    await applied(routed);
    expect(failing(await engine.checks(routed))).toEqual(['0.2 linkState', '0.3 ping']);

    // The link down: up now, but the VNIs still differ.
    const up = edit(routed, (d) => {
      const link = d.links.find((l) => l.id === 'app2-link');
      if (link !== undefined) delete link.a.up;
    });
    await applied(up);
    expect(failing(await engine.checks(up))).toEqual(['0.3 ping']);

    // The wrong VNI: the same on both VTEPs, and everything passes.
    const repaired = edit(up, (d) => {
      const vx2 = d.nodes.find((n) => n.id === 'vx2');
      if (vx2?.type === 'vxlan') vx2.vni = 77;
    });
    await applied(repaired);
    const after = await engine.checks(repaired);
    expect(failing(after), JSON.stringify(table(after), null, 2)).toEqual([]);
  }, 90_000);

  it('the examples: every check of their lessons passes once applied', async () => {
    for (const file of ['01-netns-veth.yaml', '02-bridge.yaml', '03-tun-tap.yaml', '04-vxlan.yaml']) {
      const r = readDocument(readFileSync(join(LESSONS, '..', 'examples', file), 'utf8'));
      if (!r.ok) throw new Error(file);
      await applied(r.value);
      const results = await everyStep(r.value);
      expect(results.length, file).toBeGreaterThan(0);
      expect(failing(results), `${file}: ${JSON.stringify(table(results), null, 2)}`).toEqual([]);
      expect((await engine.down(r.value.name)).ok).toBe(true);
    }
  }, 90_000);
});

function edit(doc: Document, change: (d: Document) => void): Document {
  const copy = structuredClone(doc);
  change(copy);
  return copy;
}
