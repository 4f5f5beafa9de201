import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalRoute, canonicalRoutes, routeDestination, routeFamily, routeLabel } from './routes';

describe('routeFamily', () => {
  it.each([
    [{ to: 'default', via: '10.0.0.1' }, 4],
    [{ to: 'default', via: 'fd00::1' }, 6],
    [{ to: 'default' }, 4], // `ip route add default dev X` is IPv4
    [{ to: '::/0' }, 6],
    [{ to: '10.9.0.0/16' }, 4],
    [{ to: 'fd09::/64', via: 'fd00::1' }, 6],
  ] as const)('%j is IPv%i', (route, family) => {
    expect(routeFamily(route)).toBe(family);
  });
});

describe('canonicalRoute', () => {
  it.each([
    [
      { to: '0.0.0.0/0', via: '10.0.0.1' },
      { to: 'default', via: '10.0.0.1' },
    ],
    [
      { to: '::/0', via: 'FD00:0::1' },
      { to: 'default', via: 'fd00::1' },
    ],
    // Without a gateway, only `::/0` says IPv6.
    [
      { to: '::/0', dev: 'eth0' },
      { to: '::/0', dev: 'eth0' },
    ],
    [
      { to: 'fd09:0:0::/64', dev: 'eth0' },
      { to: 'fd09::/64', dev: 'eth0' },
    ],
  ])('spells %j as %j', (route, canonical) => {
    expect(canonicalRoute(route)).toEqual(canonical);
  });

  it('gives both IP versions of a default route distinct destinations and labels', () => {
    const v4 = canonicalRoute({ to: 'default', via: '10.0.0.1' });
    const v6 = canonicalRoute({ to: 'default', via: 'fd00::1' });
    expect([routeDestination(v4), routeDestination(v6)]).toEqual(['0.0.0.0/0', '::/0']);
    expect([routeLabel(v4), routeLabel(v6)]).toEqual(['default (IPv4)', 'default (IPv6)']);
    expect(routeDestination(canonicalRoute({ to: '::/0', dev: 'eth0' }))).toBe('::/0');
  });
});

describe('canonicalRoutes', () => {
  const route = fc.record({
    to: fc.constantFrom('default', '10.9.0.0/16', 'fd09::/64', '::/0'),
    via: fc.option(fc.constantFrom('10.0.0.1', 'fd00::1'), { nil: undefined }),
    dev: fc.option(fc.constantFrom('eth0', 'eth1'), { nil: undefined }),
  });

  it('orders the same routes the same way, whatever order they come in (the diff compares the lists whole)', () => {
    fc.assert(
      fc.property(
        fc
          .array(route, { maxLength: 6 })
          .chain((routes) =>
            fc.tuple(
              fc.constant(routes),
              fc.shuffledSubarray(routes, { minLength: routes.length, maxLength: routes.length }),
            ),
          ),
        ([routes, shuffled]) => {
          const clean = (r: (typeof routes)[number]) => ({
            to: r.to,
            ...(r.via !== undefined && { via: r.via }),
            ...(r.dev !== undefined && { dev: r.dev }),
          });
          expect(canonicalRoutes(shuffled.map(clean))).toEqual(canonicalRoutes(routes.map(clean)));
        },
      ),
    );
  });
});
