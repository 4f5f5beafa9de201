import { describe, expect, it } from 'vitest';

import type { Orphan } from './assemble';
import { deriveDesired } from './derive';
import { diffState } from './diff';
import { Document } from './document';
import type { KernelObject } from './kernel';
import { stableMac } from './mac';
import { planChanges, sortSteps } from './plan';
import { stageOf, type Step } from './step';
import { aBridge, aDocument, anEnd, aNamespace, aRoot, aSubnetLink, aTap, aTun, aVeth, aVxlan, valid } from './testing';

const desired = (doc: Document) => deriveDesired(valid(doc));
const plan = (to: Document, from: Document = aDocument(), orphans: Orphan[] = []) =>
  planChanges('lab', diffState(desired(to), desired(from)), orphans);
/** `op netns ifname|name` per step: the shape of a plan at a glance. */
const brief = (steps: readonly Step[]) =>
  steps.map(
    (s) =>
      `${s.op} ${s.netns ?? '-'} ${'ifname' in s ? s.ifname : 'name' in s ? s.name : s.op === 'link.add' ? s.device.key : 'route' in s ? s.route.to : s.table}`,
  );

describe('planChanges: creating', () => {
  it('creates a namespace, gives it an id, marks and raises its lo, then sets forwarding and routes', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1', 'red', { forwarding: true, routes: [{ to: '10.9.0.0/16', dev: 'lo' }] })],
    });
    expect(plan(doc)).toEqual([
      { op: 'netns.add', netns: null, object: 'ns1', name: 'red' },
      { op: 'netns.id', netns: null, object: 'ns1', name: 'red' },
      { op: 'link.set', netns: 'red', object: 'ns1', ifname: 'lo', alias: 'netloom:lab/ns1', up: true },
      { op: 'sysctl.set', netns: null, object: 'ns1', name: 'red', key: 'net.ipv4.ip_forward', value: true },
      { op: 'route.add', netns: 'red', object: 'ns1', route: { to: '10.9.0.0/16', dev: 'lo' } },
    ]);
  });

  it('creates a device with its MAC, then marks and configures it, then adds its addresses', () => {
    const doc = aDocument({
      nodes: [aBridge('b', 'br0', { mtu: 1400, mac: '02:00:00:00:00:0A', addresses: ['10.0.0.1/24'], stp: true })],
    });
    const steps = plan(doc);
    expect(steps).toEqual([
      { op: 'link.add', netns: null, object: 'b', device: desired(doc).get('b') },
      { op: 'link.set', netns: null, object: 'b', ifname: 'br0', alias: 'netloom:lab/b', mtu: 1400, up: true },
      { op: 'addr.add', netns: null, object: 'b', ifname: 'br0', cidr: '10.0.0.1/24' },
    ]);
    expect(steps[0]).toMatchObject({ device: { iface: { mac: '02:00:00:00:00:0a' } } });
  });

  it("marks a tap or tun and sets a tap's MAC in the batch that makes it (`tuntap add` takes neither)", () => {
    const doc = aDocument({
      nodes: [aNamespace('n', 'red'), aTap('t', 'tap0'), aTun('u', 'tun0', { namespace: 'n' })],
    });
    const steps = plan(doc).filter((s) => s.object !== 'n');
    expect(steps.filter((s) => stageOf(s) === 'link-add').map((s) => [s.op, s.netns, 'alias' in s && s.alias])).toEqual(
      [
        ['link.add', null, false],
        ['link.add', 'red', false],
        ['link.set', null, 'netloom:lab/t'],
        ['link.set', 'red', 'netloom:lab/u'],
      ],
    );
    expect(steps.find((s) => s.op === 'link.set')).toMatchObject({ mac: stableMac('lab', 't'), atCreation: true });
    expect(steps.filter((s) => stageOf(s) === 'configure' && s.op === 'link.set')).toEqual([
      { op: 'link.set', netns: null, object: 't', ifname: 'tap0', up: true },
      { op: 'link.set', netns: 'red', object: 'u', ifname: 'tun0', up: true },
    ]);
  });

  it('marks each veth end with its side and enslaves an end drawn on a bridge', () => {
    const doc = aDocument({ nodes: [aRoot(), aBridge('b', 'br0')], links: [aVeth('l', ['host', 'v0'], ['b', 'v1'])] });
    const sets = plan(doc).filter((s) => s.op === 'link.set');
    expect(sets).toEqual([
      { op: 'link.set', netns: null, object: 'b', ifname: 'br0', alias: 'netloom:lab/b', up: true },
      { op: 'link.set', netns: null, object: 'l', ifname: 'v0', alias: 'netloom:lab/l/a', up: true },
      { op: 'link.set', netns: null, object: 'l', ifname: 'v1', alias: 'netloom:lab/l/b', master: 'br0', up: true },
    ]);
  });

  it.each([
    ['from the root namespace when an end is there', [aRoot(), aNamespace('n', 'red')], ['n', 'host'] as const, null],
    [
      'from the namespace of end a otherwise',
      [aNamespace('m', 'blue'), aNamespace('n', 'red')],
      ['n', 'm'] as const,
      'red',
    ],
  ])('makes a veth %s', (_what, nodes, [a, b], netns) => {
    const doc = aDocument({ nodes, links: [aVeth('l', [a, 'v0'], [b, 'v1'])] });
    expect(plan(doc).find((s) => s.op === 'link.add')?.netns).toBe(netns);
  });

  it('makes a tun or tap inside its own namespace (an ioctl cannot reach into another)', () => {
    const doc = aDocument({
      nodes: [aNamespace('n', 'red'), aTun('t', 'tun0', { namespace: 'n' }), aTap('p', 'tap0', { namespace: 'n' })],
    });
    expect(
      plan(doc)
        .filter((s) => s.op === 'link.add')
        .map((s) => s.netns),
    ).toEqual(['red', 'red']);
  });

  it('orders stages: namespaces, bridges before ports, veths before VXLANs, configuration last', () => {
    const doc = aDocument({
      nodes: [
        aNamespace('n', 'red'),
        aVxlan('a', 'vx0', 5, { namespace: 'n', underlay: 'v0', master: 'z' }),
        aTap('m', 'tap0', { namespace: 'n', master: 'z' }),
        aBridge('z', 'br0', { namespace: 'n' }),
      ],
      links: [aVeth('l', ['n', 'v0'], ['n', 'v1'])],
    });
    const steps = plan(doc);
    expect(brief(steps.filter((s) => s.op !== 'link.set'))).toEqual([
      'netns.add - red',
      'netns.id - red',
      'link.add red z',
      'link.add red m',
      'link.add red l',
      'link.add red a',
    ]);
    expect(steps.filter((s) => s.op === 'link.add').map(stageOf)).toEqual([
      'link-add',
      'link-add',
      'link-add',
      'tunnel-add',
    ]);
    expect(stageOf(steps[steps.length - 1] as Step)).toBe('configure');
  });
});

