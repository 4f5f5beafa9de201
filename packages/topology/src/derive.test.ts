import { describe, expect, it } from 'vitest';

import { deriveDesired } from './derive';
import { ifacesOf, type KernelObject } from './kernel';
import { stableMac } from './mac';
import {
  aBridge,
  aBridgeDemo,
  aDocument,
  anEnd,
  aNamespace,
  aRoot,
  aSubnetLink,
  aTap,
  aTun,
  aVeth,
  aVxlan,
  valid,
} from './testing';

const derived = (...args: Parameters<typeof aDocument>) => deriveDesired(valid(aDocument(...args)));

describe('deriveDesired', () => {
  it('turns the DESIGN.md example into its kernel objects', () => {
    const doc = valid(aBridgeDemo());
    const state = deriveDesired(doc);
    const root = { netns: null, addresses: [], master: null, up: true };
    const mac = (key: string, end: 'a' | 'b' | null = null) => ({ mac: stableMac(doc.name, key, end) });
    expect(Object.fromEntries(state)).toEqual({
      ns1: {
        kind: 'netns',
        key: 'ns1',
        name: 'netns1',
        forwarding: false,
        routes: [{ to: 'default', via: '1.2.3.101' }],
      },
      br0: {
        kind: 'bridge',
        key: 'br0',
        iface: { ...root, ifname: 'br0', addresses: ['1.2.3.101/24'], ...mac('br0') },
        stp: false,
      },
      tap0: { kind: 'tap', key: 'tap0', iface: { ...root, ifname: 'tap0', master: 'br0', ...mac('tap0') } },
      vx: {
        kind: 'vxlan',
        key: 'vx',
        iface: { ...root, ifname: 'vxlan42', master: 'br0', ...mac('vx') },
        vni: 42,
        port: 4789,
        local: '192.168.50.1',
        remote: '192.168.50.2',
        underlay: 'eth1',
      },
      l1: {
        kind: 'veth',
        key: 'l1',
        a: {
          netns: 'netns1',
          ifname: 'veth1',
          addresses: ['1.2.3.1/24'],
          master: null,
          up: true,
          impair: null,
          ...mac('l1', 'a'),
        },
        b: { netns: null, ifname: 'veth-ns1', addresses: [], master: 'br0', up: true, impair: null, ...mac('l1', 'b') },
      },
    });
  });

  it('makes nothing for the root node and leaves unmanaged settings out', () => {
    const state = derived({ nodes: [aRoot(), aNamespace('ns1', 'red')] });
    expect([...state.values()]).toEqual([{ kind: 'netns', key: 'ns1', name: 'red' }]);
  });

  it('keeps an empty route list: it means "no static routes"', () => {
    expect(derived({ nodes: [aNamespace('ns1', 'red', { routes: [] })] }).get('ns1')).toEqual({
      kind: 'netns',
      key: 'ns1',
      name: 'red',
      routes: [],
    });
  });

  it('uses names, not ids, for namespaces and masters', () => {
    const state = derived({
      nodes: [
        aNamespace('n', 'red'),
        aBridge('b', 'br7', { namespace: 'n' }),
        aTap('t', 'tap0', { namespace: 'n', master: 'b' }),
      ],
      links: [aVeth('l', ['b', 'p0'], ['n', 'p1'])],
    });
    expect(state.get('t')).toMatchObject({ iface: { netns: 'red', master: 'br7' } });
    expect(state.get('l')).toMatchObject({ a: { netns: 'red', master: 'br7' }, b: { netns: 'red', master: null } });
  });

  it('places a device whose namespace is the root node in the root namespace', () => {
    expect(derived({ nodes: [aRoot('h'), aTun('t', 'tun0', { namespace: 'h' })] }).get('t')).toMatchObject({
      iface: { netns: null },
    });
  });

  it('fills defaults: up, no STP, port 4789', () => {
    const state = derived({ nodes: [aBridge('b', 'br0'), aVxlan('v', 'vx0', 7)] });
    expect(state.get('b')).toMatchObject({ stp: false, iface: { up: true } });
    expect(state.get('v')).toMatchObject({ port: 4789 });
  });

  it('keeps what the document sets: down, STP, MTU, MAC in lowercase', () => {
    const b = derived({
      nodes: [aBridge('b', 'br0', { up: false, stp: true, mtu: 9000, mac: '02:AA:BB:CC:DD:EE' })],
    }).get('b');
    expect(b).toEqual({
      kind: 'bridge',
      key: 'b',
      stp: true,
      iface: {
        netns: null,
        ifname: 'br0',
        mtu: 9000,
        mac: '02:aa:bb:cc:dd:ee',
        addresses: [],
        master: null,
        up: false,
      },
    });
  });

  it('leaves mtu out when the document does (the kernel chooses)', () => {
    const iface = (derived({ nodes: [aTap('t', 'tap0')] }).get('t') as Extract<KernelObject, { kind: 'tap' }>).iface;
    expect('mtu' in iface).toBe(false);
  });

  it('gives every interface without a MAC its stable one, and a tun none (it has no MAC)', () => {
    const state = derived({
      name: 'demo',
      nodes: [aRoot(), aTap('t', 'tap0'), aTun('u', 'tun0'), aBridge('b', 'br0', { mac: '02:00:00:00:00:01' })],
      links: [aVeth('l', ['host', 'v0'], ['b', 'v1'])],
    });
    const macOf = (key: string) => ifacesOf(state.get(key)!).map(({ iface }) => iface.mac ?? null);
    expect(['t', 'u', 'b', 'l'].map(macOf)).toEqual([
      [stableMac('demo', 't')],
      [null],
      ['02:00:00:00:00:01'],
      [stableMac('demo', 'l', 'a'), stableMac('demo', 'l', 'b')],
    ]);
  });

  it('writes addresses canonically, sorted and once', () => {
    const state = derived({
      nodes: [aRoot()],
      links: [
        aVeth('l', anEnd('host', 'v0', { addresses: ['FD00::0001/64', '10.0.0.2/24', '10.0.0.1/24'] }), ['host', 'v1']),
      ],
    });
    expect(state.get('l')).toMatchObject({ a: { addresses: ['10.0.0.1/24', '10.0.0.2/24', 'fd00::1/64'] } });
  });

  it('writes VXLAN and route addresses canonically, and sorts routes by destination', () => {
    const state = derived({
      nodes: [
        aNamespace('n', 'red', {
          routes: [
            { to: 'default', via: 'FD00::00FE' },
            { to: '10.9.0.0/16', dev: 'lo' },
          ],
        }),
        aVxlan('v', 'vx0', 7, { local: '2001:DB8::1', remote: '2001:db8:0:0:0:0:0:2' }),
      ],
      links: [aSubnetLink('n', 'fd00::1/64')],
    });
    expect(state.get('n')).toMatchObject({
      routes: [
        { to: '10.9.0.0/16', dev: 'lo' },
        { to: 'default', via: 'fd00::fe' },
      ],
    });
    expect(state.get('v')).toMatchObject({ local: '2001:db8::1', remote: '2001:db8::2' });
  });

  it('keys every object by its document id', () => {
    const state = derived({
      nodes: [aNamespace('n1'), aBridge('b1', 'br0')],
      links: [aVeth('l1', ['n1', 'v0'], ['b1', 'v1'])],
    });
    expect([...state.keys()].sort()).toEqual(['b1', 'l1', 'n1']);
    for (const [key, obj] of state) expect(obj.key).toBe(key);
  });
});
