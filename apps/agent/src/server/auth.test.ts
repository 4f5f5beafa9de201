import type { IncomingMessage } from 'node:http';

import { describe, expect, it } from 'vitest';

import { checkUpgrade, ownPolicy } from './auth';

const policy = ownPolicy(['127.0.0.1', 'localhost'], 7878, ['http://localhost:5173'], 'secret-token');
/** A request as Node parses one: `headers` keeps the first Host, `rawHeaders` has every line. */
const req = (headers: Record<string, string>, extra: readonly [string, string][] = []) =>
  ({
    headers,
    rawHeaders: [...Object.entries(headers), ...extra].flat(),
  }) as unknown as IncomingMessage;
const good = {
  host: '127.0.0.1:7878',
  origin: 'http://127.0.0.1:7878',
  'sec-websocket-protocol': 'netloom.v1, netloom.token.secret-token',
};

describe('checkUpgrade', () => {
  it('accepts the agent’s own host and origin, an allowed origin, and the right token', () => {
    expect(checkUpgrade(req(good), policy)).toEqual({ ok: true, role: 'control' });
    expect(checkUpgrade(req({ ...good, host: 'localhost:7878', origin: 'http://localhost:5173' }), policy)).toEqual({
      ok: true,
      role: 'control',
    });
  });

  it('opens a viewer session with the viewer token, and only while there is one', () => {
    const viewer = { ...good, 'sec-websocket-protocol': 'netloom.v1, netloom.token.viewer-token' };
    const withViewers = { ...policy, viewerToken: 'viewer-token' };
    expect(checkUpgrade(req(viewer), withViewers)).toEqual({ ok: true, role: 'viewer' });
    expect(checkUpgrade(req(good), withViewers)).toEqual({ ok: true, role: 'control' });
    // Revoked (or never made): the viewer token is a wrong token like any other.
    expect(checkUpgrade(req(viewer), policy)).toMatchObject({ status: 401, reason: 'token wrong' });
    const empty = { ...good, 'sec-websocket-protocol': 'netloom.v1, netloom.token.' };
    expect(checkUpgrade(req(empty), { ...policy, viewerToken: '' })).toMatchObject({ status: 401 });
  });

  it('refuses each failed check on its own', () => {
    expect(checkUpgrade(req({ ...good, host: 'evil.example' }), policy)).toMatchObject({
      status: 403,
      reason: 'host not allowed',
    });
    expect(checkUpgrade(req({ ...good, origin: 'http://127.0.0.1:7878.evil.example' }), policy)).toMatchObject({
      status: 403,
    });
    expect(checkUpgrade(req({ ...good, origin: 'null' }), policy)).toMatchObject({ status: 403 });
    expect(checkUpgrade(req({ ...good, 'sec-websocket-protocol': 'netloom.v1' }), policy)).toMatchObject({
      status: 401,
      reason: 'token missing',
    });
    expect(
      checkUpgrade(req({ ...good, 'sec-websocket-protocol': 'netloom.v1, netloom.token.secret-tokem' }), policy),
    ).toMatchObject({ status: 401, reason: 'token wrong' });
    expect(
      checkUpgrade(req({ ...good, 'sec-websocket-protocol': 'netloom.token.secret-token' }), policy),
    ).toMatchObject({ status: 400 });
  });

  it('refuses two tokens rather than picking one', () => {
    const two = { ...good, 'sec-websocket-protocol': 'netloom.v1, netloom.token.secret-token, netloom.token.other' };
    expect(checkUpgrade(req(two), policy)).toMatchObject({ status: 401 });
  });

  it('catalogue: two Host headers with the good one first are refused', () => {
    expect(checkUpgrade(req(good, [['Host', 'evil.example']]), policy)).toMatchObject({
      ok: false,
      status: 400,
      reason: 'host header repeated',
    });
    expect(checkUpgrade(req(good, [['HOST', '127.0.0.1:7878']]), policy)).toMatchObject({ status: 400 });
    expect(checkUpgrade(req(good, [['Origin', 'http://evil.example']]), policy)).toMatchObject({
      status: 400,
      reason: 'origin header repeated',
    });
  });
});
