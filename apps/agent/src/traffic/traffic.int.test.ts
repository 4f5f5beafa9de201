import { readFileSync } from 'node:fs';

import type { AgentMessageOf, ClientMessage } from '@netloom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { ProcessScope } from '../exec/process-scope';
import { startTestAgent, TestClient } from '../server/test-agent';
import { removeTestObjects } from '../server/test-topology';
import { alive, descendantsNamed } from '../testing/processes';
import { spawnAgent } from '../testing/spawn-agent';

const isRoot = process.getuid?.() === 0;
const TOPOLOGY = 'nltt-bridge';

/** examples/02-bridge.yaml with its namespaces and bridge renamed (`nltt-`), so the teardown removes them. */
function bridgeDocument(): Record<string, unknown> {
  const yaml = readFileSync(new URL('../../../../examples/02-bridge.yaml', import.meta.url), 'utf8');
  const doc = parse(yaml) as { nodes: { type: string; name?: string }[] };
  for (const node of doc.nodes) if (node.name !== undefined) node.name = `nltt-${node.name}`.slice(0, 15);
  return { ...doc, name: TOPOLOGY };
}

/** ping and iperf3 processes below `pid`, alive. */
const flows = (pid: number): number[] => descendantsNamed(pid, ['ping', 'iperf3']);

type Start = Omit<Extract<ClientMessage, { type: 'trafficStart' }>, 'type' | 'topology'>;

async function start(c: TestClient, message: Start): Promise<AgentMessageOf<'trafficStarted'>> {
  const answer = await c.request({ type: 'trafficStart', topology: TOPOLOGY, ...message });
  if (answer.type !== 'trafficStarted') throw new Error(JSON.stringify(answer));
  return answer;
}

const stoppedOf = (c: TestClient, trafficId: string, timeoutMs = 30_000) =>
  c.next((m) => m.type === 'trafficStopped' && m.trafficId === trafficId, timeoutMs, 'trafficStopped');

