import { describe, expect, it } from 'vitest';

import { assembleState, namespaceNames } from './assemble';
import { aForeignNetns, aKernelLink, anOwnedLink, anOwnedNetns, aSnapshot } from './testing';

const own = (
  key: string,
  ifname: string,
  kind: Parameters<typeof anOwnedLink>[3],
  extra: Parameters<typeof anOwnedLink>[4] = {},
) => anOwnedLink('lab', key, ifname, kind, extra);

describe('assembleState', () => {
  it('takes a namespace marker only on a namespace the documents name so, and once per id', () => {
    const doc = {
      version: 1 as const,
      name: 'lab',
      nodes: [{ id: 'n', type: 'namespace' as const, name: 'red' }],
      links: [],
    };
    const snapshot = aSnapshot(
      [],
      [
        anOwnedNetns('lab', 'n', 'theirs', [own('l', 'v9', 'veth', { end: 'b' })]),
        anOwnedNetns('lab', 'n', 'red'),
        anOwnedNetns('lab', 'm', 'blue'),
        anOwnedNetns('lab', 'm', 'blue2'),
      ],
    );
    const { state, foreign } = assembleState(snapshot, 'lab', undefined, namespaceNames([doc]));
    // `m` is named by no document: its first claim is taken, the second is a copy.
    expect([...state.values()].map((o) => (o.kind === 'netns' ? `${o.key}=${o.name}` : o.key))).toEqual([
      'n=red',
      'm=blue',
    ]);
    expect([...foreign.netns].sort()).toEqual(['blue2', 'theirs']);
  });

  it('turns marked interfaces and namespaces into the objects of the topology', () => {
    const snapshot = aSnapshot(
      [
        own('b', 'br0', 'bridge', {
          stp: true,
          up: true,
          addresses: ['10.0.0.2/24', '10.0.0.1/24'],
          mac: '02:AA:00:00:00:01',
        }),
        own('l', 'v0', 'veth', { end: 'a', master: 'br0' }),
      ],
      [
        anOwnedNetns('lab', 'n', 'red', [own('l', 'v1', 'veth', { end: 'b', mtu: 9000 })], {
          forwarding: true,
          routes: [{ to: 'default', via: '10.0.0.1', dev: 'v1' }],
        }),
      ],
    );
    const { state, orphans } = assembleState(snapshot, 'lab');
    expect(orphans).toEqual([]);
    expect(Object.fromEntries(state)).toEqual({
      b: {
        kind: 'bridge',
        key: 'b',
        stp: true,
        iface: {
          netns: null,
          ifname: 'br0',
          mtu: 1500,
          mac: '02:aa:00:00:00:01',
          addresses: ['10.0.0.1/24', '10.0.0.2/24'],
          master: null,
          up: true,
        },
      },
      l: {
        kind: 'veth',
        key: 'l',
        a: { netns: null, ifname: 'v0', mtu: 1500, addresses: [], master: 'br0', up: false, impair: null },
        b: { netns: 'red', ifname: 'v1', mtu: 9000, addresses: [], master: null, up: false, impair: null },
      },
      n: {
        kind: 'netns',
        key: 'n',
        name: 'red',
        forwarding: true,
        routes: [{ to: 'default', via: '10.0.0.1', dev: 'v1' }],
      },
    });
  });

  it('reads a VXLAN with its settings, and taps and tuns by kind', () => {
    const vxlan = { vni: 42, port: 4789, remote: '192.0.2.2', underlay: 'eth1' };
    const { state } = assembleState(
      aSnapshot([own('v', 'vx0', 'vxlan', { vxlan }), own('t', 'tap0', 'tap'), own('u', 'tun0', 'tun')]),
      'lab',
    );
    expect(state.get('v')).toMatchObject({ kind: 'vxlan', ...vxlan });
    expect([state.get('t')?.kind, state.get('u')?.kind]).toEqual(['tap', 'tun']);
  });

  it('leaves other topologies and unmarked interfaces out, and lists their names as foreign', () => {
    const snapshot = aSnapshot(
      [
        aKernelLink('eth0', 'other'),
        anOwnedLink('other', 'b', 'br9', 'bridge'),
        anOwnedLink('labx', 'b', 'br8', 'bridge'),
      ],
      [
        anOwnedNetns('lab', 'n', 'red', [aKernelLink('dummy0', 'other')]),
        aForeignNetns('blue'),
        aForeignNetns('opaque', undefined),
        anOwnedNetns('other', 'n', 'green'),
      ],
    );
    const { state, foreign, orphans } = assembleState(snapshot, 'lab');
    expect([...state.keys()]).toEqual(['n']);
    expect(orphans).toEqual([]);
    expect([...foreign.netns].sort()).toEqual(['blue', 'green', 'opaque']);
    expect(foreign.ifnames.get('')).toEqual(new Set(['eth0', 'br9', 'br8']));
    expect(foreign.ifnames.get('red')).toEqual(new Set(['dummy0']));
  });

  it('treats half a veth as an orphan', () => {
    const { state, orphans } = assembleState(aSnapshot([own('l', 'v0', 'veth', { end: 'a' })]), 'lab');
    expect(state.size).toBe(0);
    expect(orphans).toEqual([{ key: 'l', netns: null, ifname: 'v0' }]);
  });

  it('keeps the first of two devices with one key and orphans the second', () => {
    const { state, orphans } = assembleState(aSnapshot([own('t', 'tap0', 'tap'), own('t', 'tap1', 'tap')]), 'lab');
    expect(state.get('t')).toMatchObject({ iface: { ifname: 'tap0' } });
    expect(orphans).toEqual([{ key: 't', netns: null, ifname: 'tap1' }]);
  });

  it('orphans a device that claims the key of a namespace', () => {
    const { state, orphans } = assembleState(
      aSnapshot([own('n', 'tap0', 'tap')], [anOwnedNetns('lab', 'n', 'red')]),
      'lab',
    );
    expect(state.get('n')?.kind).toBe('netns');
    expect(orphans).toEqual([{ key: 'n', netns: null, ifname: 'tap0' }]);
  });

  it('orphans a VXLAN without its settings', () => {
    const { state, orphans } = assembleState(aSnapshot([own('x', 'vx0', 'vxlan')]), 'lab');
    expect(state.size).toBe(0);
    expect(orphans).toEqual([{ key: 'x', netns: null, ifname: 'vx0' }]);
  });

  it.each([
    ['a kind netloom never makes', own('x', 'dummy0', 'other')],
    ['a veth carrying a whole device marker', own('x', 'v0', 'veth')],
    ['a bridge carrying a veth end marker', own('x', 'br9', 'bridge', { end: 'a' })],
  ])('catalogue: a forged ownership alias is enough: %s is foreign, never deleted', (_what, link) => {
    const { state, orphans, foreign } = assembleState(aSnapshot([link]), 'lab');
    expect(state.size).toBe(0);
    expect(orphans).toEqual([]);
    expect(foreign.ifnames.get('')?.has(link.ifname)).toBe(true);
  });

  it('orphans what an interrupted apply made but did not mark, when it was pending', () => {
    const snapshot = aSnapshot(
      [aKernelLink('v0', 'veth'), aKernelLink('eth9', 'other')],
      [aForeignNetns('red', [aKernelLink('v1', 'veth')]), aForeignNetns('blue')],
    );
    const { orphans, foreign } = assembleState(snapshot, 'lab', {
      netns: ['red'],
      links: [{ netns: null, ifname: 'v0' }],
    });
    expect(orphans).toEqual([
      { key: 'v0', netns: null, ifname: 'v0' },
      { key: 'red', netns: 'red', ifname: null },
    ]);
    expect(foreign.ifnames.get('')).toEqual(new Set(['eth9']));
    expect([...foreign.netns]).toEqual(['blue']);
  });

  it('never takes a pending name that someone else has marked', () => {
    const snapshot = aSnapshot([anOwnedLink('other', 'k', 'v0', 'tap')]);
    const { orphans, foreign } = assembleState(snapshot, 'lab', { netns: [], links: [{ netns: null, ifname: 'v0' }] });
    expect(orphans).toEqual([]);
    expect(foreign.ifnames.get('')).toEqual(new Set(['v0']));
  });
});
