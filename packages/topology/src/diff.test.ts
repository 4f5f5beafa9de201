import { describe, expect, it } from 'vitest';

import { deriveDesired } from './derive';
import { diffState, type Change } from './diff';
import type { Document } from './document';
import type { KernelObject, KernelState } from './kernel';
import { aBridge, aBridgeDemo, aDocument, aNamespace, aRoot, aSubnetLink, aTap, aVeth, aVxlan, valid } from './testing';

const desired = (doc: Document): KernelState => deriveDesired(valid(doc));
/** What an observed kernel adds to a desired object: the MTU the kernel chose. */
const observedFrom = (doc: Document): KernelState =>
  new Map([...desired(doc)].map(([k, o]): [string, KernelObject] => [k, withMtu(o)]));
const withMtu = (o: KernelObject): KernelObject =>
  o.kind === 'netns'
    ? o
    : o.kind === 'veth'
      ? { ...o, a: { mtu: 1500, ...o.a }, b: { mtu: 1500, ...o.b } }
      : { ...o, iface: { mtu: 1500, ...o.iface } };
const summary = (changes: readonly Change[]) => changes.map((c) => [c.op, c.key, ...('fields' in c ? [c.fields] : [])]);

describe('diffState', () => {
  it('finds nothing to do when the kernel matches, ignoring the MTU the kernel chose', () => {
    expect(diffState(desired(aBridgeDemo()), observedFrom(aBridgeDemo()))).toEqual([]);
  });

  it('creates what is missing and deletes what is no longer drawn, sorted by key', () => {
    const before = aDocument({ nodes: [aBridge('b', 'br0'), aTap('z', 'tap0')] });
    const after = aDocument({ nodes: [aBridge('b', 'br0'), aTap('a', 'tap1')] });
    expect(summary(diffState(desired(after), observedFrom(before)))).toEqual([
      ['create', 'a'],
      ['delete', 'z'],
    ]);
  });

  it.each([
    ['an MTU', { mtu: 9000 }, 'iface.mtu'],
    ['an address', { addresses: ['10.0.0.1/24'] }, 'iface.addresses'],
    ['the admin state', { up: false }, 'iface.up'],
    ['a MAC', { mac: '02:00:00:00:00:01' }, 'iface.mac'],
    ['the master', { master: 'b' }, 'iface.master'],
  ])('updates %s in place', (_what, extra, field) => {
    const before = aDocument({ nodes: [aBridge('b', 'br0'), aTap('t', 'tap0')] });
    const after = aDocument({ nodes: [aBridge('b', 'br0'), aTap('t', 'tap0', extra)] });
    expect(summary(diffState(desired(after), observedFrom(before)))).toEqual([['update', 't', [field]]]);
  });

  it('updates STP in place', () => {
    expect(
      summary(
        diffState(
          desired(aDocument({ nodes: [aBridge('b', 'br0', { stp: true })] })),
          observedFrom(aDocument({ nodes: [aBridge('b', 'br0')] })),
        ),
      ),
    ).toEqual([['update', 'b', ['stp']]]);
  });

  it.each([
    ['a rename', aDocument({ nodes: [aTap('t', 'tap1')] }), ['iface.ifname']],
    [
      'a move to a namespace',
      aDocument({ nodes: [aNamespace('n'), aTap('t', 'tap0', { namespace: 'n' })] }),
      ['iface.netns'],
    ],
    ['a change of kind', aDocument({ nodes: [aBridge('t', 'tap0')] }), ['kind', 'stp']],
  ])('replaces on %s (the kernel cannot change it in place)', (_what, after, fields) => {
    const changes = diffState(desired(after), observedFrom(aDocument({ nodes: [aTap('t', 'tap0')] })));
    expect(summary(changes).find((c) => c[1] === 't')).toEqual(['replace', 't', fields]);
  });

  it.each([
    ['the VNI', { remote: '192.0.2.2' }, { vni: 43, remote: '192.0.2.2' }, ['vni']],
    ['a remote that is dropped', { remote: '192.0.2.2' }, {}, ['remote']],
    ['the port', {}, { port: 8472 }, ['port']],
  ])('replaces a VXLAN on a change of %s', (_what, before, after, fields) => {
    const { vni = 42, ...restAfter } = after as { vni?: number };
    const changes = diffState(
      desired(aDocument({ nodes: [aVxlan('v', 'vx0', vni, restAfter)] })),
      observedFrom(aDocument({ nodes: [aVxlan('v', 'vx0', 42, before)] })),
    );
    expect(summary(changes)).toEqual([['replace', 'v', fields]]);
  });

  it('replaces a namespace on a rename, and each device inside with it', () => {
    const doc = (name: string) =>
      aDocument({ nodes: [aNamespace('n', name), aBridge('b', 'br0', { namespace: 'n' })] });
    expect(summary(diffState(desired(doc('blue')), observedFrom(doc('red'))))).toEqual([
      ['replace', 'b', ['iface.netns']],
      ['replace', 'n', ['name']],
    ]);
  });

  it('compares routes without the device the kernel filled in, where the document names none', () => {
    const doc = aDocument({
      nodes: [aNamespace('n', 'red', { routes: [{ to: 'default', via: '10.0.0.254' }] })],
      links: [aSubnetLink('n', '10.0.0.1/24')],
    });
    const observed = new Map<string, KernelObject>([
      ...desired(doc),
      ['n', { kind: 'netns', key: 'n', name: 'red', routes: [{ to: 'default', via: '10.0.0.254', dev: 'v0' }] }],
    ]);
    expect(diffState(desired(doc), observed)).toEqual([]);
  });

  it('does not compare forwarding or routes the document leaves out', () => {
    const observed = new Map<string, KernelObject>([
      ['n', { kind: 'netns', key: 'n', name: 'red', forwarding: true, routes: [{ to: 'default', via: '10.0.0.1' }] }],
    ]);
    expect(diffState(desired(aDocument({ nodes: [aNamespace('n', 'red')] })), observed)).toEqual([]);
  });
});