const resultsOf = (c: TestClient, trafficId: string) =>
  c
    .of('trafficResult')
    .filter((m) => m.trafficId === trafficId)
    .map((m) => m.result);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe.runIf(isRoot)('traffic on demand', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let c: TestClient;

  beforeAll(async () => {
    await removeTestObjects();
    agent = await startTestAgent();
    c = await TestClient.connect(agent);
    await c.planAndApply(bridgeDocument());
  }, 90_000);

  afterAll(async () => {
    c.close();
    await agent?.close();
    await removeTestObjects();
  });

  it("raises the edge's rate to within 10% of iperf3's own report, streams each second, and leaves no iperf3 when done", async () => {
    await c.request({ type: 'subscribe', id: 'sub', streams: ['counters'] });
    const started = await start(c, {
      id: 'udp',
      from: 'nltt-red',
      to: 'nltt-blue',
      traffic: { kind: 'iperf3', protocol: 'udp', seconds: 6, bitrateMbit: 40 },
    });
    expect(started.address).toBe('10.2.0.13');
    expect(started.commands[0]).toEqual(expect.arrayContaining(['ip', 'netns', 'exec', 'nltt-blue', 'iperf3', '-s']));
    // `ip netns exec` becomes iperf3 once it has entered the namespace.
    await expect.poll(() => flows(process.pid).length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    const stopped = await stoppedOf(c, started.trafficId);
    expect(stopped.reason).toBe('done');
    if (stopped.summary.kind !== 'iperf3' || stopped.summary.receiver === undefined)
      throw new Error(JSON.stringify(stopped));
    const reported = stopped.summary.receiver.bitsPerSecond;
    expect(reported).toBeGreaterThan(30e6);
    // Every second, from both sides: the client's sending, the server's receiving.
    const intervals = resultsOf(c, started.trafficId).filter((r) => r.kind === 'interval');
    expect(intervals.filter((r) => r.side === 'sender').length).toBeGreaterThanOrEqual(5);
    expect(intervals.filter((r) => r.side === 'receiver').length).toBeGreaterThanOrEqual(5);

    // The agent's counters on red's end of its link (what leaves red), while the flow ran at full rate.
    const samples = c
      .of('counters')
      .flatMap((m) => m.interfaces.map((i) => ({ at: m.at, ...i })))
      .filter((i) => i.topology === TOPOLOGY && i.object === 'red-link/a' && i.rates !== undefined)
      .map((i) => (i.rates?.txBytesPerSec ?? 0) * 8)
      .filter((bps) => bps > reported / 2);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const edge = median(samples);
    expect(Math.abs(edge - reported) / reported, `edge ${edge} bit/s, iperf3 ${reported} bit/s`).toBeLessThan(0.1);
    await expect.poll(() => flows(process.pid), { timeout: 5000 }).toEqual([]);
  }, 60_000);

  it('streams a ping with its size and DF, and stopping it ends the ping', async () => {
    const started = await start(c, {
      id: 'ping',
      from: 'nltt-red',
      to: 'nltt-green',
      traffic: { kind: 'ping', intervalMs: 200, size: 1000, dontFragment: true, seconds: 60 },
    });
    expect(started.commands[0]).toEqual(
      expect.arrayContaining(['-s', '1000', '-M', 'do', '-w', '60', '--', '10.2.0.12']),
    );
    await c.next(
      (m) =>
        m.type === 'trafficResult' &&
        m.trafficId === started.trafficId &&
        m.result.kind === 'ping' &&
        m.result.received >= 3,
      10_000,
    );
    await expect.poll(() => flows(process.pid), { timeout: 5000 }).toHaveLength(1);
    const pings = flows(process.pid);
    const stop = await c.request({ type: 'trafficStop', id: 'stop-ping', trafficId: started.trafficId });
    expect(stop).toMatchObject({ type: 'trafficStopped', reason: 'stopped' });
    if (stop.type !== 'trafficStopped' || stop.summary.kind !== 'ping') throw new Error(JSON.stringify(stop));
    expect(stop.summary.received).toBeGreaterThanOrEqual(3);
    expect(stop.summary.rttAvgMs).toBeGreaterThan(0);
    for (const r of resultsOf(c, started.trafficId)) expect(r).toMatchObject({ kind: 'ping', status: 'reply' });
    expect(alive(pings[0] ?? -1)).toBe(false);
    expect(flows(process.pid)).toEqual([]);
  }, 30_000);

  it('stopping an iperf3 TCP flow ends its server and client', async () => {
    const started = await start(c, {
      id: 'tcp',
      from: 'nltt-green',
      to: 'nltt-blue',
      traffic: { kind: 'iperf3', protocol: 'tcp', seconds: 60, bitrateMbit: 20 },
    });
    await c.next(
      (m) => m.type === 'trafficResult' && m.trafficId === started.trafficId && m.result.kind === 'interval',
      10_000,
    );
    await expect.poll(() => flows(process.pid), { timeout: 5000 }).toHaveLength(2);
    const stop = await c.request({ type: 'trafficStop', id: 'stop-tcp', trafficId: started.trafficId });
    expect(stop).toMatchObject({ type: 'trafficStopped', reason: 'stopped' });
    expect(flows(process.pid)).toEqual([]);
  }, 30_000);

  it('refuses namespaces and addresses the topology does not own, in words a person can act on', async () => {
    const foreign = await c.request({
      type: 'trafficStart',
      id: 'foreign',
      topology: TOPOLOGY,
      from: 'nltt-red',
      to: 'nltt-elsewhere',
      traffic: { kind: 'ping' },
    });
    expect(foreign).toMatchObject({ type: 'error', code: 'NOT_OWNED' });
    expect(foreign.type === 'error' && foreign.message).toMatch(/nltt-elsewhere is absent .*nothing was started/);
    const address = await c.request({
      type: 'trafficStart',
      id: 'address',
      topology: TOPOLOGY,
      from: 'nltt-red',
      to: 'nltt-blue',
      address: '10.2.0.1',
      traffic: { kind: 'ping' },
    });
    expect(address).toMatchObject({ type: 'error', code: 'NOT_OWNED' });
    expect(address.type === 'error' && address.message).toMatch(/\(they have 10\.2\.0\.13\); pick one of those/);
    expect(flows(process.pid)).toEqual([]);
  });

  it('caps flows per connection, and a client that goes away takes its flows with it', async () => {
    const d = await TestClient.connect(agent);
    for (let i = 0; i < 4; i++)
      await start(d, { id: `many${i}`, from: 'nltt-red', to: 'nltt-blue', traffic: { kind: 'ping', intervalMs: 500 } });
    const fifth = await d.request({
      type: 'trafficStart',
      id: 'many4',
      topology: TOPOLOGY,
      from: 'nltt-red',
      to: 'nltt-blue',
      traffic: { kind: 'ping' },
    });
    expect(fifth).toMatchObject({ type: 'error', code: 'LIMIT_REACHED' });
    await expect.poll(() => flows(process.pid), { timeout: 5000 }).toHaveLength(4);
    d.close();
    await expect.poll(() => flows(process.pid), { timeout: 10_000 }).toEqual([]);
  }, 30_000);

  it('ends every ping and iperf3 when the agent is stopped with SIGTERM', async () => {
    c.close();
    await agent.close();
    const scope = new ProcessScope();
    const served = await spawnAgent(scope, agent.dir);
    try {
      const d = await TestClient.connect(served);
      const ping = await d.request({
        type: 'trafficStart',
        id: 'p',
        topology: TOPOLOGY,
        from: 'nltt-red',
        to: 'nltt-blue',
        traffic: { kind: 'ping' },
      });
      expect(ping.type).toBe('trafficStarted');
      const iperf = await d.request({
        type: 'trafficStart',
        id: 'i',
        topology: TOPOLOGY,
        from: 'nltt-green',
        to: 'nltt-blue',
        traffic: { kind: 'iperf3', protocol: 'udp', seconds: 60 },
      });
      expect(iperf.type).toBe('trafficStarted');
      await d.next(
        (m) =>
          m.type === 'trafficResult' &&
          'trafficId' in m &&
          iperf.type === 'trafficStarted' &&
          m.trafficId === iperf.trafficId,
        10_000,
      );
      await expect.poll(() => flows(served.pid), { timeout: 5000 }).toHaveLength(3);
      const running = flows(served.pid);
      served.kill('SIGTERM');
      expect(await served.exited).toBe(0);
      for (const pid of running) expect(alive(pid), `process ${pid}`).toBe(false);
      d.close();
    } finally {
      await scope.close();
    }
  }, 60_000);
});