describe('planChanges: deleting and updating', () => {
  const full = aDocument({
    nodes: [
      aRoot(),
      aNamespace('n', 'red'),
      aBridge('b', 'br0', { namespace: 'n' }),
      aTap('t', 'tap0'),
      aVxlan('v', 'vx0', 5, { underlay: 'v0' }),
    ],
    links: [aVeth('l', ['host', 'v0'], ['n', 'v1']), aVeth('k', ['host', 'k0'], ['host', 'k1'])],
  });

  it('tears down with one netns.del per namespace; what was inside, a veth into it and a VXLAN on that veth go with it', () => {
    expect(brief(plan(aDocument(), full))).toEqual(['link.del - k0', 'link.del - tap0', 'netns.del - red']);
  });

  it('does not delete a VXLAN whose underlay is deleted: the kernel removes it with it', () => {
    const before = aDocument({
      nodes: [aRoot(), aVxlan('v', 'vx0', 5, { underlay: 'v0' })],
      links: [aVeth('l', ['host', 'v0'], ['host', 'v1'])],
    });
    expect(brief(plan(aDocument({ nodes: [aRoot()] }), before))).toEqual(['link.del - v0']);
  });

  it('deletes a veth once, from its a end', () => {
    expect(
      plan(
        aDocument({ nodes: [aRoot()] }),
        aDocument({ nodes: [aRoot()], links: [aVeth('k', ['host', 'k0'], ['host', 'k1'])] }),
      ),
    ).toEqual([{ op: 'link.del', netns: null, object: 'k', ifname: 'k0' }]);
  });

  it('updates addresses, master and state in place: removals first, additions last', () => {
    const before = aDocument({
      nodes: [aBridge('b', 'br0'), aTap('t', 'tap0', { addresses: ['10.0.0.1/24'], master: 'b' })],
    });
    const after = aDocument({
      nodes: [aBridge('b', 'br0'), aTap('t', 'tap0', { addresses: ['10.0.0.2/24'], up: false, mtu: 1400 })],
    });
    expect(plan(after, before)).toEqual([
      { op: 'addr.del', netns: null, object: 't', ifname: 'tap0', cidr: '10.0.0.1/24' },
      { op: 'link.set', netns: null, object: 't', ifname: 'tap0', master: null, mtu: 1400, up: false },
      { op: 'addr.add', netns: null, object: 't', ifname: 'tap0', cidr: '10.0.0.2/24' },
    ]);
  });

  it('updates STP with a link.set of the bridge', () => {
    expect(
      plan(aDocument({ nodes: [aBridge('b', 'br0', { stp: true })] }), aDocument({ nodes: [aBridge('b', 'br0')] })),
    ).toEqual([{ op: 'link.set', netns: null, object: 'b', ifname: 'br0', stp: true }]);
  });

  it('replaces routes and forwarding of a namespace that stays', () => {
    const ns = (routes: { to: string; via: string }[], forwarding: boolean) =>
      aDocument({ nodes: [aNamespace('n', 'red', { routes, forwarding })], links: [aSubnetLink('n', '10.0.0.5/24')] });
    const steps = plan(ns([{ to: 'default', via: '10.0.0.2' }], true), ns([{ to: 'default', via: '10.0.0.1' }], false));
    expect(brief(steps)).toEqual(['route.del red default', 'sysctl.set - red', 'route.add red default']);
  });

  it('keeps a gateway route whose device the kernel filled in when another route changes', () => {
    const doc = aDocument({
      nodes: [
        aNamespace('n', 'red', {
          routes: [
            { to: 'default', via: '10.0.0.1' },
            { to: '10.9.0.0/16', dev: 'lo' },
          ],
        }),
      ],
      links: [aSubnetLink('n', '10.0.0.5/24')],
    });
    const observed = new Map<string, KernelObject>([
      ...desired(doc),
      ['n', { kind: 'netns', key: 'n', name: 'red', routes: [{ to: 'default', via: '10.0.0.1', dev: 'v0' }] }],
    ]);
    expect(planChanges('lab', diffState(desired(doc), observed))).toEqual([
      { op: 'route.add', netns: 'red', object: 'n', route: { to: '10.9.0.0/16', dev: 'lo' } },
    ]);
  });

  it('deletes orphans, except those inside a namespace that is deleted anyway', () => {
    const orphans: Orphan[] = [
      { key: 'x', netns: null, ifname: 'x0' },
      { key: 'y', netns: 'red', ifname: 'y0' },
    ];
    expect(brief(plan(aDocument(), aDocument({ nodes: [aNamespace('n', 'red')] }), orphans))).toEqual([
      'link.del - x0',
      'netns.del - red',
    ]);
  });

  it('deletes a namespace that an interrupted apply made but did not mark', () => {
    expect(
      plan(aDocument(), aDocument(), [
        { key: 'red', netns: 'red', ifname: null },
        { key: 'v0', netns: 'red', ifname: 'v0' },
      ]),
    ).toEqual([{ op: 'netns.del', netns: null, object: 'red', name: 'red' }]);
  });
});

