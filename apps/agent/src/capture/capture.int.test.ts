import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decodePacket, writePcapng, type DecodedPacket, type Layer } from '@netloom/packets';
import { CLIENT_EXAMPLES, type ClientMessage } from '@netloom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { ProcessScope } from '../exec/process-scope';
import { alive, descendantsNamed } from '../testing/processes';
import { spawnAgent } from '../testing/spawn-agent';
import { startTestAgent, TestClient } from '../server/test-agent';
import { removeTestObjects } from '../server/test-topology';

const isRoot = process.getuid?.() === 0;

/** examples/04-vxlan.yaml with its namespaces renamed (`nltc-` prefix), so the test's teardown removes them. */
function vxlanDocument(): Record<string, unknown> {
  const yaml = readFileSync(new URL('../../../../examples/04-vxlan.yaml', import.meta.url), 'utf8');
  const doc = parse(yaml) as { name: string; nodes: { type: string; name?: string }[] };
  for (const node of doc.nodes) if (node.type === 'namespace') node.name = `nltc-${node.name}`;
  return { ...doc, name: 'nltc-vxlan' };
}

const UNDERLAY = { topology: 'nltc-vxlan', object: 'underlay/a', netns: 'nltc-host1', ifname: 'underlay0' };
const WS1 = { topology: 'nltc-vxlan', object: 'ws1-link/a', netns: 'nltc-ws1', ifname: 'eth0' };

/** `count` pings from ws1 to ws2 across the tunnel. */
function pingAcross(count: number): void {
  execFileSync('ip', ['netns', 'exec', 'nltc-ws1', 'ping', '-n', '-c', String(count), '-i', '0.2', '192.168.42.2']);
}

/** tcpdump processes below `pid`, alive. */
const tcpdumps = (pid: number): number[] => descendantsNamed(pid, ['tcpdump']);

async function start(c: TestClient, message: Omit<Extract<ClientMessage, { type: 'captureStart' }>, 'type'>) {
  const answer = await c.request({ type: 'captureStart', ...message });
  if (answer.type !== 'captureStarted') throw new Error(JSON.stringify(answer));
  return answer;
}

/** Every packet of a capture, once it has stopped, with the stop message. */
async function collect(c: TestClient, captureId: string) {
  const stopped = await c.next(
    (m) => m.type === 'captureStopped' && m.captureId === captureId,
    20_000,
    'captureStopped',
  );
  const packets = c
    .of('packets')
    .filter((m) => m.captureId === captureId)
    .flatMap((m) => m.packets);
  return { stopped, packets };
}

const bytesOf = (data: string) => new Uint8Array(Buffer.from(data, 'base64'));
const layer = <K extends Layer['kind']>(p: DecodedPacket, kind: K, nth = 0) =>
  p.layers.filter((l): l is Extract<Layer, { kind: K }> => l.kind === kind)[nth];

