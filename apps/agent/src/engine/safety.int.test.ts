import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stableMac, validateDocument, type Document } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { NlRelay } from '../exec/nl-relay';
import { processScope } from '../exec/process-scope';
import { execaRunner, type CommandRunner } from '../exec/runner';
import {
  addressesOf,
  assertSandboxed,
  example,
  ip,
  IS_ROOT,
  linkIn,
  linksIn,
  namespaces,
  wipeSandbox,
} from '../testing/ip';
import { AppliedStore } from './applied';
import { createEngine, type Engine } from './engine';
import { Journal } from './journal';
import { ApplyLock } from './lock';

/** The real runner, counting every command that would change the kernel (`ip … -batch -`). */
function countingRunner() {
  const batches: string[][] = [];
  const runner: CommandRunner = {
    run(file, args, options) {
      if (args.includes('-batch') && options?.input !== undefined && !options.input.startsWith('route show'))
        batches.push(options.input.trim().split('\n'));
      return execaRunner.run(file, args, options);
    },
  };
  return { runner, batches };
}

describe.runIf(IS_ROOT)('safety on a real kernel', () => {
  let dir: string;
  let counted: ReturnType<typeof countingRunner>;
  let engine: Engine;
  const relay = () => new NlRelay();
  beforeAll(() => assertSandboxed());
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());
  const fresh = () => {
    dir = mkdtempSync(join(tmpdir(), 'netloom-safety-'));
    counted = countingRunner();
    engine = createEngine({
      runner: counted.runner,
      relay: relay(),
      lock: new ApplyLock(join(dir, 'lock')),
      journal: new Journal(join(dir, 'journal')),
      applied: new AppliedStore(join(dir, 'applied')),
    });
  };

  it('refuses a foreign namespace with a clashing name before changing anything, and down leaves it alone', async () => {
    fresh();
    ip('netns', 'add', 'green'); // someone else's
    const doc = example('02-bridge.yaml');
    const outcome = await engine.apply(doc);
    expect(outcome).toMatchObject({ ok: false, reason: 'INVALID' });
    const issues = 'issues' in outcome ? outcome.issues : [];
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([['nodes.3.name', 'FOREIGN_CLASH']]);
    expect(counted.batches).toEqual([]);
    expect(namespaces()).toEqual(['green']);
    expect(linkIn(null, 'br-lab')).toBeUndefined();

    await engine.down(doc.name);
    expect(namespaces()).toEqual(['green']);
  });

  it('refuses a foreign interface with a clashing name, and down leaves it alone', async () => {
    fresh();
    ip('link', 'add', 'name', 'veth-host', 'type', 'bridge');
    const doc = example('01-netns-veth.yaml');
    const outcome = await engine.apply(doc);
    expect('issues' in outcome && outcome.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['links.0.a.name', 'FOREIGN_CLASH'],
    ]);
    expect(counted.batches).toEqual([]);
    expect(namespaces()).toEqual([]);
    await engine.down(doc.name);
    expect(linkIn(null, 'veth-host')?.linkinfo?.info_kind).toBe('bridge');
  });

  it('refuses to delete a namespace holding an interface someone else put there, until it is gone', async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    expect((await engine.apply(doc)).ok).toBe(true);
    ip('-n', 'red', 'link', 'add', 'name', 'x0', 'type', 'veth', 'peer', 'name', 'x1'); // someone's experiment
    counted.batches.length = 0;

    const refused = await engine.down(doc.name);
    expect('issues' in refused && refused.issues.map((i) => [i.code, i.objectId])).toEqual([['FOREIGN_INSIDE', 'red']]);
    expect(counted.batches).toEqual([]);
    expect(namespaces().sort()).toEqual(['blue', 'green', 'red']);
    expect(linkIn('red', 'x1')).toBeDefined();

    ip('-n', 'red', 'link', 'del', 'dev', 'x0'); // what the message says to do
    expect((await engine.down(doc.name)).ok).toBe(true);
    expect(namespaces()).toEqual([]);
  });

  it('rejects a hostile document whole, so nothing runs', () => {
    const hostile = {
      version: 1,
      name: 'hostile',
      nodes: [
        { id: 'a', type: 'namespace', name: 'x;touch /tmp/p' },
        { id: 'b', type: 'namespace', name: '-n' },
        { id: 'c', type: 'bridge', name: 'help' },
        { id: 'd', type: 'bridge', name: '$(id)' },
        { id: 'e', type: 'bridge', name: 'sixteen-bytes-xx' },
        { id: 'f', type: 'tap', name: 'tap\n0' },
      ],
    };
    const r = validateDocument(hostile);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.path.join('.')).sort()).toEqual([
      'nodes.0.name',
      'nodes.1.name',
      'nodes.2.name',
      'nodes.3.name',
      'nodes.4.name',
      'nodes.5.name',
    ]);
    // The engine is never reached with an invalid document: the CLI and the server stop at validation.
  });

  it('maps a failing batch line back to its step, stops there, and the next apply converges', async () => {
    fresh();
    const doc = example('01-netns-veth.yaml');
    // Refused by the kernel: a multicast MAC address cannot be a device's own. Validation refuses it
    // too now; the engine is handed it directly, as a stand-in for a failure no check foresees.
    const broken: Document = {
      ...doc,
      links: [{ ...doc.links[0]!, b: { ...doc.links[0]!.b, mac: '01:00:5e:00:00:01' } }],
    };
    expect(validateDocument(broken).ok).toBe(false);
    const outcome = await engine.apply(broken);
    expect(outcome.ok).toBe(false);
    if (!('failed' in outcome) || outcome.failed === undefined)
      throw new Error(`expected a failed step: ${JSON.stringify(outcome)}`);
    expect(outcome.failed.step.argv.join(' ')).toBe(
      `ip link add name veth-host address ${stableMac(doc.name, 'l1', 'a')} type veth ` +
        'peer name veth-ns1 address 01:00:5e:00:00:01 netns netns1',
    );
    expect(outcome.failed.stderr).toMatch(/Cannot assign requested address/);
    expect(outcome.completed).toBeLessThan(outcome.steps.length);
    const fixed = await engine.apply(doc);
    expect(fixed).toMatchObject({ ok: true, remaining: [] });
    expect(linkIn('netns1', 'veth-ns1')?.ifalias).toBe('netloom:netns-veth/l1/b');
  });

  it('after an apply interrupted before marking, down still removes everything (the journal)', async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    const abort = new AbortController();
    // Stop right after the namespaces and devices exist, before any of them is marked.
    const outcome = await engine.apply(doc, {
      signal: abort.signal,
      onProgress: (e) => e.stage === 'link-add' && abort.abort(),
    });
    expect(outcome.ok).toBe(false);
    expect(namespaces().sort()).toEqual(['blue', 'green', 'red']);
    expect(linkIn(null, 'br-lab')?.ifalias).toBeUndefined();

    const down = await engine.down(doc.name);
    expect(down.ok).toBe(true);
    expect(namespaces()).toEqual([]);
    await expect.poll(() => linksIn(null).map((l) => l.ifname), { timeout: 5000 }).toEqual(['lo']);
  });

  it('catalogue: the journal is trusted by name: what someone made under the journaled names after a clean-up by hand survives down and apply', async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    const abort = new AbortController();
    const cut = await engine.apply(doc, {
      signal: abort.signal,
      onProgress: (e) => e.stage === 'link-add' && abort.abort(),
    });
    expect(cut.ok).toBe(false);
    // Cleaned up by hand, then someone else makes their own under the same names.
    for (const ns of namespaces()) ip('netns', 'del', ns);
    if (linkIn(null, 'br-lab') !== undefined) ip('link', 'del', 'dev', 'br-lab');
    await expect.poll(() => linksIn(null).map((l) => l.ifname), { timeout: 5000 }).toEqual(['lo']);
    ip('netns', 'add', 'red');
    ip('-n', 'red', 'link', 'add', 'name', 'eth0', 'type', 'veth', 'peer', 'name', 'mine');
    ip('link', 'add', 'name', 'br-lab', 'type', 'bridge');
    ip('link', 'add', 'name', 'veth-green', 'type', 'veth', 'peer', 'name', 'theirs');
    counted.batches.length = 0;

    expect((await engine.down(doc.name)).ok).toBe(true);
    expect(counted.batches).toEqual([]);
    expect(namespaces()).toEqual(['red']);
    expect(linkIn('red', 'eth0')).toBeDefined();
    expect(linkIn(null, 'br-lab')).toBeDefined();
    expect(linkIn(null, 'veth-green')).toBeDefined();

    const again = await engine.apply(doc);
    expect('issues' in again && again.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['nodes.1.name', 'FOREIGN_CLASH'],
      ['nodes.2.name', 'FOREIGN_CLASH'],
      ['links.1.b.name', 'FOREIGN_CLASH'],
    ]);
    expect(counted.batches).toEqual([]);
    expect(linkIn('red', 'mine')).toBeDefined();
  });

  it("catalogue: a forged ownership alias is enough: apply and down never delete someone's devices carrying netloom's markers", async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    ip('link', 'add', 'name', 'evil', 'type', 'bridge');
    ip('link', 'set', 'dev', 'evil', 'alias', 'netloom:bridge/br');
    ip('link', 'add', 'name', 'fake', 'type', 'bridge');
    ip('link', 'set', 'dev', 'fake', 'alias', 'netloom:bridge/red-link/a');
    ip('link', 'add', 'name', 'mine0', 'type', 'veth', 'peer', 'name', 'mine1');
    ip('link', 'set', 'dev', 'mine0', 'alias', 'netloom:bridge/red-link/a');
    const codes = (o: Awaited<ReturnType<Engine['apply']>>) =>
      'issues' in o ? o.issues.map((i) => [i.code, i.objectId]).sort() : [];

    const refused = await engine.apply(doc);
    expect(codes(refused)).toEqual([
      ['FOREIGN_MARKER', 'br'],
      ['FOREIGN_MARKER', 'red-link'],
    ]);
    expect(counted.batches).toEqual([]);
    const down = await engine.down(doc.name);
    expect(codes(down)).toEqual([
      ['FOREIGN_MARKER', 'br'],
      ['FOREIGN_MARKER', 'red-link'],
    ]);
    for (const name of ['evil', 'fake', 'mine0', 'mine1']) expect(linkIn(null, name), name).toBeDefined();

    // What the message says to do when they are not netloom's: remove the markers.
    ip('link', 'set', 'dev', 'evil', 'alias', '');
    ip('link', 'set', 'dev', 'mine0', 'alias', '');
    expect(await engine.apply(doc)).toMatchObject({ ok: true, remaining: [] });
    expect((await engine.down(doc.name)).ok).toBe(true);
    for (const name of ['evil', 'fake', 'mine0', 'mine1']) expect(linkIn(null, name), name).toBeDefined();
    expect(namespaces()).toEqual([]);
  });

  it("catalogue: a forged ownership alias is enough: a namespace carrying a copied namespace marker is not the topology's, and apply and down leave it alone", async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    expect(await engine.apply(doc)).toMatchObject({ ok: true, remaining: [] });
    // Someone's namespaces carrying copies of red's and green's markers (with ids, so the agent
    // reads them as it reads its own); green itself is gone.
    ip('netns', 'add', 'theirs');
    ip('netns', 'set', 'theirs', 'auto');
    ip('-n', 'theirs', 'link', 'set', 'dev', 'lo', 'alias', 'netloom:bridge/red');
    ip('netns', 'add', 'other');
    ip('netns', 'set', 'other', 'auto');
    ip('-n', 'other', 'link', 'set', 'dev', 'lo', 'alias', 'netloom:bridge/green');
    ip('-n', 'theirs', 'link', 'add', 'name', 'eth0', 'type', 'bridge');
    ip('netns', 'del', 'green');

    // green is made again beside the copy; neither copy is renamed, deleted or entered.
    expect(await engine.apply(doc)).toMatchObject({ ok: true, remaining: [] });
    expect(namespaces().sort()).toEqual(['blue', 'green', 'other', 'red', 'theirs']);
    expect(linkIn('theirs', 'eth0')).toBeDefined();
    expect(await engine.plan(doc)).toMatchObject({ ok: true, steps: [] });

    expect((await engine.down(doc.name)).ok).toBe(true);
    expect(namespaces().sort()).toEqual(['other', 'theirs']);
    expect(linkIn('theirs', 'eth0')).toBeDefined();
  });

  it("catalogue: a forged ownership alias is enough: apply never changes someone's device carrying a marker it did not get from netloom", async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    // Someone's bridge under the document's name, tagged with the marker the bridge would have.
    ip('link', 'add', 'name', 'br-lab', 'type', 'bridge');
    ip('link', 'set', 'dev', 'br-lab', 'alias', 'netloom:bridge/br');
    const before = linkIn(null, 'br-lab');

    const refused = await engine.apply(doc);
    expect('issues' in refused && refused.issues.map((i) => [i.code, i.objectId])).toEqual([['FOREIGN_MARKER', 'br']]);
    expect('issues' in refused && refused.issues[0]?.message).toContain('will not change it');
    expect(counted.batches).toEqual([]);
    expect(await engine.plan(doc)).toMatchObject({ ok: false, issues: [{ code: 'FOREIGN_MARKER' }] });
    const after = linkIn(null, 'br-lab');
    expect([after?.address, after?.flags.includes('UP'), addressesOf(after)]).toEqual([before?.address, false, []]);
  });

  it('after an apply of the tun/tap example interrupted before marking, down removes its taps and tuns too', async () => {
    fresh();
    const doc = example('03-tun-tap.yaml');
    const abort = new AbortController();
    const cut = await engine.apply(doc, {
      signal: abort.signal,
      onProgress: (e) => e.stage === 'link-add' && abort.abort(),
    });
    expect(cut.ok).toBe(false);
    expect((await engine.down(doc.name)).ok).toBe(true);
    expect(namespaces()).toEqual([]);
    await expect.poll(() => linksIn(null).map((l) => l.ifname), { timeout: 5000 }).toEqual(['lo']);
  });

  it("catalogue: a tap or tun made by an apply killed before its ifindex was journaled is the next apply's, not a name clash", async () => {
    fresh();
    const doc = example('03-tun-tap.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'netloom-killed-'));
    // The apply dies between making the devices and journaling the taps' and tuns' ifindexes:
    // its journal never gets them, and nothing after the devices runs.
    const abort = new AbortController();
    class Killed extends Journal {
      override noteLinks(): Promise<void> {
        abort.abort();
        return Promise.resolve();
      }
    }
    const killed = createEngine({
      runner: counted.runner,
      relay: relay(),
      lock: new ApplyLock(join(dir, 'lock')),
      journal: new Killed(join(dir, 'journal')),
      applied: new AppliedStore(join(dir, 'applied')),
    });
    const cut = await killed.apply(doc, { signal: abort.signal });
    expect(cut.ok).toBe(false);
    expect(linkIn(null, 'tap0')).toBeDefined();
    expect(linkIn('vpn', 'tun0')).toBeDefined();

    // The next apply (the real journal, as after a restart) takes them as what they are: its own.
    const next = createEngine({
      runner: counted.runner,
      relay: relay(),
      lock: new ApplyLock(join(dir, 'lock')),
      journal: new Journal(join(dir, 'journal')),
      applied: new AppliedStore(join(dir, 'applied')),
    });
    expect(await next.apply(doc)).toMatchObject({ ok: true, remaining: [] });
    expect(linkIn(null, 'tap0')?.master).toBe('br-tap');
    expect(linkIn(null, 'tap0')?.address).toBe(stableMac(doc.name, 'tap'));
    expect(linkIn('vpn', 'tun0')?.ifalias).toBe('netloom:tun-tap/tun');
    expect((await next.down(doc.name)).ok).toBe(true);
    expect(namespaces()).toEqual([]);
    await expect.poll(() => linksIn(null).map((l) => l.ifname), { timeout: 5000 }).toEqual(['lo']);
  });

  it.each(['netns-add', 'link-add', 'tunnel-add'])(
    'after an apply of the VXLAN example interrupted after stage %s, the next apply finishes it in one go',
    async (stage) => {
      fresh();
      const doc = example('04-vxlan.yaml');
      const abort = new AbortController();
      const cut = await engine.apply(doc, {
        signal: abort.signal,
        onProgress: (e) => e.stage === stage && abort.abort(),
      });
      expect(cut.ok).toBe(false);
      const again = await engine.apply(doc);
      expect(again).toMatchObject({ ok: true, remaining: [] });
      expect(await engine.plan(doc)).toMatchObject({ ok: true, steps: [] });
      expect((await engine.down(doc.name)).ok).toBe(true);
      expect(namespaces()).toEqual([]);
    },
  );

  it('serializes two applies of the same document: both succeed, the second finds nothing to do', async () => {
    fresh();
    const doc = example('02-bridge.yaml');
    const other = createEngine({
      runner: execaRunner,
      relay: relay(),
      lock: new ApplyLock(join(dir, 'lock')),
      journal: new Journal(join(dir, 'journal')),
      applied: new AppliedStore(join(dir, 'applied')),
    });
    const [x, y] = await Promise.all([engine.apply(doc), other.apply(doc)]);
    expect(x.ok && y.ok, JSON.stringify([x, y].map((o) => ('failed' in o ? o.failed : o.ok)))).toBe(true);
    const steps = ['steps' in x ? x.steps.length : -1, 'steps' in y ? y.steps.length : -1].sort((p, q) => p - q);
    expect(steps[0]).toBe(0);
    expect(steps[1]).toBeGreaterThan(0);
  });
});
