import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import {
  addressesOf,
  assertSandboxed,
  example,
  ip,
  IS_ROOT,
  kernelNames,
  linkIn,
  linksIn,
  namespaces,
  pings,
  wipeSandbox,
} from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';
import type { ApplyOutcome } from './types';

function applied(outcome: ApplyOutcome) {
  if (!('steps' in outcome)) throw new Error(`apply refused: ${JSON.stringify(outcome)}`);
  expect(outcome.failed, JSON.stringify(outcome.failed)).toBeUndefined();
  expect(outcome.remaining).toEqual([]);
  return outcome;
}

describe.runIf(IS_ROOT)('the examples on a real kernel', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-int-')));
  });
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());

  /** After a first apply: apply again (nothing), break one interface by hand, plan shows the repair, apply repairs, down leaves nothing. */
  async function lifecycle(file: string, damage: { netns: string | null; ifname: string }) {
    const doc = example(file);
    const second = applied(await engine.apply(doc));
    expect(second.steps).toEqual([]);
    expect(second.processes).toBe(0);

    ip(...(damage.netns === null ? [] : ['-n', damage.netns]), 'link', 'del', 'dev', damage.ifname);
    const repair = await engine.plan(doc);
    if (!repair.ok) throw new Error('plan refused');
    expect(repair.steps.some((s) => s.op === 'link.add')).toBe(true);
    expect(repair.steps.every((s) => !s.op.endsWith('.del'))).toBe(true);
    applied(await engine.apply(doc));
    expect(linkIn(damage.netns, damage.ifname)).toBeDefined();
    expect(await engine.plan(doc)).toMatchObject({ ok: true, steps: [] });

    const down = await engine.down(doc.name);
    expect(down.ok, JSON.stringify(down)).toBe(true);
    const names = kernelNames(doc);
    expect(namespaces().filter((n) => names.netns.includes(n))).toEqual([]);
    // The root ends of veths into deleted namespaces go when the kernel has dismantled them, just after.
    await expect
      .poll(
        () =>
          linksIn(null)
            .map((l) => l.ifname)
            .filter((n) => names.rootIfnames.includes(n)),
        { timeout: 5000 },
      )
      .toEqual([]);
    expect(linksIn(null).filter((l) => l.ifalias?.startsWith('netloom:'))).toEqual([]);
  }

  it('01: a namespace joined to the root namespace by a veth pair', async () => {
    const doc = example('01-netns-veth.yaml');
    expect(applied(await engine.apply(doc)).steps.length).toBe(8);
    const host = linkIn(null, 'veth-host');
    const inside = linkIn('netns1', 'veth-ns1');
    expect(host?.linkinfo?.info_kind).toBe('veth');
    expect(addressesOf(host)).toEqual(['10.1.1.1/24']);
    expect(addressesOf(inside)).toEqual(['10.1.1.2/24']);
    expect(host?.ifalias).toBe('netloom:netns-veth/l1/a');
    expect(linkIn('netns1', 'lo')?.flags).toContain('UP');
    expect(pings('netns1', '10.1.1.1')).toBe(true);
    await lifecycle('01-netns-veth.yaml', { netns: 'netns1', ifname: 'veth-ns1' });
  });

  it('02: three namespaces on a bridge that is their gateway', async () => {
    const doc = example('02-bridge.yaml');
    applied(await engine.apply(doc));
    expect(linkIn(null, 'br-lab')?.linkinfo?.info_kind).toBe('bridge');
    expect(addressesOf(linkIn(null, 'br-lab'))).toEqual(['10.2.0.1/24']);
    for (const port of ['veth-red', 'veth-green', 'veth-blue']) expect(linkIn(null, port)?.master).toBe('br-lab');
    expect(pings('red', '10.2.0.13')).toBe(true); // across the bridge
    expect(pings('green', '10.2.0.1')).toBe(true); // the gateway
    await lifecycle('02-bridge.yaml', { netns: null, ifname: 'veth-green' });
  });

  it('02: moving one address changes only its namespace, its route survives, and the result is verified', async () => {
    const doc = example('02-bridge.yaml');
    applied(await engine.apply(doc));
    const moved = {
      ...doc,
      links: doc.links.map((l) => (l.id === 'red-link' ? { ...l, a: { ...l.a, addresses: ['10.2.0.21/24'] } } : l)),
    };
    const change = applied(await engine.apply(moved));
    expect(change.steps.length).toBeGreaterThan(0);
    expect(change.steps.every((s) => s.netns === 'red')).toBe(true);
    expect(addressesOf(linkIn('red', 'eth0'))).toEqual(['10.2.0.21/24']);
    expect(pings('red', '10.2.0.1')).toBe(true);
    expect(await engine.plan(moved)).toMatchObject({ ok: true, steps: [] });
    expect((await engine.down(doc.name)).ok).toBe(true);
  });

  it('03: a tap on a bridge and a tun in a namespace', async () => {
    const doc = example('03-tun-tap.yaml');
    applied(await engine.apply(doc));
    const tap = linkIn(null, 'tap0');
    expect(tap?.linkinfo?.info_kind).toBe('tun');
    expect(tap?.linkinfo?.info_data?.['type']).toBe('tap');
    expect(tap?.master).toBe('br-tap');
    const tun = linkIn('vpn', 'tun0');
    expect(tun?.linkinfo?.info_data?.['type']).toBe('tun');
    expect(addressesOf(tun)).toEqual(['10.3.1.1/24']);
    expect(pings('client', '10.3.0.1')).toBe(true);
    await lifecycle('03-tun-tap.yaml', { netns: null, ifname: 'tap0' });
  });

  it('04: a VXLAN overlay between two simulated hosts', async () => {
    const doc = example('04-vxlan.yaml');
    applied(await engine.apply(doc));
    for (const [host, local, remote] of [
      ['host1', '10.4.0.1', '10.4.0.2'],
      ['host2', '10.4.0.2', '10.4.0.1'],
    ] as const) {
      const vx = linkIn(host, 'vxlan42');
      expect(vx?.linkinfo?.info_kind).toBe('vxlan');
      expect(vx?.linkinfo?.info_data).toMatchObject({ id: 42, port: 4789, local, remote, link: 'underlay0' });
      expect(vx?.master).toBe('br0');
    }
    expect(linkIn('ws1', 'eth0')?.mtu).toBe(1450);
    expect(pings('ws1', '192.168.42.2')).toBe(true);
    await lifecycle('04-vxlan.yaml', { netns: 'host2', ifname: 'vxlan42' });
  });
});