describe.runIf(isRoot)('packet capture', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let c: TestClient;

  beforeAll(async () => {
    await removeTestObjects();
    agent = await startTestAgent();
    c = await TestClient.connect(agent);
    await c.planAndApply(vxlanDocument());
    pingAcross(1); // ARP settled, so the captures below see echoes
  }, 90_000);

  afterAll(async () => {
    c.close();
    await agent.close();
    await removeTestObjects();
  });

  it('streams VXLAN packets of the underlay that decode to UDP 4789, VNI 42 and the inner ICMP echo, and stops by itself at its packet limit; a pcapng of them reads with tcpdump -r', async () => {
    const started = await start(c, {
      id: 'cap1',
      targets: [UNDERLAY],
      filter: 'udp port 4789',
      limits: { packets: 6 },
    });
    expect(started.ifaces).toEqual([{ netns: 'nltc-host1', ifname: 'underlay0', object: 'underlay/a', linkType: 1 }]);
    pingAcross(4);
    const { stopped, packets } = await collect(c, started.captureId);
    expect(stopped).toMatchObject({ reason: 'packetLimit', packets: 6, dropped: 0 });
    expect(packets).toHaveLength(6);
    const decoded = packets.map((p) => decodePacket(bytesOf(p.data), 1));
    const request = decoded.find((d) => layer(d, 'icmp')?.type === 8);
    if (request === undefined) throw new Error(decoded.map((d) => d.summary).join('\n'));
    expect(layer(request, 'ipv4', 0)).toMatchObject({ src: '10.4.0.1', dst: '10.4.0.2' });
    expect(layer(request, 'udp')).toMatchObject({ dstPort: 4789 });
    expect(layer(request, 'vxlan')).toMatchObject({ vni: 42 });
    expect(layer(request, 'ipv4', 1)).toMatchObject({ src: '192.168.42.1', dst: '192.168.42.2' });
    expect(decoded.some((d) => layer(d, 'icmp')?.type === 0 && layer(d, 'ipv4', 1)?.src === '192.168.42.2')).toBe(true);

    const file = join(await mkdtemp(join(tmpdir(), 'nltc-')), 'capture.pcapng');
    const pcapng = writePcapng(
      started.ifaces.map((i) => ({ name: i.ifname, namespace: i.netns, linkType: i.linkType })),
      packets.map((p) => ({
        interfaceId: p.iface,
        seconds: Math.floor(p.atUs / 1e6),
        nanos: (p.atUs % 1e6) * 1000,
        data: bytesOf(p.data),
        originalLength: p.length,
      })),
    );
    await writeFile(file, pcapng);
    const read = execFileSync('tcpdump', ['-r', file, '-nn', '-tt', '-v'], { encoding: 'utf8', stdio: 'pipe' });
    const lines = read.split('\n').filter((l) => /^\d+\.\d+ /.test(l));
    expect(lines).toHaveLength(6);
    expect(read).toContain('vni 42');
    expect(read).toContain('192.168.42.1 > 192.168.42.2: ICMP echo request');
    // The same packets, at the same times.
    expect(lines.map((l) => l.split(' ')[0])).toEqual(packets.map((p) => (p.atUs / 1e6).toFixed(6)));
  }, 60_000);

  it('captures two interfaces into one timeline in time order, each packet with its interface', async () => {
    const started = await start(c, { id: 'cap2', targets: [WS1, UNDERLAY], filter: 'icmp or udp port 4789' });
    pingAcross(3);
    // The last echo reply has reached ws1 once ping returns; the merge window then passes.
    const stop = await c.request({ type: 'captureStop', id: 'stop2', captureId: started.captureId });
    expect(stop).toMatchObject({ type: 'captureStopped', reason: 'stopped' });
    const { packets } = await collect(c, started.captureId);
    expect(packets.length).toBeGreaterThanOrEqual(12); // 3 requests and 3 replies, seen on both interfaces
    const times = packets.map((p) => p.atUs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Each echo request leaves ws1's eth0 first, then crosses the underlay wrapped in VXLAN.
    const requests = packets
      .map((p) => ({ iface: p.iface, d: decodePacket(bytesOf(p.data), 1) }))
      .filter(({ d }) => layer(d, 'icmp')?.type === 8)
      .map(
        ({ iface, d }) => `${layer(d, 'icmp')?.seq} ${started.ifaces[iface]?.ifname} ${layer(d, 'vxlan')?.vni ?? '-'}`,
      );
    expect(requests).toEqual([
      '1 eth0 -',
      '1 underlay0 42',
      '2 eth0 -',
      '2 underlay0 42',
      '3 eth0 -',
      '3 underlay0 42',
    ]);
  }, 60_000);

  it('stops a capture past its byte limit by itself and says so', async () => {
    const started = await start(c, {
      id: 'cap3',
      targets: [UNDERLAY],
      filter: 'udp port 4789',
      limits: { bytes: 500 },
    });
    pingAcross(4);
    const { stopped, packets } = await collect(c, started.captureId);
    expect(stopped).toMatchObject({ reason: 'byteLimit' });
    expect(stopped.bytes).toBeLessThanOrEqual(500);
    expect(packets.reduce((n, p) => n + p.length, 0)).toBe(stopped.bytes);
    expect(packets.length).toBe(stopped.packets);
  }, 60_000);

  it('refuses a bad filter before anything captures, in words a person can act on', async () => {
    const answer = await c.request({ type: 'captureStart', id: 'cap4', targets: [UNDERLAY], filter: 'udp port' });
    expect(answer).toMatchObject({ type: 'error', code: 'FILTER_INVALID' });
    expect(answer.type === 'error' && answer.message).toMatch(
      /capture filter "udp port" is refused by tcpdump.*pcap-filter/,
    );
    expect(tcpdumps(process.pid)).toEqual([]);
  });

  it('refuses an interface the topology does not own, and a capture past the per-connection cap', async () => {
    const foreign = await c.request({
      type: 'captureStart',
      id: 'cap5',
      targets: [{ ...UNDERLAY, object: 'ws1-link/a' }],
    });
    expect(foreign).toMatchObject({ type: 'error', code: 'NOT_OWNED' });
    const d = await TestClient.connect(agent);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await start(d, { id: `many${i}`, targets: [UNDERLAY] })).captureId);
    const fifth = await d.request({ type: 'captureStart', id: 'many4', targets: [UNDERLAY] });
    expect(fifth).toMatchObject({ type: 'error', code: 'LIMIT_REACHED' });
    expect(tcpdumps(process.pid)).toHaveLength(4);
    // A client that goes away takes its captures with it.
    d.close();
    await expect.poll(() => tcpdumps(process.pid), { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it("relays the presenter's capture to viewers (one that joins during it too) and refuses a viewer's own", async () => {
    const link = await c.request({ type: 'viewerLink', id: 'vl' });
    if (link.type !== 'viewerLinkResult' || link.token === null) throw new Error(JSON.stringify(link));
    const viewer = await TestClient.connect({ port: agent.port, token: link.token });
    // A viewer may not capture: refused before anything runs.
    const own = await viewer.request({ type: 'captureStart', id: 'vcap', targets: [UNDERLAY] });
    expect(own).toMatchObject({ type: 'error', id: 'vcap', code: 'VIEWER_READ_ONLY' });
    expect(tcpdumps(process.pid)).toEqual([]);

    // c presents (as every control page does), so its captures are the viewers'.
    c.send({ type: 'presenterUpdate', id: 'pu', view: CLIENT_EXAMPLES.presenterUpdate.view });
    await viewer.next((m) => m.type === 'presenterState', 10_000, 'presenterState');
    const started = await start(c, { id: 'cap6', targets: [UNDERLAY], filter: 'udp port 4789' });
    const relayed = await viewer.next((m) => m.type === 'captureStarted', 10_000, 'captureStarted');
    expect(relayed).toMatchObject({ captureId: started.captureId, ifaces: started.ifaces });
    const late = await TestClient.connect({ port: agent.port, token: link.token });
    await late.next((m) => m.type === 'captureStarted' && m.captureId === started.captureId, 10_000, 'captureStarted');
    pingAcross(2);
    const stop = await c.request({ type: 'captureStop', id: 'stop6', captureId: started.captureId });
    expect(stop).toMatchObject({ type: 'captureStopped', reason: 'stopped' });
    const presenterSaw = await collect(c, started.captureId);
    for (const v of [viewer, late]) {
      const seen = await collect(v, started.captureId);
      expect(seen.stopped).toMatchObject({ reason: 'stopped', packets: presenterSaw.stopped.packets });
      expect(seen.stopped.id).toBeUndefined();
      expect(seen.packets).toEqual(presenterSaw.packets);
    }
    expect(presenterSaw.packets.length).toBeGreaterThanOrEqual(4);
    viewer.close();
    late.close();
    await c.request({ type: 'revokeViewerLink', id: 'rvl' });
  }, 60_000);

  it('ends every tcpdump when the agent is stopped with SIGTERM', async () => {
    // The agent of this file holds its state directory; a second agent takes it over.
    c.close();
    await agent.close();
    const scope = new ProcessScope();
    const served = await spawnAgent(scope, agent.dir);
    try {
      const d = await TestClient.connect(served);
      await start(d, { id: 'term', targets: [UNDERLAY, WS1] });
      const running = tcpdumps(served.pid);
      expect(running).toHaveLength(2);
      served.kill('SIGTERM');
      expect(await served.exited).toBe(0);
      for (const pid of running) expect(alive(pid), `tcpdump ${pid}`).toBe(false);
      d.close();
    } finally {
      await scope.close();
    }
  }, 60_000);
});
