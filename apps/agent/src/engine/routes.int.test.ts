import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateDocument, type Document, type Route } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import { assertSandboxed, example, ipJson, IS_ROOT, wipeSandbox } from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';

type KernelRoute = { dst: string; gateway?: string; dev?: string; protocol?: string };

/** The static routes of `netns` in one IP version, as `ip -j -N route show` prints them. */
const staticRoutes = (netns: string, family: 4 | 6): string[] =>
  ipJson<KernelRoute[]>(['-n', netns, `-${family}`, 'route', 'show'])
    .filter((r) => r.protocol === undefined || r.protocol === 'boot')
    .map(
      (r) =>
        `${r.dst}${r.gateway === undefined ? '' : ` via ${r.gateway}`}${r.dev === undefined ? '' : ` dev ${r.dev}`}`,
    )
    .sort();

/** Example 02 with IPv6 beside IPv4 on the bridge and on red, whose routes are `routes`. */
function dualStack(routes: Route[]): Document {
  const doc = example('02-bridge.yaml');
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.type === 'bridge') return { ...n, addresses: ['10.2.0.1/24', 'fd00:2::1/64'] };
      if (n.type === 'namespace' && n.name === 'red') return { ...n, routes };
      return n;
    }),
    links: doc.links.map((l) =>
      l.id === 'red-link' ? { ...l, a: { ...l.a, addresses: ['10.2.0.11/24', 'fd00:2::11/64'] } } : l,
    ),
  };
}

describe.runIf(IS_ROOT)('routes of both IP versions on a real kernel', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-routes-')));
  });
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());

  it('keeps an IPv4 and an IPv6 default route side by side, converges, and removes only the one dropped', async () => {
    const both = dualStack([
      { to: 'default', via: '10.2.0.1' },
      // Listed before the IPv4 one on purpose: the order in the document must not matter.
      { to: 'fd00:99::/64', via: 'fd00:2::1' },
      { to: 'default', via: 'fd00:2::1' },
    ]);
    const first = await engine.apply(both);
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true, remaining: [] });
    expect(staticRoutes('red', 4)).toEqual(['default via 10.2.0.1 dev eth0']);
    expect(staticRoutes('red', 6)).toEqual(['default via fd00:2::1 dev eth0', 'fd00:99::/64 via fd00:2::1 dev eth0']);

    // Before the observer read IPv6 routes, this planned the two IPv6 routes again, and applying failed with EXISTS.
    expect(await engine.plan(both)).toMatchObject({ ok: true, steps: [] });
    expect(await engine.apply(both)).toMatchObject({ ok: true, steps: [], processes: 0 });

    const v4Only = dualStack([{ to: 'default', via: '10.2.0.1' }]);
    const drop = await engine.plan(v4Only);
    if (!drop.ok) throw new Error('plan refused');
    expect(drop.steps.map((s) => s.argv.join(' '))).toEqual([
      'ip -n red route del default via fd00:2::1 dev eth0',
      'ip -n red route del fd00:99::/64 via fd00:2::1 dev eth0',
    ]);
    expect(await engine.apply(v4Only)).toMatchObject({ ok: true, remaining: [] });
    expect(staticRoutes('red', 4)).toEqual(['default via 10.2.0.1 dev eth0']);
    expect(staticRoutes('red', 6)).toEqual([]);

    // An IPv6 default route through a device alone is written `::/0` (a bare `default` is IPv4).
    const byDevice = dualStack([
      { to: 'default', via: '10.2.0.1' },
      { to: '::/0', dev: 'eth0' },
    ]);
    expect(await engine.apply(byDevice)).toMatchObject({ ok: true, remaining: [] });
    expect(staticRoutes('red', 6)).toEqual(['default dev eth0']);
    expect(await engine.plan(byDevice)).toMatchObject({ ok: true, steps: [] });

    expect((await engine.down(both.name)).ok).toBe(true);
  });

  it('adds a route by device before a route through a gateway only it makes reachable', async () => {
    // Canonical order puts 10.1.0.0/16 first; the kernel takes it only once 10.7.0.0/16 exists.
    const doc = dualStack([
      { to: '10.1.0.0/16', via: '10.7.3.1' },
      { to: '10.7.0.0/16', dev: 'eth0' },
    ]);
    expect(validateDocument(doc).ok).toBe(true);
    const outcome = await engine.apply(doc);
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true, remaining: [] });
    expect(staticRoutes('red', 4)).toEqual(['10.1.0.0/16 via 10.7.3.1 dev eth0', '10.7.0.0/16 dev eth0']);
    expect(await engine.plan(doc)).toMatchObject({ ok: true, steps: [] });
    expect((await engine.down(doc.name)).ok).toBe(true);
  });
});
