import { describe, expect, it } from 'vitest';

import {
  aBridge,
  aDocument,
  aNamespace,
  aRoot,
  aTap,
  aTun,
  aVeth,
  aVxlan,
  anEnd,
  problems,
  withField,
} from './testing';
import { validateDocument } from './validate';

/** Rules between objects: names per namespace, references, bridges, veths, VXLANs, routes. */

describe('duplicate interface names in one namespace', () => {
  it('refuses two devices with one name in the root namespace, at the second', () => {
    const doc = aDocument({ nodes: [aBridge('b1', 'br0'), aTap('t1', 'br0')] });
    expect(problems(doc)).toEqual([['nodes[1].name', 'DUPLICATE_NAME']]);
  });

  it('treats an omitted namespace and the root node id as the same place', () => {
    const doc = aDocument({ nodes: [aRoot('host'), aBridge('b1', 'br0', { namespace: 'host' }), aTap('t1', 'br0')] });
    expect(problems(doc)).toEqual([['nodes[2].name', 'DUPLICATE_NAME']]);
  });

  it('refuses a veth end named like a device of its namespace', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aTap('t1', 'x0', { namespace: 'ns1' })],
      links: [aVeth('l', ['ns1', 'x0'], ['ns1', 'y0'])],
    });
    expect(problems(doc)).toEqual([['links[0].a.name', 'DUPLICATE_NAME']]);
  });

  it('refuses two veth ends of different links with one name in a namespace', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [aVeth('l1', ['ns1', 'v0'], ['ns2', 'v0']), aVeth('l2', ['ns1', 'v0'], ['ns2', 'v1'])],
    });
    expect(problems(doc)).toEqual([['links[1].a.name', 'DUPLICATE_NAME']]);
  });

  it('puts a veth end on a bridge in the bridge namespace', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aBridge('br', 'br0', { namespace: 'ns1' }), aTap('t', 'p0', { namespace: 'ns1' })],
      links: [aVeth('l', ['br', 'p0'], ['ns1', 'v1'])],
    });
    expect(problems(doc)).toEqual([['links[0].a.name', 'DUPLICATE_NAME']]);
  });

  it.each([
    ['a device', aDocument({ nodes: [aNamespace('ns1'), aTap('t', 'lo', { namespace: 'ns1' })] }), 'nodes[1].name'],
    [
      'a veth end',
      aDocument({ nodes: [aNamespace('ns1')], links: [aVeth('l', ['ns1', 'lo'], ['ns1', 'v0'])] }),
      'links[0].a.name',
    ],
    ['a root device', aDocument({ nodes: [aBridge('b', 'lo')] }), 'nodes[0].name'],
  ])('refuses "lo" as the name of %s', (_what, doc, path) => {
    expect(problems(doc)).toEqual([[path, 'DUPLICATE_NAME']]);
  });

  it('accepts one name in two different namespaces', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [aVeth('l', ['ns1', 'eth0'], ['ns2', 'eth0'])],
    });
    expect(problems(doc)).toEqual([]);
  });

  it('refuses two namespace nodes with one netns name', () => {
    expect(problems(aDocument({ nodes: [aNamespace('a', 'red'), aNamespace('b', 'red')] }))).toEqual([
      ['nodes[1].name', 'DUPLICATE_NAME'],
    ]);
  });
});

