import { describe, expect, it } from 'vitest';

import type { DeviceObject, Iface } from '../kernel';
import type { Step } from '../step';
import { fakeKernel, hostSnapshot, simulate, SimulationError, type FakeKernel } from './simulate';
import { anOwnedLink, aSnapshot } from './snapshots';

const iface = (netns: string | null, ifname: string): Iface => ({
  netns,
  ifname,
  addresses: [],
  master: null,
  up: true,
});
const add = (
  device: DeviceObject,
  netns: string | null = device.kind === 'veth' ? device.a.netns : device.iface.netns,
): Step => ({ op: 'link.add', netns, object: device.key, device });
const bridge = (netns: string | null, ifname: string): Step =>
  add({ kind: 'bridge', key: ifname, iface: iface(netns, ifname), stp: false });
const tap = (netns: string | null, ifname: string): Step =>
  add({ kind: 'tap', key: ifname, iface: iface(netns, ifname) });
const veth = (a: [string | null, string], b: [string | null, string], from: string | null = null): Step =>
  add({ kind: 'veth', key: a[1], a: iface(...a), b: iface(...b) }, from);
const netns = (name: string): Step => ({ op: 'netns.add', netns: null, object: name, name });
const names = (k: FakeKernel, ns: string | null = null) =>
  (ns === null ? k.snapshot.root : (k.snapshot.namespaces.find((n) => n.name === ns)?.links ?? [])).map(
    (l) => l.ifname,
  );
const refused =
  (steps: Step[], start: FakeKernel = fakeKernel()) =>
  () =>
    simulate(start, steps);

describe('simulate: what exists', () => {
  it('makes a namespace with a loopback, down', () => {
    const k = simulate(hostSnapshot(), [netns('red')]);
    expect(k.snapshot.namespaces).toEqual([
      {
        name: 'red',
        links: [expect.objectContaining({ ifname: 'lo', kind: 'loopback', up: false })],
        forwarding: false,
        routes: [],
        nat: { masquerade: [], forwards: [], intact: true },
      },
    ]);
  });

  it('puts veth ends where the device says, whichever namespace the step runs in', () => {
    const k = simulate(hostSnapshot(), [
      netns('red'),
      netns('blue'),
      veth(['red', 'v0'], ['blue', 'v1'], 'red'),
      veth([null, 'w0'], ['red', 'w1']),
    ]);
    expect([names(k), names(k, 'red'), names(k, 'blue')]).toEqual([
      ['lo', 'eth0', 'eth1', 'w0'],
      ['lo', 'v0', 'w1'],
      ['lo', 'v1'],
    ]);
  });

  it('does not change the kernel it was given', () => {
    const start = fakeKernel();
    simulate(start, [netns('red')]);
    expect(start.snapshot).toEqual(hostSnapshot());
  });
});

