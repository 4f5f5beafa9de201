import { readFile, stat } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';

import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@netloom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rawUpgrade, startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('the upgrade is authenticated before any WebSocket exists', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  const good = () => [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${agent.token}`];

  beforeAll(async () => {
    agent = await startTestAgent();
  });
  afterAll(async () => {
    await agent.close();
  });

  it('upgrades a request with the right Host, Origin and token', async () => {
    expect(await rawUpgrade(agent.port, { protocols: good() })).toBe(101);
  });

  it('refuses a request without a token with 401', async () => {
    expect(await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL] })).toBe(401);
    expect(await rawUpgrade(agent.port, {})).toBe(401);
  });

  it('refuses a wrong token, of the same length or not, with 401', async () => {
    const wrong = agent.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${wrong}`] })).toBe(401);
    expect(await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}x`] })).toBe(401);
    expect(
      await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${agent.token}x`] }),
    ).toBe(401);
  });

  it('refuses foreign origins, including look-alikes and null, with 403', async () => {
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${agent.port}.evil.example`,
      'null',
      `https://127.0.0.1:${agent.port}`,
      `http://127.0.0.1:${agent.port}/`,
    ]) {
      expect(await rawUpgrade(agent.port, { origin, protocols: good() }), origin).toBe(403);
    }
    expect(await rawUpgrade(agent.port, { origin: null, protocols: good() })).toBe(403);
  });

  it('refuses a DNS-rebinding Host with 403, even with a valid token', async () => {
    expect(await rawUpgrade(agent.port, { host: 'evil.example', protocols: good() })).toBe(403);
    expect(
      await rawUpgrade(agent.port, {
        host: `evil.example:${agent.port}`,
        origin: `http://evil.example:${agent.port}`,
        protocols: good(),
      }),
    ).toBe(403);
  });

  it('refuses a token offered without the protocol version', async () => {
    expect(await rawUpgrade(agent.port, { protocols: [`${TOKEN_SUBPROTOCOL_PREFIX}${agent.token}`] })).toBe(400);
  });

  it('never echoes the token as the chosen subprotocol', async () => {
    const client = await TestClient.connect(agent);
    expect(client.ws.protocol).toBe(SUBPROTOCOL);
    client.close();
  });

  it('writes the token to a file only root can read', async () => {
    const file = join(agent.dir, 'token');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(agent.token);
    expect(Buffer.from(agent.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('serves a placeholder page without the built app, and nothing outside its root', async () => {
    const page = await fetchText(agent.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('netloom');
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/a/%00']) {
      expect((await fetchText(agent.port, path)).status, path).toBe(404);
    }
  });
});

function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
