import type { AgentMessageOf } from '@netloom/protocol';
import type { Document } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { assertSandboxed, example, ip, IS_ROOT, linkIn, pings, wipeSandbox } from '../testing/ip';
import { startTestAgent, TestClient } from './test-agent';

type Tables = AgentMessageOf<'tables'>;

/**
 * Kernel tables over the socket, against a real kernel: the client watches namespaces and sees
 * what `bridge fdb`, `ip route` and `ip neigh` would show, as the kernel changes. No timing is
 * asserted: each change is waited for (the benchmark, bench/tables.ts, measures how fast).
 */
describe.runIf(IS_ROOT)('kernel tables, live', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let client: TestClient | undefined;

  beforeAll(async () => {
    assertSandboxed();
    agent = await startTestAgent();
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(() => {
    client?.close();
    wipeSandbox();
  });

  async function applyExample(c: TestClient, file: string): Promise<Document> {
    const document = example(file);
    await c.planAndApply(document, { id: `a-${file}` });
    await agent.services.live.settle();
    return document;
  }

  /** The next `tables` of this namespace that satisfies `pred` (already received or coming). */
  const tablesOf = (c: TestClient, netns: string | null, pred: (t: Tables) => boolean) =>
    c.next((m) => m.type === 'tables' && m.netns === netns && pred(m), 20_000, 'tables');

  it("02-bridge: the bridge learns red's MAC on red's port after a ping; red gets a neighbour and a route added by hand", async () => {
    const c = (client = await TestClient.connect(agent));
    await applyExample(c, '02-bridge.yaml');
    expect(await c.request({ type: 'watchTables', id: 'w', topology: 'bridge', namespaces: [null, 'red'] })).toEqual({
      type: 'tablesWatched',
      id: 'w',
      topology: 'bridge',
      namespaces: [null, 'red'],
    });
    const first = await tablesOf(c, 'red', () => true);
    expect(first.addresses).toContainEqual({ ifname: 'eth0', cidr: '10.2.0.11/24', scope: 'global' });
    expect(first.routes).toContainEqual(
      expect.objectContaining({ to: 'default', via: '10.2.0.1', dev: 'eth0', kind: 'unicast' }),
    );
    // The root namespace shows only the topology's interfaces: the bridge and its ports.
    const root = await tablesOf(c, null, () => true);
    expect(new Set(root.addresses.map((a) => a.ifname))).not.toContain('lo');
    expect(root.addresses).toContainEqual({ ifname: 'br-lab', cidr: '10.2.0.1/24', scope: 'global' });

    const redMac = linkIn('red', 'eth0')?.address;
    const blueMac = linkIn('blue', 'eth0')?.address;
    expect(redMac).toBeDefined();
    expect(pings('red', '10.2.0.13')).toBe(true);

    const learned = await tablesOf(c, null, (t) => t.fdb.some((f) => f.mac === redMac && f.state === 'learned'));
    expect(learned.fdb).toContainEqual(
      expect.objectContaining({ device: 'br-lab', port: 'veth-red', mac: redMac, state: 'learned' }),
    );
    const neighbour = await tablesOf(c, 'red', (t) => t.neighbours.some((n) => n.address === '10.2.0.13'));
    expect(neighbour.neighbours).toContainEqual(
      expect.objectContaining({ address: '10.2.0.13', dev: 'eth0', mac: blueMac }),
    );

    ip('-n', 'red', 'route', 'add', '10.99.0.0/16', 'via', '10.2.0.12');
    const routed = await tablesOf(c, 'red', (t) => t.routes.some((r) => r.to === '10.99.0.0/16'));
    expect(routed.routes).toContainEqual(
      expect.objectContaining({ to: '10.99.0.0/16', via: '10.2.0.12', dev: 'eth0', proto: 'boot' }),
    );

    // A namespace that is not the topology's gets no rows, and says why.
    c.send({ type: 'watchTables', id: 'w2', topology: 'other', namespaces: ['red'] });
    const refused = await c.next((m) => m.type === 'tables' && m.topology === 'other', 20_000, 'tables');
    expect(refused).toMatchObject({ netns: 'red', addresses: [], error: expect.stringMatching(/not one of other's/) });
  });

  it("04-vxlan: host1's VXLAN sends to the remote VTEP, and learns ws2's MAC behind it after a ping", async () => {
    const c = (client = await TestClient.connect(agent));
    await applyExample(c, '04-vxlan.yaml');
    c.send({ type: 'watchTables', id: 'w', topology: 'vxlan', namespaces: ['host1'] });
    const first = await tablesOf(c, 'host1', () => true);
    expect(first.fdb).toContainEqual(
      expect.objectContaining({ device: 'vxlan42', mac: '00:00:00:00:00:00', remote: '10.4.0.2', state: 'permanent' }),
    );
    const ws2Mac = linkIn('ws2', 'eth0')?.address;
    expect(pings('ws1', '192.168.42.2')).toBe(true);
    const learned = await tablesOf(c, 'host1', (t) => t.fdb.some((f) => f.device === 'vxlan42' && f.mac === ws2Mac));
    expect(learned.fdb).toContainEqual(
      expect.objectContaining({ device: 'vxlan42', mac: ws2Mac, remote: '10.4.0.2', state: 'learned' }),
    );
    // The bridge on host1 learned it too, on the VXLAN port.
    expect(learned.fdb).toContainEqual(
      expect.objectContaining({ device: 'br0', port: 'vxlan42', mac: ws2Mac, state: 'learned' }),
    );
  });
});