describe('references', () => {
  it.each([
    ['a device namespace', aDocument({ nodes: [aBridge('b', 'br0', { namespace: 'nope' })] }), 'nodes[0].namespace'],
    ['a master', aDocument({ nodes: [aTap('t', 'tap0', { master: 'nope' })] }), 'nodes[0].master'],
    [
      'a veth end',
      aDocument({ nodes: [aNamespace('ns1')], links: [aVeth('l', ['ns1', 'v0'], ['nope', 'v1'])] }),
      'links[0].b.node',
    ],
  ])('refuses %s that names no node', (_what, doc, path) => {
    expect(problems(doc)).toEqual([[path, 'MISSING_NODE']]);
  });

  it.each([
    [
      'live in a bridge',
      aDocument({ nodes: [aBridge('b', 'br0'), aTap('t', 'tap0', { namespace: 'b' })] }),
      'nodes[1].namespace',
    ],
    [
      'take a tap as master',
      aDocument({ nodes: [aTap('t0', 'tap0'), aTap('t1', 'tap1', { master: 't0' })] }),
      'nodes[1].master',
    ],
    [
      'end a veth on a tap',
      aDocument({ nodes: [aRoot(), aTap('t', 'tap0')], links: [aVeth('l', ['t', 'v0'], ['host', 'v1'])] }),
      'links[0].a.node',
    ],
  ])('refuses a node that exists but cannot %s', (_what, doc, path) => {
    expect(problems(doc)).toEqual([[path, 'WRONG_NODE_TYPE']]);
  });

  it('does not also blame a veth end on a bridge that itself lives nowhere', () => {
    const doc = aDocument({
      nodes: [aRoot(), aBridge('b', 'br0', { namespace: 'nope' })],
      links: [aVeth('l', ['b', 'v0'], ['host', 'v1'])],
    });
    expect(problems(doc)).toEqual([['nodes[1].namespace', 'MISSING_NODE']]);
  });

  it('reports each node once even when its own schema is broken, without calling its id missing', () => {
    const doc = withField(
      aDocument({ nodes: [aNamespace('ns1'), aTap('t', 'tap0', { namespace: 'ns1' })] }),
      ['nodes', 0, 'name'],
      '$(id)',
    );
    expect(problems(doc)).toEqual([['nodes[0].name', 'INVALID_VALUE']]);
  });
});

describe('bridges and ports', () => {
  it('accepts a tap and a VXLAN on a bridge of their own namespace', () => {
    const doc = aDocument({
      nodes: [
        aNamespace('ns1'),
        aBridge('br', 'br0', { namespace: 'ns1' }),
        aTap('t', 'tap0', { namespace: 'ns1', master: 'br' }),
        aVxlan('vx', 'vx0', 5, { namespace: 'ns1', master: 'br' }),
      ],
    });
    expect(problems(doc)).toEqual([]);
  });

  it('refuses a tun on a bridge with TUN_ON_BRIDGE at its master field', () => {
    const doc = withField(
      aDocument({ nodes: [aBridge('br', 'br0'), aTun('t', 'tun0')] }),
      ['nodes', 1, 'master'],
      'br',
    );
    const result = validateDocument(doc);
    expect(problems(doc)).toEqual([['nodes[1].master', 'TUN_ON_BRIDGE']]);
    expect(!result.ok && result.error[0]?.message).toMatch(/use a tap/);
  });

  it.each([
    ['a tap', aTap('t', 'tap0', { master: 'br' })],
    ['a VXLAN', aVxlan('vx', 'vx0', 5, { master: 'br' })],
  ])('refuses %s in the root namespace on a bridge in another namespace (MASTER_ELSEWHERE)', (_what, port) => {
    const doc = aDocument({ nodes: [aNamespace('ns1'), aBridge('br', 'br0', { namespace: 'ns1' }), port] });
    expect(problems(doc)).toEqual([['nodes[2].master', 'MASTER_ELSEWHERE']]);
  });
});

describe('veth loops', () => {
  it('refuses both ends on one bridge', () => {
    const doc = aDocument({ nodes: [aBridge('br', 'br0')], links: [aVeth('l', ['br', 'v0'], ['br', 'v1'])] });
    expect(problems(doc)).toEqual([['links[0].b.node', 'VETH_LOOP']]);
  });

  it('refuses both ends as the same interface of one namespace', () => {
    const doc = aDocument({ nodes: [aNamespace('ns1')], links: [aVeth('l', ['ns1', 'v0'], ['ns1', 'v0'])] });
    expect(problems(doc)).toEqual([['links[0].b.name', 'VETH_LOOP']]);
  });

  it('accepts both ends in one namespace under two names, and a bridge joined to its own namespace', () => {
    const doc = aDocument({
      nodes: [aRoot(), aNamespace('ns1'), aBridge('br', 'br0')],
      links: [aVeth('l1', ['ns1', 'v0'], ['ns1', 'v1']), aVeth('l2', ['br', 'p0'], ['host', 'p1'])],
    });
    expect(problems(doc)).toEqual([]);
  });
});

describe('the root node', () => {
  it('refuses a second root node', () => {
    expect(problems(aDocument({ nodes: [aRoot('host'), aRoot('host2')] }))).toEqual([
      ['nodes[1].type', 'DUPLICATE_ROOT'],
    ]);
  });
});