describe('sortSteps', () => {
  it('is stable inside a stage and op, and puts stages in order', () => {
    const a: Step = { op: 'addr.add', netns: 'x', object: 'a', ifname: 'a', cidr: '10.0.0.1/24' };
    const b: Step = { op: 'addr.add', netns: 'y', object: 'b', ifname: 'b', cidr: '10.0.0.2/24' };
    const del: Step = { op: 'addr.del', netns: 'x', object: 'a', ifname: 'a', cidr: '10.0.0.3/24' };
    const ns: Step = { op: 'netns.add', netns: null, object: 'n', name: 'n' };
    expect(sortSteps([b, a, ns, del])).toEqual([del, ns, b, a]);
  });
});

it('keeps ends and devices: a replaced veth is deleted and made again', () => {
  const before = aDocument({
    nodes: [aRoot(), aNamespace('n', 'red'), aNamespace('m', 'blue')],
    links: [aVeth('l', anEnd('host', 'v0'), ['n', 'v1'])],
  });
  const after = aDocument({
    nodes: [aRoot(), aNamespace('n', 'red'), aNamespace('m', 'blue')],
    links: [aVeth('l', anEnd('host', 'v0'), ['m', 'v1'])],
  });
  expect(brief(plan(after, before))).toEqual(['link.del - v0', 'link.add - l', 'link.set - v0', 'link.set blue v1']);
});

describe('a veth into a deleted namespace whose other end is made again', () => {
  it('is deleted explicitly, so the new one does not collide with it while the kernel dismantles the old namespace', () => {
    const doc = (netnsName: string, id: string) => ({
      version: 1 as const,
      name: 'lab',
      nodes: [
        { id: 'host', type: 'root' as const },
        { id, type: 'namespace' as const, name: netnsName },
      ],
      links: [
        { id: 'l1', type: 'veth' as const, a: { node: 'host', name: 'veth-host' }, b: { node: id, name: 'eth0' } },
      ],
    });
    const before = deriveDesired(Document.parse(doc('old', 'n1')));
    const after = deriveDesired(Document.parse(doc('new', 'n2')));
    const steps = planChanges('lab', diffState(after, before));
    expect(steps.filter((s) => s.op === 'link.del' || s.op === 'netns.del').map((s) => [s.op, s.netns])).toEqual([
      ['link.del', null],
      ['netns.del', null],
    ]);
  });

  it('is left to the kernel when nothing takes its name (down stays one netns del per namespace)', () => {
    const doc = {
      version: 1 as const,
      name: 'lab',
      nodes: [
        { id: 'host', type: 'root' as const },
        { id: 'n1', type: 'namespace' as const, name: 'old' },
      ],
      links: [
        { id: 'l1', type: 'veth' as const, a: { node: 'host', name: 'veth-host' }, b: { node: 'n1', name: 'eth0' } },
      ],
    };
    const steps = planChanges('lab', diffState(new Map(), deriveDesired(Document.parse(doc))));
    expect(steps.map((s) => s.op)).toEqual(['netns.del']);
  });
});
