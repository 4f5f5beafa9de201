import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stableMac } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import { assertSandboxed, example, ip, IS_ROOT, linkIn, linksIn, namespaces, pings, wipeSandbox } from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';
import type { ApplyOutcome } from './types';

/** Finding 4 of issue 9: an interface netloom makes again comes back with the MAC it had. */

function applied(outcome: ApplyOutcome) {
  if (!('steps' in outcome)) throw new Error(`apply refused: ${JSON.stringify(outcome)}`);
  expect(outcome.failed, JSON.stringify(outcome.failed)).toBeUndefined();
  expect(outcome.remaining).toEqual([]);
  return outcome;
}

/** Every interface of the sandbox with its MAC, by `netns/ifname` (loopbacks left out). */
function macs(): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const netns of [null, ...namespaces()])
    for (const l of linksIn(netns)) if (l.ifname !== 'lo') out[`${netns ?? ''}/${l.ifname}`] = l.address ?? null;
  return out;
}

describe.runIf(IS_ROOT)('stable MACs on a real kernel', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-macs-')));
  });
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());

  it('a veth deleted by hand and repaired carries traffic on the first ping: its neighbours still know its MAC', async () => {
    const doc = example('02-bridge.yaml');
    applied(await engine.apply(doc));
    // red and the bridge learn blue's MAC (red's neighbour entry is REACHABLE now).
    expect(pings('red', '10.2.0.13')).toBe(true);
    const before = linkIn('blue', 'eth0')?.address;
    ip('-n', 'blue', 'link', 'del', 'dev', 'eth0');
    const repair = applied(await engine.apply(doc));
    expect(repair.steps.some((s) => s.op === 'link.add')).toBe(true);
    expect(pings('red', '10.2.0.13')).toBe(true);
    expect(linkIn('blue', 'eth0')?.address).toBe(before);
  });

  it.each(['01-netns-veth.yaml', '02-bridge.yaml', '03-tun-tap.yaml', '04-vxlan.yaml'])(
    '%s: down then apply gives every interface the MAC it had',
    async (file) => {
      const doc = example(file);
      applied(await engine.apply(doc));
      const first = macs();
      expect(Object.values(first).filter((m) => m !== null).length).toBeGreaterThan(0);
      expect((await engine.down(doc.name)).ok).toBe(true);
      wipeSandbox(); // what the kernel is still dismantling after `down`
      applied(await engine.apply(doc));
      expect(macs()).toEqual(first);
    },
  );

  it('a MAC changed by hand is drift: status shows it, and apply, unable to tell the device from a forged one, changes nothing until the MAC is set back', async () => {
    const doc = example('02-bridge.yaml');
    applied(await engine.apply(doc));
    const mine = linkIn('red', 'eth0')?.address;
    ip('-n', 'red', 'link', 'set', 'dev', 'eth0', 'address', '02:99:00:00:00:01');
    ip('link', 'set', 'dev', 'br-lab', 'address', '02:99:00:00:00:02');
    const status = await engine.status(doc);
    expect(status.converged).toBe(false);
    expect(status.objects.filter((o) => o.state !== 'present').map((o) => [o.id, o.state, o.fields])).toEqual([
      ['br', 'drifted', ['iface.mac']],
      ['red-link', 'drifted', ['a.mac']],
    ]);
    // The MAC is what proves a marked device netloom's (a copied marker has someone else's).
    const refused = await engine.apply(doc);
    expect('issues' in refused && refused.issues.map((i) => [i.code, i.objectId]).sort()).toEqual([
      ['FOREIGN_MARKER', 'br'],
      ['FOREIGN_MARKER', 'red-link'],
    ]);
    expect('issues' in refused && refused.issues.map((i) => i.message).join('\n')).toContain(
      `ip -n red link set dev eth0 address ${mine}`,
    );
    expect(linkIn('red', 'eth0')?.address).toBe('02:99:00:00:00:01');
    // What the message says to do when netloom made it.
    ip('-n', 'red', 'link', 'set', 'dev', 'eth0', 'address', mine ?? '');
    ip('link', 'set', 'dev', 'br-lab', 'address', stableMac(doc.name, 'br'));
    expect((await engine.status(doc)).converged).toBe(true);
    expect(pings('red', '10.2.0.13')).toBe(true);
  });
});
