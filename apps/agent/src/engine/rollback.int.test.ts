import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Document } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import {
  addressesOf,
  assertSandboxed,
  example,
  ip,
  ipJson,
  IS_ROOT,
  linksIn,
  namespaces,
  pings,
  wipeSandbox,
} from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';
import type { ApplyOutcome } from './types';

/**
 * Issue 9, "the kernel refuses halfway": a command that fails for a reason no check can foresee
 * (here someone deletes, between two stages, an interface the apply has just made) makes the
 * engine return the topology to the state it had before the apply, unless asked to keep it.
 */

/** Everything a person could see of the sandbox's network: per namespace, its interfaces and routes. */
function kernelState() {
  const state: Record<string, unknown> = {};
  for (const netns of [null, ...namespaces()]) {
    const links = linksIn(netns)
      .map((l) => ({
        ifname: l.ifname,
        mac: l.address,
        mtu: l.mtu,
        master: l.master,
        up: l.flags.includes('UP'),
        alias: l.ifalias,
        addresses: addressesOf(l),
      }))
      .sort((x, y) => (x.ifname < y.ifname ? -1 : 1));
    const routes = ipJson<{ dst: string; gateway?: string; dev?: string }[]>([
      ...(netns === null ? [] : ['-n', netns]),
      'route',
      'show',
    ]).map(({ dst, gateway, dev }) => ({ dst, gateway, dev }));
    state[netns ?? '(root)'] = { links, routes };
  }
  return state;
}

/** 02-bridge changed: blue leaves, red moves to another address, yellow joins the bridge. */
function changed(doc: Document): Document {
  return {
    ...doc,
    nodes: [
      ...doc.nodes.filter((n) => n.id !== 'blue'),
      { id: 'yellow', type: 'namespace', name: 'yellow', routes: [{ to: 'default', via: '10.2.0.1' }] },
    ],
    links: [
      ...doc.links
        .filter((l) => l.id !== 'blue-link')
        .map((l) => (l.id === 'red-link' ? { ...l, a: { ...l.a, addresses: ['10.2.0.21/24'] } } : l)),
      {
        id: 'yellow-link',
        type: 'veth',
        a: { node: 'yellow', name: 'eth0', addresses: ['10.2.0.14/24'] },
        b: { node: 'br', name: 'veth-yellow' },
      },
    ],
  };
}

/** Options that delete yellow's new veth by hand once the devices exist, before they are configured. */
const sabotage = () => ({
  onProgress: (e: { stage: string }) => {
    if (e.stage === 'link-add' && linksIn(null).some((l) => l.ifname === 'veth-yellow'))
      ip('link', 'del', 'dev', 'veth-yellow');
  },
});

function failed(outcome: ApplyOutcome) {
  if (!('steps' in outcome)) throw new Error(`apply refused: ${JSON.stringify(outcome)}`);
  expect(outcome).toMatchObject({ ok: false, reason: 'COMMAND_FAILED' });
  expect(outcome.failed?.stderr).toMatch(/Cannot find device/);
  return outcome;
}

describe.runIf(IS_ROOT)('rollback on a real kernel', () => {
  let engine: Engine;
  beforeAll(() => assertSandboxed());
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());
  const fresh = () => {
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-rollback-')));
  };

  it('a command that fails returns the topology to the state before the apply, deleted namespace and MACs included', async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    const first = await engine.apply(doc);
    expect(first.ok).toBe(true);
    const revision = 'revision' in first ? first.revision : undefined;
    expect(pings('red', '10.2.0.13')).toBe(true); // red's neighbour cache now holds blue's MAC
    const before = kernelState();

    const outcome = failed(await engine.apply(changed(doc), sabotage()));
    expect(outcome.rolledBack).toMatchObject({ ok: true, remaining: [] });
    expect(outcome.rolledBack?.completed).toBeGreaterThan(0);
    expect(outcome.remaining.map((c) => `${c.op} ${c.key}`).sort()).toEqual([
      'create yellow',
      'create yellow-link',
      'delete blue',
      'delete blue-link',
      'update red', // its default route goes with its old address, and comes back
      'update red-link',
    ]);
    expect(outcome.revision).toBe(revision);

    expect(kernelState()).toEqual(before);
    expect(pings('red', '10.2.0.13')).toBe(true); // blue is back, with the MAC red remembers
    expect(await engine.plan(doc)).toMatchObject({ ok: true, steps: [] });
    // The record of what the topology was applied from is back too: no confirmation asked.
    const again = await engine.apply(doc, { lineage: { kind: 'designer', basedOn: revision ?? null } });
    expect(again).toMatchObject({ ok: true, steps: [] });
  });

  it('with noRollback, a command that fails leaves what the apply did', async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    expect((await engine.apply(doc)).ok).toBe(true);
    const outcome = failed(await engine.apply(changed(doc), { ...sabotage(), noRollback: true }));
    expect(outcome.rolledBack).toBeUndefined();
    expect(namespaces().sort()).toEqual(['green', 'red', 'yellow']);
    expect(addressesOf(linksIn('red').find((l) => l.ifname === 'eth0'))).toEqual(['10.2.0.21/24']);
    // The next apply continues from there.
    expect(await engine.apply(changed(doc))).toMatchObject({ ok: true, remaining: [] });
  });
});
