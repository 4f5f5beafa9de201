import { describe, expect, it } from 'vitest';

import type { Node } from './document';
import { formatPath } from './issues';
import { aDocument, anEnd, aNamespace, aVeth, aVxlan, problems, withField } from './testing';
import { validateDocument } from './validate';

/** Rules of VXLANs and routes: what iproute2 and the kernel would refuse at apply time. */

describe('VXLANs', () => {
  const vx = (extra: Parameters<typeof aVxlan>[3], more: readonly Node[] = []) =>
    aDocument({ nodes: [aVxlan('vx', 'vx0', 42, extra), ...more] });

  it.each([
    ['a remote', { remote: '192.0.2.2', local: '192.0.2.1' }],
    ['an IPv6 remote', { remote: '2001:db8::2', local: '2001:db8::1' }],
    ['a group on an underlay', { group: '239.1.1.1', underlay: 'eth1' }],
    ['neither (learning)', {}],
  ])('accepts %s', (_what, extra) => {
    expect(problems(vx(extra))).toEqual([]);
  });

  it.each([
    ['both remote and group', { remote: '192.0.2.2', group: '239.1.1.1', underlay: 'eth1' }, 'nodes[0].group'],
    ['a group that is not multicast', { group: '192.0.2.2', underlay: 'eth1' }, 'nodes[0].group'],
    ['a group without an underlay', { group: '239.1.1.1' }, 'nodes[0].group'],
    ['a multicast remote', { remote: 'ff05::1' }, 'nodes[0].remote'],
    ['a multicast local', { local: '224.0.0.1' }, 'nodes[0].local'],
    ['local and remote of different IP versions', { local: '192.0.2.1', remote: '2001:db8::2' }, 'nodes[0].local'],
  ])('refuses %s (VXLAN_PEER)', (_what, extra, path) => {
    expect(problems(vx(extra))).toEqual([[path, 'VXLAN_PEER']]);
  });

  it('refuses a second VXLAN with the same VNI and port in one namespace', () => {
    expect(problems(vx({}, [aVxlan('vx2', 'vx1', 42)]))).toEqual([['nodes[1].vni', 'DUPLICATE_NAME']]);
  });

  it('accepts the same VNI on another port, in another namespace, or over the other IP version', () => {
    const others = [
      aVxlan('p', 'vx1', 42, { port: 8472 }),
      aNamespace('ns1'),
      aVxlan('n', 'vx0', 42, { namespace: 'ns1' }),
      aVxlan('v6', 'vx6', 42, { local: 'fd00::1' }),
    ];
    expect(problems(vx({}, others))).toEqual([]);
  });

  it('refuses an underlay that is not an interface of its namespace, and accepts lo or one that is', () => {
    const doc = (underlay: string) =>
      aDocument({
        nodes: [aNamespace('ns1'), aVxlan('vx', 'vx0', 42, { namespace: 'ns1', underlay })],
        links: [aVeth('l', ['ns1', 'v0'], ['ns1', 'v1'])],
      });
    expect(problems(doc('eth9'))).toEqual([['nodes[1].underlay', 'MISSING_NODE']]);
    expect(problems(doc('v1'))).toEqual([]);
    expect(problems(doc('lo'))).toEqual([]);
  });

  it('accepts lo as the underlay even where the namespace has no other interface', () => {
    expect(
      problems(
        aDocument({
          nodes: [aNamespace('ns1'), aVxlan('vx', 'vx0', 42, { namespace: 'ns1', underlay: 'lo', group: 'ff05::1' })],
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['itself', [aVxlan('vx', 'vx0', 42, { underlay: 'vx0' })], 'nodes[0].underlay'],
    ['another VXLAN', [aVxlan('a', 'vx0', 42, { underlay: 'vx1' }), aVxlan('b', 'vx1', 43)], 'nodes[0].underlay'],
  ])('refuses a VXLAN riding on %s', (_what, nodes, path) => {
    expect(problems(aDocument({ nodes }))).toEqual([[path, 'INVALID_VALUE']]);
  });
});

describe('routes', () => {
  const ns = (
    routes: unknown,
    links = [aVeth('l', anEnd('ns1', 'v0', { addresses: ['10.0.0.1/24', 'fd00::1/64'] }), ['ns1', 'v1'])],
  ) => withField(aDocument({ nodes: [aNamespace('ns1')], links }), ['nodes', 0, 'routes'], routes);

  it('accepts a default route by gateway, a route by device, and an empty list', () => {
    expect(
      problems(
        ns([
          { to: 'default', via: '10.0.0.254' },
          { to: '192.0.2.0/24', dev: 'v0' },
        ]),
      ),
    ).toEqual([]);
    expect(problems(ns([]))).toEqual([]);
  });

  it('accepts an IPv4 and an IPv6 default route side by side (one per IP version)', () => {
    expect(
      problems(
        ns([
          { to: 'default', via: '10.0.0.254' },
          { to: 'default', via: 'fd00::fe' },
        ]),
      ),
    ).toEqual([]);
    expect(
      problems(
        ns([
          { to: 'default', dev: 'v0' },
          { to: '::/0', dev: 'v0' },
        ]),
      ),
    ).toEqual([]);
  });

  it('accepts a gateway inside a route by device, a link-local gateway with its device, and one on another interface', () => {
    expect(
      problems(
        ns([
          { to: '10.7.0.0/16', dev: 'v0' },
          { to: '10.8.0.0/16', via: '10.7.3.1' },
          { to: 'default', via: 'fe80::1', dev: 'v0' },
          { to: '10.9.0.0/16', via: '10.0.0.254', dev: 'v0' },
        ]),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a gateway on none of its subnets',
      [{ to: 'default', via: '192.0.2.1' }],
      'via',
      /on none of this namespace's subnets/,
    ],
    [
      'a gateway off the subnets of the device it names',
      [{ to: 'default', via: '10.0.0.254', dev: 'v1' }],
      'via',
      /not on a subnet of "v1"/,
    ],
    ['an IPv6 gateway with only an IPv4 subnet', [{ to: 'default', via: 'fd01::1' }], 'via', /on none/],
    ['a link-local gateway without its device', [{ to: 'default', via: 'fe80::1' }], 'via', /link-local.*`dev`/],
  ])('refuses %s, which the kernel would refuse only after building the rest', (_what, routes, field, message) => {
    const issues = validateDocument(ns(routes));
    const found = issues.ok ? [] : issues.error;
    expect(found.map((i) => [formatPath(i.path), i.code])).toEqual([[`nodes[0].routes[0].${field}`, 'BAD_ROUTE']]);
    expect(found[0]?.message).toMatch(message);
  });

  it('refuses a route through an interface that is down, by device or by gateway', () => {
    const down = [aVeth('l', anEnd('ns1', 'v0', { addresses: ['10.0.0.1/24'], up: false }), ['ns1', 'v1'])];
    expect(problems(ns([{ to: '10.9.0.0/16', dev: 'v0' }], down))).toEqual([['nodes[0].routes[0].dev', 'BAD_ROUTE']]);
    expect(problems(ns([{ to: 'default', via: '10.0.0.254' }], down))).toEqual([
      ['nodes[0].routes[0].via', 'BAD_ROUTE'],
    ]);
    // Through another interface that is up, the same gateway is fine.
    const another = [...down, aVeth('m', anEnd('ns1', 'v2', { addresses: ['10.0.0.2/24'] }), ['ns1', 'v3'])];
    expect(problems(ns([{ to: 'default', via: '10.0.0.254' }], another))).toEqual([]);
  });

  it('accepts a route through lo in a namespace with no other interface', () => {
    expect(problems(ns([{ to: '192.0.2.0/24', dev: 'lo' }], []))).toEqual([]);
  });

  it.each([
    ['a device the namespace lacks', [{ to: 'default', dev: 'eth9' }], 'nodes[0].routes[0].dev'],
    ['neither gateway nor device', [{ to: 'default' }], 'nodes[0].routes[0]'],
    [
      'one destination twice',
      [
        { to: '10.9.0.0/16', dev: 'v0' },
        { to: '10.9.0.0/16', via: '10.0.0.9' },
      ],
      'nodes[0].routes[1].to',
    ],
    ['a gateway of the other IP version', [{ to: '10.9.0.0/16', via: 'fd00::1' }], 'nodes[0].routes[0].via'],
    [
      'an IPv6 default gateway on ::/0 and on default',
      [
        { to: '::/0', dev: 'v0' },
        { to: 'default', via: 'fd00::9' },
      ],
      'nodes[0].routes[1].to',
    ],
    [
      'default spelled 0.0.0.0/0 twice',
      [
        { to: 'default', via: '10.0.0.9' },
        { to: '0.0.0.0/0', dev: 'v0' },
      ],
      'nodes[0].routes[1].to',
    ],
    ['::/0 with an IPv4 gateway', [{ to: '::/0', via: '10.0.0.9' }], 'nodes[0].routes[0].via'],
  ])('refuses a route with %s (BAD_ROUTE)', (_what, routes, path) => {
    expect(problems(ns(routes))).toEqual([[path, 'BAD_ROUTE']]);
  });
});