describe('several problems at once', () => {
  it('reports every problem of the document in one answer, each with its object id', () => {
    const doc = aDocument({
      nodes: [
        aRoot('host'),
        aRoot('host2'),
        aBridge('br', 'help'),
        aTap('t', 'tap0', { master: 'nope' }),
        aVxlan('vx', 'vx0', 42, { remote: '192.0.2.1', group: '239.1.1.1' }),
      ],
      links: [aVeth('br', ['host', 'v0'], ['host', 'v0'])],
    });
    const input = withField(withField(doc, ['nodes', 4, 'vni'], 0), ['links', 0, 'a', 'speed'], 10);
    const result = validateDocument(input);
    // The link is checked without its unknown field, and the bridge's id is read though its name is bad.
    expect(problems(input)).toEqual([
      ['nodes[2].name', 'INVALID_VALUE'],
      ['nodes[4].vni', 'INVALID_VALUE'],
      ['links[0].a.speed', 'UNKNOWN_FIELD'],
      ['links[0].id', 'DUPLICATE_ID'],
      ['nodes[1].type', 'DUPLICATE_ROOT'],
      ['nodes[3].master', 'MISSING_NODE'],
      ['links[0].b.name', 'VETH_LOOP'],
    ]);
    expect(!result.ok && result.error.map((i) => i.objectId)).toEqual(['br', 'vx', 'br', 'br', 'host2', 't', 'br']);
  });

  it('catalogue: a link with an invalid address and a missing node reports both at once', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1')],
      links: [aVeth('l1', anEnd('ns1', 'v0', { addresses: ['10.0.0.300/24'] }), ['nope', 'v1'])],
    });
    const result = validateDocument(doc);
    expect(problems(doc)).toEqual([
      ['links[0].a.addresses[0]', 'INVALID_VALUE'],
      ['links[0].b.node', 'MISSING_NODE'],
    ]);
    expect(!result.ok && result.error.map((i) => i.objectId)).toEqual(['l1', 'l1']);
  });

  it('checks the references of an object whose required fields are broken', () => {
    const doc = withField(
      aDocument({
        nodes: [aNamespace('ns1'), aTap('t', 'tap0', { namespace: 'gone', master: 'nobr' })],
        links: [aVeth('l1', ['ns1', 'v0'], ['nope', 'v1'])],
      }),
      ['links', 0, 'a', 'name'],
      'bad name',
    );
    expect(problems(withField(doc, ['nodes', 1, 'name'], '-x'))).toEqual([
      ['nodes[1].name', 'INVALID_VALUE'],
      ['links[0].a.name', 'INVALID_VALUE'],
      ['nodes[1].namespace', 'MISSING_NODE'],
      ['nodes[1].master', 'MISSING_NODE'],
      ['links[0].b.node', 'MISSING_NODE'],
    ]);
  });

  it('still checks the valid end of a link whose other end is broken, and finds its name for routes', () => {
    const doc = withField(
      aDocument({
        nodes: [aNamespace('ns1', 'ns1', { routes: [{ to: '10.9.0.0/16', dev: 'v0' }] })],
        links: [aVeth('l1', anEnd('ns1', 'v0', { mac: 'ff:ff:ff:ff:ff:ff' }), ['ns1', 'v1'])],
      }),
      ['links', 0, 'b', 'name'],
      'v 1',
    );
    expect(problems(doc)).toEqual([
      ['links[0].b.name', 'INVALID_VALUE'],
      ['links[0].a.mac', 'BAD_MAC'],
    ]);
  });

  it('does not report a rule about a field left out to save its object', () => {
    // The gateway is no address: the route is checked without it, but "needs a gateway or a device" would be noise.
    const doc = withField(
      aDocument({ nodes: [aNamespace('ns1')] }),
      ['nodes', 0, 'routes'],
      [{ to: 'default', via: 'router' }],
    );
    expect(problems(doc)).toEqual([['nodes[0].routes[0].via', 'INVALID_VALUE']]);
  });

  it('still checks the valid nodes when others are broken', () => {
    const doc = withField(
      aDocument({ nodes: [aBridge('a', 'br0'), aBridge('b', 'br0'), aTap('c', 'tap0')] }),
      ['nodes', 2, 'mtu'],
      'big',
    );
    expect(problems(doc)).toEqual([
      ['nodes[2].mtu', 'INVALID_VALUE'],
      ['nodes[1].name', 'DUPLICATE_NAME'],
    ]);
  });
});
