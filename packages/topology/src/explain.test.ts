import { describe, expect, it } from 'vitest';

import { deriveDesired } from './derive';
import { diffState } from './diff';
import { explainStep } from './explain';
import { impairSpec } from './impair';
import type { DeviceObject, Iface } from './kernel';
import { planChanges } from './plan';
import { Step } from './step';
import { aBridge, aDocument, anEnd, aNamespace, aRoot, aTap, aTun, aVeth, aVxlan, valid } from './testing';

const iface = (netns: string | null, ifname: string): Iface => ({
  netns,
  ifname,
  addresses: [],
  master: null,
  up: true,
});
const device = (d: DeviceObject): Step => ({ op: 'link.add', netns: null, object: d.key, device: d });
const nat = {
  masquerade: ['up0'],
  forwards: [{ protocol: 'tcp' as const, port: 80, to: '10.0.0.2', toPort: 8080 }],
  intact: true,
};

/** One step of every op, and of every variant an op's sentence depends on. */
const SAMPLES: readonly Step[] = [
  { op: 'netns.add', netns: null, object: 'ns1', name: 'netns1' },
  { op: 'netns.id', netns: null, object: 'ns1', name: 'netns1' },
  { op: 'netns.del', netns: null, object: 'ns1', name: 'netns1' },
  device({ kind: 'veth', key: 'l1', a: iface(null, 'veth0'), b: iface('netns1', 'veth1') }),
  device({ kind: 'bridge', key: 'br', iface: iface(null, 'br0'), stp: false }),
  device({ kind: 'bridge', key: 'br', iface: iface(null, 'br0'), stp: true }),
  device({ kind: 'tap', key: 't', iface: iface(null, 'tap0') }),
  device({ kind: 'tun', key: 't', iface: iface(null, 'tun0') }),
  device({
    kind: 'vxlan',
    key: 'vx',
    iface: iface(null, 'vx0'),
    vni: 42,
    port: 4789,
    remote: '10.0.0.2',
    underlay: 'eth1',
  }),
  device({ kind: 'vxlan', key: 'vx', iface: iface(null, 'vx0'), vni: 42, port: 4789, group: '239.1.1.1' }),
  device({ kind: 'vxlan', key: 'vx', iface: iface(null, 'vx0'), vni: 42, port: 4789 }),
  { op: 'link.del', netns: 'netns1', object: 'l1', ifname: 'veth1' },
  {
    op: 'link.set',
    netns: null,
    object: 't',
    ifname: 'tap0',
    alias: 'netloom:lab/t',
    mac: '02:00:00:00:00:01',
    atCreation: true,
  },
  { op: 'link.set', netns: null, object: 't', ifname: 'tun0', alias: 'netloom:lab/t', atCreation: true },
  { op: 'link.set', netns: 'netns1', object: 'ns1', ifname: 'lo', alias: 'netloom:lab/ns1', up: true },
  { op: 'link.set', netns: null, object: 'l1', ifname: 'veth0', master: 'br0', mtu: 1450, up: true },
  { op: 'link.set', netns: null, object: 'l1', ifname: 'veth0', master: null },
  { op: 'link.set', netns: null, object: 'l1', ifname: 'veth0', mac: '02:00:00:00:00:02' },
  { op: 'link.set', netns: null, object: 'l1', ifname: 'veth0', up: false },
  { op: 'link.set', netns: null, object: 'br', ifname: 'br0', stp: true },
  { op: 'link.set', netns: null, object: 'br', ifname: 'br0', stp: false },
  { op: 'addr.add', netns: 'netns1', object: 'l1', ifname: 'veth1', cidr: '10.1.1.1/24' },
  { op: 'addr.del', netns: 'netns1', object: 'l1', ifname: 'veth1', cidr: 'fd00::1/64' },
  { op: 'route.add', netns: 'netns1', object: 'ns1', route: { to: 'default', via: '10.1.1.2' } },
  { op: 'route.add', netns: 'netns1', object: 'ns1', route: { to: '10.9.0.0/16', dev: 'veth1' } },
  { op: 'route.del', netns: 'netns1', object: 'ns1', route: { to: 'default', via: '10.1.1.2' } },
  { op: 'sysctl.set', netns: null, object: 'gw', name: 'gw', key: 'net.ipv4.ip_forward', value: true },
  { op: 'sysctl.set', netns: null, object: 'gw', name: 'gw', key: 'net.ipv4.ip_forward', value: false },
  { op: 'nat.set', netns: 'gw', object: 'gw', table: 'netloom_lab', nat },
  {
    op: 'nat.set',
    netns: 'gw',
    object: 'gw',
    table: 'netloom_lab',
    nat: { masquerade: [], forwards: [], intact: true },
  },
  { op: 'nat.del', netns: 'gw', object: 'gw', table: 'netloom_lab' },
  {
    op: 'qdisc.set',
    netns: 'netns1',
    object: 'l1',
    ifname: 'veth1',
    impair: impairSpec({
      delayMs: 50,
      jitterMs: 10,
      lossPercent: 0.5,
      duplicatePercent: 1,
      reorderPercent: 25,
      rateKbit: 1000,
    }),
  },
  { op: 'qdisc.set', netns: 'netns1', object: 'l1', ifname: 'veth1', impair: impairSpec({ rateKbit: 512 }) },
  { op: 'qdisc.del', netns: 'netns1', object: 'l1', ifname: 'veth1' },
];

