import { PROTOCOL_VERSION } from '@netloom/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('bad input gets a typed error, and the connection and the agent go on', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let client: TestClient;

  beforeAll(async () => {
    agent = await startTestAgent({ messagesPerSecond: 20, messageBurst: 40 });
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(() => client.close());

  /** The connection still answers a real request after the bad one. */
  async function stillServes(c: TestClient, id: string): Promise<void> {
    expect(await c.request({ type: 'subscribe', id, streams: [] })).toEqual({ type: 'subscribed', id, streams: [] });
  }

  it('answers malformed JSON with PROTOCOL_MALFORMED', async () => {
    client = await TestClient.connect(agent);
    client.ws.send('{"type": "plan", ');
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'PROTOCOL_MALFORMED' });
    await stillServes(client, 'after-malformed');
  });

  it('answers a binary frame with BINARY_REFUSED', async () => {
    client = await TestClient.connect(agent);
    client.ws.send(Buffer.from(JSON.stringify({ type: 'subscribe', id: 'b', streams: [] })));
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'BINARY_REFUSED' });
    await stillServes(client, 'after-binary');
  });

  it('answers an oversized frame with MESSAGE_TOO_LARGE', async () => {
    client = await TestClient.connect(agent);
    client.ws.send(JSON.stringify({ type: 'plan', id: 'big', document: { pad: 'x'.repeat(2 << 20) } }));
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    await stillServes(client, 'after-oversized');
  });

  it('closes (1009) a frame over the hard payload bound, and the agent goes on', async () => {
    client = await TestClient.connect(agent);
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.ws.send('x'.repeat(5 << 20));
    expect(await closed).toBe(1009);
    client = await TestClient.connect(agent);
    await stillServes(client, 'after-huge');
  });

  it('answers an unknown type with UNKNOWN_TYPE, echoing the id', async () => {
    client = await TestClient.connect(agent);
    client.sendRaw({ type: 'rm', id: 'u1' });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'UNKNOWN_TYPE', id: 'u1' });
    await stillServes(client, 'after-unknown');
  });

  it('answers a wrongly typed field with PROTOCOL_INVALID naming the field', async () => {
    client = await TestClient.connect(agent);
    client.sendRaw({ type: 'setLinkState', id: 'w1', topology: 'nlt-x', netns: null, ifname: 'eth0', up: 'yes' });
    const error = await client.next((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'PROTOCOL_INVALID', id: 'w1' });
    expect(error.type === 'error' && error.message).toContain('up');
    await stillServes(client, 'after-wrong-type');
  });

  it('answers an invalid document with every problem and its path, and runs nothing', async () => {
    client = await TestClient.connect(agent);
    const document = {
      version: 1,
      name: 'nlt-bad',
      nodes: [
        { id: 'ns1', type: 'namespace', name: 'nlt-a' },
        { id: 'br', type: 'bridge', name: 'much-too-long-name0' },
      ],
      links: [{ id: 'l1', type: 'veth', a: { node: 'ns1', name: 'eth0' }, b: { node: 'nowhere', name: 'eth0' } }],
    };
    const answer = await client.request({ type: 'apply', id: 'inv', document, planHash: 'x' });
    expect(answer).toMatchObject({ type: 'error', code: 'TOPOLOGY_INVALID', id: 'inv' });
    const paths = answer.type === 'error' ? (answer.issues ?? []).map((i) => i.path.join('.')) : [];
    expect(paths).toEqual(expect.arrayContaining(['nodes.1.name', 'links.0.b.node']));
    expect(client.of('command')).toEqual([]);
  });

  it('refuses requests before hello, and a wrong version with VERSION_MISMATCH and close 1002', async () => {
    client = await TestClient.connect(agent, false);
    client.send({ type: 'subscribe', id: 's0', streams: [] });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'HELLO_REQUIRED', id: 's0' });
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION + 1 });
    expect(await client.next((m) => m.type === 'error' && m.code === 'VERSION_MISMATCH')).toBeDefined();
    expect(await closed).toBe(1002);
  });

  it('drops messages over the rate limit with RATE_LIMITED, then serves again', async () => {
    client = await TestClient.connect(agent);
    for (let i = 0; i < 200; i++) client.send({ type: 'subscribe', id: `f${i}`, streams: [] });
    expect(await client.next((m) => m.type === 'error' && m.code === 'RATE_LIMITED')).toBeDefined();
    expect(client.of('subscribed').length).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 1500));
    await stillServes(client, 'after-flood');
  });
});
