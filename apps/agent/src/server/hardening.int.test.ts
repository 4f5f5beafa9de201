import { connect, type Socket } from 'node:net';

import { SUBPROTOCOL } from '@netloom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Logger } from './engine-port';
import { rawUpgrade, startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;

/** A logger that keeps every line, to count them. */
function countingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { lines, info: keep, warn: keep, error: keep };
}

/** Opens a raw TCP socket; `closed` resolves when the agent (not the test) closes it. */
function open(port: number): Promise<{ socket: Socket; closed: Promise<void>; received: () => string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed, received: () => data }));
    socket.once('error', reject);
  });
}

describe.runIf(isRoot)('the agent holds against slow, duplicated and flooding clients', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  const log = countingLogger();

  beforeAll(async () => {
    agent = await startTestAgent({}, 1000, log);
  });
  afterAll(async () => {
    await agent.close();
  });

  it('catalogue: 200 slowloris sockets are closed by the agent, which serves others meanwhile', async () => {
    const sockets = await Promise.all(Array.from({ length: 200 }, () => open(agent.port)));
    let closedByAgent = 0;
    for (const s of sockets) void s.closed.then(() => (closedByAgent += 1));
    // A third never sends a byte; a third trickles a request's headers, a third an upgrade's:
    // a header line every second, so no idle timeout alone would catch them.
    const lines = ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', `GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n`];
    const trickling = sockets.filter((_, i) => i % 3 !== 0);
    trickling.forEach((s, i) => s.socket.write(lines[i % 2] ?? ''));
    const trickle = setInterval(() => {
      for (const s of trickling) if (!s.socket.destroyed) s.socket.write(`X-Slow-${Date.now()}: 1\r\n`);
    }, 1000);
    try {
      const client = await TestClient.connect(agent);
      expect(client.ws.protocol).toBe(SUBPROTOCOL);
      client.close();
      // The finding: all 200 were still open after 12 s. The agent's limit is 10 s, checked every second.
      await expect.poll(() => closedByAgent, { timeout: 12_500, interval: 250 }).toBe(200);
    } finally {
      clearInterval(trickle);
      for (const s of sockets) s.socket.destroy();
    }
  }, 30_000);

  it('catalogue: two Host headers with the good one first are refused', async () => {
    const s = await open(agent.port);
    s.socket.write(
      [
        'GET /ws HTTP/1.1',
        `Host: 127.0.0.1:${agent.port}`,
        'Host: evil.example',
        `Origin: http://127.0.0.1:${agent.port}`,
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, netloom.token.${agent.token}`,
        '',
        '',
      ].join('\r\n'),
    );
    await s.closed;
    expect(s.received().split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  });

  it('catalogue: refused upgrades are logged at most ten per 10 s, then summed up in one line', async () => {
    const before = log.lines.length;
    for (let i = 0; i < 300; i += 1) expect(await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL] })).toBe(401);
    const lines = log.lines.slice(before);
    expect(lines.filter((l) => l === 'upgrade refused').length).toBeLessThanOrEqual(10);
    await agent.close(); // writes the pending summary
    const summaries = log.lines.slice(before).filter((l) => /^\d+ more refused upgrades in the last 10 s$/.test(l));
    const summed = summaries.reduce((n, l) => n + Number(l.split(' ')[0]), 0);
    expect(log.lines.slice(before).filter((l) => l === 'upgrade refused').length + summed).toBe(300);
  });
});