/** One sentence: a capital first, one full stop at the very end, none before it ends a sentence. */
function expectOneSentence(text: string): void {
  expect(text).toMatch(/^[A-Z]/);
  expect(text).toMatch(/[^.\s]\.$/);
  expect(text).toBe(text.trim());
  expect(text).not.toMatch(/\s{2}/);
  expect(text.slice(0, -1)).not.toMatch(/[.!?](\s|$)/);
}

describe('explainStep', () => {
  it('has a sample of every op the plan can emit', () => {
    const ops = new Set(SAMPLES.map((s) => s.op));
    expect([...ops].sort()).toEqual(
      Step.unwrap()
        .options.map((o) => o.shape.op.value)
        .sort(),
    );
  });

  it.each(SAMPLES.map((s) => [JSON.stringify(s), s] as const))('explains %s in one sentence', (_, step) => {
    expectOneSentence(explainStep(step));
  });

  it('says what an impairment does to the packets leaving by the end', () => {
    expect(explainStep(SAMPLES.find((s) => s.op === 'qdisc.set')!)).toBe(
      'Puts a queueing discipline on veth1 in netns1 that makes its link worse on purpose (netem, the network emulator): ' +
        'every packet leaving by veth1 waits 50 ms give or take 10 ms, is dropped with a chance of 0.5%, is sent twice ' +
        'with a chance of 1%, skips the wait with a chance of 25%, overtaking others and is held back so no more than ' +
        '1 Mbit/s leave; packets coming in are not touched.',
    );
  });

  it('names what the command acts on and where', () => {
    expect(explainStep(SAMPLES[0]!)).toBe(
      'Creates the network namespace netns1: a network stack of its own, with its own interfaces, routing table ' +
        'and firewall rules, holding at first only a loopback device, which is down.',
    );
    expect(explainStep(SAMPLES[3]!)).toContain('veth0 in the root namespace and veth1 in netns1');
    expect(explainStep(SAMPLES[15]!)).toBe(
      'Configures veth0 in the root namespace: plugs it into the bridge br0 as a port, so the bridge forwards frames ' +
        'to and from it, sets its MTU, the largest packet it sends, to 1450 bytes and brings it up, so it can send and receive.',
    );
  });

  it('explains every step of a plan that builds and then removes a topology of every kind', () => {
    const doc = aDocument({
      nodes: [
        aRoot('host'),
        aNamespace('ns1', 'netns1', { forwarding: true, routes: [{ to: 'default', via: '10.0.0.1' }] }),
        aBridge('br', 'br0', { namespace: 'host', addresses: ['10.0.0.1/24'], stp: true }),
        aTap('tap', 'tap0', { namespace: 'host', master: 'br' }),
        aTun('tun', 'tun0', { namespace: 'host' }),
        aVxlan('vx', 'vx0', 7, { namespace: 'host', remote: '192.0.2.2', master: 'br' }),
      ],
      links: [aVeth('l1', anEnd('ns1', 'veth1', { addresses: ['10.0.0.2/24'] }), anEnd('br', 'veth-ns1'))],
    });
    const desired = deriveDesired(valid(doc));
    const empty = deriveDesired(valid(aDocument()));
    const steps = [
      ...planChanges('lab', diffState(desired, empty), []),
      ...planChanges('lab', diffState(empty, desired), []),
    ];
    expect(steps.length).toBeGreaterThan(10);
    for (const step of steps) expectOneSentence(explainStep(step));
  });
});