describe('simulate: refuses what the kernel refuses', () => {
  it.each([
    ['a device in a namespace that does not exist', [tap('red', 'tap0')]],
    ['a veth end in a namespace that does not exist', [veth([null, 'v0'], ['red', 'v1'])]],
    ['a name that is taken', [tap(null, 'eth0')]],
    ['a namespace twice', [netns('red'), netns('red')]],
    [
      'a tap made from outside its namespace',
      [netns('red'), tap('red', 'tap0')].map((s, i) => (i === 1 ? { ...s, netns: null } : s)),
    ],
    [
      'a master that does not exist',
      [tap(null, 'tap0'), { op: 'link.set', netns: null, object: 't', ifname: 'tap0', master: 'br0' }],
    ],
    [
      'a master that is not a bridge',
      [tap(null, 'tap0'), { op: 'link.set', netns: null, object: 't', ifname: 'tap0', master: 'eth0' }],
    ],
    [
      'an address on a missing device',
      [{ op: 'addr.add', netns: null, object: 'x', ifname: 'nope', cidr: '10.0.0.1/24' }],
    ],
    [
      'an address twice',
      [
        { op: 'addr.add', netns: null, object: 'x', ifname: 'eth1', cidr: '10.0.0.1/24' },
        { op: 'addr.add', netns: null, object: 'x', ifname: 'eth1', cidr: '10.0.0.1/24' },
      ],
    ],
    [
      'removing an address that is not there',
      [{ op: 'addr.del', netns: null, object: 'x', ifname: 'eth1', cidr: '10.0.0.1/24' }],
    ],
    [
      'a route through a missing device',
      [netns('red'), { op: 'route.add', netns: 'red', object: 'r', route: { to: 'default', dev: 'v0' } }],
    ],
    [
      'a route through a device that is down',
      [netns('red'), { op: 'route.add', netns: 'red', object: 'r', route: { to: '10.9.0.0/16', dev: 'lo' } }],
    ],
    [
      'a route through a gateway that is not on-link',
      [
        netns('red'),
        { op: 'link.set', netns: 'red', object: 'r', ifname: 'lo', up: true },
        { op: 'route.add', netns: 'red', object: 'r', route: { to: 'default', via: '10.0.0.1' } },
      ],
    ],
    [
      'a route through a gateway inside a route by device that comes after it',
      [
        netns('red'),
        { op: 'link.set', netns: 'red', object: 'r', ifname: 'lo', up: true },
        { op: 'route.add', netns: 'red', object: 'r', route: { to: '10.1.0.0/16', via: '10.7.0.1' } },
        { op: 'route.add', netns: 'red', object: 'r', route: { to: '10.7.0.0/16', dev: 'lo' } },
      ],
    ],
    [
      'forwarding in a missing namespace',
      [{ op: 'sysctl.set', netns: null, object: 'r', name: 'red', key: 'net.ipv4.ip_forward', value: true }],
    ],
    [
      'a VXLAN over a missing underlay',
      [add({ kind: 'vxlan', key: 'v', iface: iface(null, 'vx0'), vni: 5, port: 4789, underlay: 'eth9' })],
    ],
    [
      'a second VXLAN with one VNI and port',
      [5, 5].map((vni, i) => add({ kind: 'vxlan', key: `v${i}`, iface: iface(null, `vx${i}`), vni, port: 4789 })),
    ],
    [
      'a MAC on a tun (it has none)',
      [
        add({ kind: 'tun', key: 'u', iface: iface(null, 'tun0') }),
        { op: 'link.set', netns: null, object: 'u', ifname: 'tun0', mac: '02:00:00:00:00:01' },
      ],
    ],
  ] as [string, Step[]][])('refuses %s', (_what, steps) => {
    expect(refused(steps)).toThrow(SimulationError);
  });
});

describe('simulate: what the kernel removes by itself', () => {
  it('deleting a namespace removes what is inside and the peers of its veths', () => {
    const k = simulate(hostSnapshot(), [
      netns('red'),
      veth([null, 'v0'], ['red', 'v1']),
      tap('red', 'tap0'),
      { op: 'netns.del', netns: null, object: 'r', name: 'red' },
    ]);
    expect([names(k), k.snapshot.namespaces]).toEqual([['lo', 'eth0', 'eth1'], []]);
  });

  it('deleting a bridge releases its ports; deleting an underlay removes its VXLAN and the routes through it', () => {
    const k = simulate(hostSnapshot(), [
      netns('red'),
      bridge('red', 'br0'),
      veth(['red', 'p0'], ['red', 'p1'], 'red'),
      add({ kind: 'vxlan', key: 'v', iface: iface('red', 'vx0'), vni: 5, port: 4789, underlay: 'p1' }),
      { op: 'link.set', netns: 'red', object: 'p', ifname: 'p0', master: 'br0' },
      { op: 'link.set', netns: 'red', object: 'p', ifname: 'p1', up: true },
      { op: 'route.add', netns: 'red', object: 'r', route: { to: '10.9.0.0/16', dev: 'p1' } },
      { op: 'link.del', netns: 'red', object: 'b', ifname: 'br0' },
      { op: 'link.del', netns: 'red', object: 'p', ifname: 'p0' },
    ]);
    expect(names(k, 'red')).toEqual(['lo']);
    expect(k.snapshot.namespaces[0]?.routes).toEqual([]);
  });

  it('knows the peers of marked veth ends in a snapshot it did not make', () => {
    const snapshot = aSnapshot([
      anOwnedLink('lab', 'l', 'v0', 'veth', { end: 'a' }),
      anOwnedLink('lab', 'l', 'v1', 'veth', { end: 'b' }),
    ]);
    expect(names(simulate(snapshot, [{ op: 'link.del', netns: null, object: 'l', ifname: 'v1' }]))).toEqual(['lo']);
  });
});