describe('diffState: what the kernel removes by itself during the teardown', () => {
  it('makes again an unchanged device whose namespace is deleted (the name moved to another node)', () => {
    const before = aDocument({ nodes: [aNamespace('old', 'red'), aTap('t', 'tap0', { namespace: 'old' })] });
    const after = aDocument({ nodes: [aNamespace('new', 'red'), aTap('t', 'tap0', { namespace: 'new' })] });
    expect(summary(diffState(desired(after), observedFrom(before)))).toEqual([
      ['create', 'new'],
      ['delete', 'old'],
      ['create', 't'],
    ]);
  });

  it('makes again a veth whose other end lived in a deleted namespace', () => {
    const before = aDocument({
      nodes: [aRoot(), aNamespace('old', 'red')],
      links: [aVeth('l', ['host', 'v0'], ['old', 'v1'])],
    });
    const after = aDocument({
      nodes: [aRoot(), aNamespace('new', 'red')],
      links: [aVeth('l', ['host', 'v0'], ['new', 'v1'])],
    });
    expect(summary(diffState(desired(after), observedFrom(before)))).toContainEqual(['create', 'l']);
  });

  it('puts a port back on a bridge that is deleted and made again under the same name', () => {
    const before = aDocument({ nodes: [aBridge('old', 'br0'), aTap('t', 'tap0', { master: 'old' })] });
    const after = aDocument({ nodes: [aBridge('new', 'br0'), aTap('t', 'tap0', { master: 'new' })] });
    const changes = diffState(desired(after), observedFrom(before));
    expect(summary(changes)).toEqual([
      ['create', 'new'],
      ['delete', 'old'],
      ['update', 't', ['iface.master']],
    ]);
    const t = changes[2];
    expect(t?.op === 'update' && t.before.kind === 'tap' && t.before.iface.master).toBeNull();
  });

  it('makes again a VXLAN whose underlay is replaced', () => {
    const doc = (peer: string) =>
      aDocument({
        nodes: [aNamespace('a'), aNamespace('b'), aVxlan('v', 'vx0', 5, { namespace: 'a', underlay: 'u0' })],
        links: [aVeth('l', ['a', 'u0'], [peer, 'u1'])],
      });
    expect(summary(diffState(desired(doc('b')), observedFrom(doc('a'))))).toEqual([
      ['replace', 'l', ['b.netns']],
      ['create', 'v'],
    ]);
  });

  it('adds again a route whose device is replaced', () => {
    const doc = (addr: string) =>
      aDocument({
        nodes: [
          aNamespace('n', 'red', { routes: [{ to: '10.9.0.0/16', dev: 'v0' }] }),
          aTap('v', 'v0', { namespace: 'n', addresses: [addr] }),
        ],
      });
    const before = aDocument({
      nodes: [
        aNamespace('n', 'red', { routes: [{ to: '10.9.0.0/16', dev: 'v0' }] }),
        aBridge('v', 'v0', { namespace: 'n' }),
      ],
    });
    const changes = diffState(desired(doc('10.0.0.1/24')), observedFrom(before));
    expect(summary(changes)).toEqual([
      ['update', 'n', ['routes']],
      ['replace', 'v', ['iface.addresses', 'kind']],
    ]);
  });

  it('leaves a change list without deletes exactly as the plain comparison gives it', () => {
    const before = aDocument({ nodes: [aBridge('b', 'br0'), aTap('t', 'tap0', { master: 'b' })] });
    const after = aDocument({ nodes: [aBridge('b', 'br0', { mtu: 1400 }), aTap('t', 'tap0', { master: 'b' })] });
    expect(summary(diffState(desired(after), observedFrom(before)))).toEqual([['update', 'b', ['iface.mtu']]]);
  });
});
