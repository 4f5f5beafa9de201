import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startTestAgent, TestClient } from '../server/test-agent';
import { ip, pairDocument, removeTestObjects } from '../server/test-topology';

const isRoot = process.getuid?.() === 0;
const document = pairDocument('nlt-live', '10.78.0');

describe.runIf(isRoot)('live telemetry from a real kernel', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let client: TestClient;

  beforeAll(async () => {
    agent = await startTestAgent({}, 250);
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(async () => {
    client.close();
    await removeTestObjects();
  });

  async function applied(): Promise<TestClient> {
    const c = await TestClient.connect(agent);
    await c.planAndApply(document);
    await agent.services.live.settle();
    return c;
  }

  it('sends a linkState event within 500 ms of a link set down by hand', async () => {
    client = await applied();
    await client.request({ type: 'subscribe', id: 's', streams: ['linkState'] });
    const snapshot = await client.next((m) => m.type === 'linkState' && m.snapshot);
    expect(
      snapshot.type === 'linkState' && snapshot.links.map((l) => `${l.netns}/${l.ifname}/${l.admin}`).sort(),
    ).toEqual(['nlt-live-a/eth0/up', 'nlt-live-b/eth0/up']);
    const started = performance.now();
    await ip('-n', 'nlt-live-a', 'link', 'set', 'dev', 'eth0', 'down');
    await client.next(
      (m) => m.type === 'linkState' && m.links.some((l) => l.netns === 'nlt-live-a' && l.admin === 'down'),
      2000,
    );
    const latency = performance.now() - started;
    expect(latency).toBeLessThan(500);
    // The peer lost its carrier: that is reported too.
    await client.next(
      (m) => m.type === 'linkState' && m.links.some((l) => l.netns === 'nlt-live-b' && !l.carrier),
      2000,
    );
  });

  it('counts packets while a ping runs, with rates', async () => {
    client = await applied();
    await client.request({ type: 'subscribe', id: 's', streams: ['counters'] });
    const eth0 = (m: {
      type: string;
      interfaces?: readonly { netns: string | null; counters: { txPackets: number } }[];
    }) => m.interfaces?.find((i) => i.netns === 'nlt-live-a');
    const first = await client.next((m) => m.type === 'counters' && eth0(m) !== undefined);
    const probe = await client.request({
      type: 'pingStart',
      id: 'p',
      topology: 'nlt-live',
      fromNetns: 'nlt-live-a',
      to: '10.78.0.2',
      intervalMs: 200,
    });
    expect(probe.type).toBe('pingStarted');
    const later = await client.next(
      (m) => m.type === 'counters' && (eth0(m)?.counters.txPackets ?? 0) >= (eth0(first)?.counters.txPackets ?? 0) + 5,
      5000,
    );
    const sample = later.type === 'counters' ? later.interfaces.find((i) => i.netns === 'nlt-live-a') : undefined;
    expect(sample?.rates?.txPacketsPerSec).toBeGreaterThan(0);
  });

  it('reports ping round trips, then timeouts once the link is down, and stops the probe', async () => {
    client = await applied();
    const children = agent.scope.size;
    const started = await client.request({
      type: 'pingStart',
      id: 'p',
      topology: 'nlt-live',
      fromNetns: 'nlt-live-a',
      to: '10.78.0.2',
      intervalMs: 200,
    });
    const probeId = started.type === 'pingStarted' ? started.probeId : '';
    expect(agent.scope.size).toBe(children + 1);
    await client.next(
      () => client.of('ping').filter((p) => p.status === 'reply' && (p.rttMs ?? -1) >= 0).length >= 3,
      5000,
    );
    await ip('-n', 'nlt-live-b', 'link', 'set', 'dev', 'eth0', 'down');
    const timeout = await client.next((m) => m.type === 'ping' && m.probeId === probeId && m.status !== 'reply', 5000);
    expect(timeout).toMatchObject({ type: 'ping', probeId });
    expect(await client.request({ type: 'pingStop', id: 'stop', probeId })).toMatchObject({
      type: 'pingStopped',
      probeId,
    });
    await expect.poll(() => agent.scope.size).toBe(children);
  });

  it('refuses a probe from a namespace the topology does not own', async () => {
    client = await applied();
    await ip('netns', 'add', 'nlt-foreign');
    const answer = await client.request({
      type: 'pingStart',
      id: 'p',
      topology: 'nlt-live',
      fromNetns: 'nlt-foreign',
      to: '10.78.0.2',
      intervalMs: 500,
    });
    expect(answer).toMatchObject({ type: 'error', code: 'NOT_OWNED' });
  });

  it('sets an owned link down over the socket, and refuses a foreign one', async () => {
    client = await applied();
    await client.request({ type: 'subscribe', id: 's', streams: ['linkState'] });
    const answer = await client.request({
      type: 'setLinkState',
      id: 'down',
      topology: 'nlt-live',
      object: 'l1/b',
      netns: 'nlt-live-b',
      ifname: 'eth0',
      up: false,
    });
    expect(answer).toMatchObject({ type: 'setLinkStateResult', up: false });
    expect(client.of('command').find((m) => m.id === 'down')?.argv).toEqual([
      'ip',
      '-n',
      'nlt-live-b',
      'link',
      'set',
      'dev',
      'eth0',
      'down',
    ]);
    await client.next(
      (m) => m.type === 'linkState' && m.links.some((l) => l.netns === 'nlt-live-b' && l.admin === 'down'),
    );
    await ip('link', 'add', 'name', 'nltforeign', 'type', 'bridge');
    const refused = await client.request({
      type: 'setLinkState',
      id: 'f',
      topology: 'nlt-live',
      object: 'l1/a',
      netns: null,
      ifname: 'nltforeign',
      up: false,
    });
    expect(refused).toMatchObject({ type: 'error', code: 'NOT_OWNED' });
  });

  it('refuses setLinkState for an interface of another topology, or of another object, and changes nothing', async () => {
    client = await applied();
    // A second topology whose ids are the same (l1/a) and whose interfaces have the same names (eth0).
    const other = pairDocument('nlt-other', '10.79.0');
    await client.planAndApply(other, { id: 'apply2' });
    const attempts = [
      // The right topology, another object of it.
      { topology: 'nlt-live', object: 'l1/b', netns: 'nlt-live-a', ifname: 'eth0' },
      // Another topology's name, the same object id, nlt-live's interface.
      { topology: 'nlt-other', object: 'l1/a', netns: 'nlt-live-a', ifname: 'eth0' },
    ];
    for (const [i, target] of attempts.entries()) {
      const refused = await client.request({ type: 'setLinkState', id: `x${i}`, ...target, up: false });
      expect(refused).toMatchObject({ type: 'error', code: 'NOT_OWNED' });
      expect(refused.type === 'error' && refused.message).toContain('belongs to nlt-live (object l1/a)');
    }
    expect(client.of('command').filter((m) => m.id.startsWith('x'))).toEqual([]);
    expect(await ip('-n', 'nlt-live-a', '-j', 'link', 'show', 'dev', 'eth0')).toContain('"UP"');
  });

  it("catalogue: a forged ownership alias is enough: setLinkState never changes someone's interface carrying a copied marker", async () => {
    client = await applied();
    // In the root namespace: a veth of someone's tagged as the topology's l1/a, with its own MAC.
    await ip('link', 'add', 'name', 'nltfake0', 'type', 'veth', 'peer', 'name', 'nltfake1');
    await ip('link', 'set', 'dev', 'nltfake0', 'alias', 'netloom:nlt-live/l1/a', 'up');
    // In someone's namespace carrying a copy of ns1's marker: a veth with l1/a's marker and MAC too.
    const mac = (
      JSON.parse(await ip('-n', 'nlt-live-a', '-j', 'link', 'show', 'dev', 'eth0')) as { address: string }[]
    )[0]?.address;
    await ip('netns', 'add', 'nlt-copy');
    await ip('netns', 'set', 'nlt-copy', 'auto');
    await ip('-n', 'nlt-copy', 'link', 'set', 'dev', 'lo', 'alias', 'netloom:nlt-live/ns1', 'up');
    await ip(
      '-n',
      'nlt-copy',
      'link',
      'add',
      'name',
      'eth0',
      'address',
      mac ?? '',
      'type',
      'veth',
      'peer',
      'name',
      'eth1',
    );
    await ip('-n', 'nlt-copy', 'link', 'set', 'dev', 'eth0', 'alias', 'netloom:nlt-live/l1/a', 'up');
    await agent.services.live.settle();
    await expect
      .poll(() =>
        agent.services.live
          .links()
          .filter((l) => l.object === 'l1/a')
          .map((l) => l.netns ?? ''),
      )
      .toEqual(expect.arrayContaining(['', 'nlt-copy']));

    const targets = [
      { netns: null, ifname: 'nltfake0', says: 'not the MAC netloom gave it' },
      { netns: 'nlt-copy', ifname: 'eth0', says: 'namespace "nlt-copy" is not one topology nlt-live made' },
    ];
    for (const [i, { says, ...target }] of targets.entries()) {
      const refused = await client.request({
        type: 'setLinkState',
        id: `forged${i}`,
        topology: 'nlt-live',
        object: 'l1/a',
        ...target,
        up: false,
      });
      expect(refused).toMatchObject({ type: 'error', code: 'NOT_OWNED', issues: [{ code: 'FOREIGN_MARKER' }] });
      expect(refused.type === 'error' && refused.message).toContain(says);
    }
    expect(client.of('command').filter((m) => m.id.startsWith('forged'))).toEqual([]);
    expect(await ip('-j', 'link', 'show', 'dev', 'nltfake0')).toContain('"UP"');
    expect(await ip('-n', 'nlt-copy', '-j', 'link', 'show', 'dev', 'eth0')).toContain('"UP"');
  });

  it('reports drift when an owned object changes by hand, and plan shows the repair', async () => {
    client = await applied();
    await client.request({ type: 'subscribe', id: 's', streams: ['drift'] });
    await ip('-n', 'nlt-live-a', 'addr', 'flush', 'dev', 'eth0');
    const drift = await client.next(
      (m) => m.type === 'drift' && m.topology === 'nlt-live' && m.changes.length > 0,
      5000,
    );
    expect(drift.type === 'drift' && drift.changes.map((c) => c.key)).toContain('l1');
    const plan = await client.request({ type: 'plan', id: 'repair', document });
    expect(plan.type === 'planResult' && plan.steps.some((s) => s.op === 'addr.add')).toBe(true);
  });

  it('measures reachability between every namespace and address', async () => {
    client = await applied();
    const result = await client.request({ type: 'reachability', id: 'r', document });
    expect(result.type).toBe('reachabilityResult');
    if (result.type !== 'reachabilityResult') return;
    expect(result.pairs.map((p) => `${p.from}->${p.to}:${p.reachable}`).sort()).toEqual([
      'nlt-live-a->10.78.0.2:true',
      'nlt-live-b->10.78.0.1:true',
    ]);
  });
});