describe('simulate: MAC addresses', () => {
  const macOf = (k: FakeKernel, ifname: string) => k.snapshot.root.find((l) => l.ifname === ifname)?.mac;
  const port = (ifname: string, mac: string, master: string | null): Step[] => [
    add({ kind: 'tap', key: ifname, iface: iface(null, ifname) }),
    { op: 'link.set', netns: null, object: ifname, ifname, mac, master },
  ];

  it('makes veth ends, bridges and VXLANs with the MAC their device asks for, a tun with none', () => {
    const withMac = (i: Iface, mac: string): Iface => ({ ...i, mac });
    const k = simulate(hostSnapshot(), [
      add({ kind: 'veth', key: 'l', a: withMac(iface(null, 'v0'), '02:00:00:00:00:0a'), b: iface(null, 'v1') }),
      add({ kind: 'bridge', key: 'b', iface: withMac(iface(null, 'br0'), '02:00:00:00:00:0b'), stp: false }),
      add({ kind: 'vxlan', key: 'x', iface: withMac(iface(null, 'vx0'), '02:00:00:00:00:0c'), vni: 5, port: 4789 }),
      add({ kind: 'tun', key: 'u', iface: iface(null, 'tun0') }),
    ]);
    expect(['v0', 'br0', 'vx0', 'tun0'].map((n) => macOf(k, n))).toEqual([
      '02:00:00:00:00:0a',
      '02:00:00:00:00:0b',
      '02:00:00:00:00:0c',
      undefined,
    ]);
    expect(macOf(k, 'v1')).toMatch(/^02:5e:/);
  });

  it('gives a bridge whose MAC was never set the lowest MAC of its ports, as they come and go', () => {
    const k = simulate(hostSnapshot(), [
      bridge(null, 'br0'),
      ...port('p1', '02:00:00:00:00:09', 'br0'),
      ...port('p2', '02:00:00:00:00:03', 'br0'),
    ]);
    expect(macOf(k, 'br0')).toBe('02:00:00:00:00:03');
    const left = simulate(k, [{ op: 'link.del', netns: null, object: 'p2', ifname: 'p2' }]);
    expect(macOf(left, 'br0')).toBe('02:00:00:00:00:09');
  });

  it('keeps the MAC of a bridge made with one, or given one, whatever its ports', () => {
    const made = simulate(hostSnapshot(), [
      add({ kind: 'bridge', key: 'b', iface: { ...iface(null, 'br0'), mac: '02:00:00:00:00:0b' }, stp: false }),
      ...port('p1', '02:00:00:00:00:01', 'br0'),
    ]);
    const given = simulate(hostSnapshot(), [
      bridge(null, 'br0'),
      { op: 'link.set', netns: null, object: 'b', ifname: 'br0', mac: '02:00:00:00:00:0b' },
      ...port('p1', '02:00:00:00:00:01', 'br0'),
    ]);
    expect([macOf(made, 'br0'), macOf(given, 'br0')]).toEqual(['02:00:00:00:00:0b', '02:00:00:00:00:0b']);
  });
});
