import type { IncomingMessage } from 'node:http';

import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type SessionRole } from '@netloom/protocol';

import { tokensEqual } from './token';

/** Who may open the WebSocket. Every list is compared by exact string equality: no prefixes, no patterns. */
export type UpgradePolicy = {
  /** `Host` header values, e.g. `127.0.0.1:7878` and `localhost:7878`. */
  readonly hosts: readonly string[];
  /** `Origin` header values, e.g. `http://127.0.0.1:7878`. */
  readonly origins: readonly string[];
  /** The control token: it opens a session that may do everything. */
  readonly token: string;
  /** The viewer link's token, when there is one: it opens a session that can only watch. */
  readonly viewerToken: string | null;
};

export type UpgradeVerdict =
  | { readonly ok: true; readonly role: SessionRole }
  | { readonly ok: false; readonly status: 400 | 401 | 403; readonly reason: string };

/**
 * Runs in the HTTP 'upgrade' event, before any WebSocket exists. Each check stands on its own:
 * Host stops DNS rebinding (a page on evil.example resolving to 127.0.0.1 still sends its own
 * Host), Origin stops cross-site WebSocket hijacking from any page the user visits, and the
 * token stops everything else that can reach the port (other local users, non-browser clients).
 */
export function checkUpgrade(req: IncomingMessage, policy: UpgradePolicy): UpgradeVerdict {
  // Node keeps the first of two Host headers and joins two Origins; a proxy or another parser may
  // take the last one. A request that says two things is refused rather than read one way.
  for (const name of SINGLE_HEADERS)
    if (headerCount(req.rawHeaders, name) > 1) return { ok: false, status: 400, reason: `${name} header repeated` };
  const host = req.headers.host;
  if (host === undefined || !policy.hosts.includes(host)) return { ok: false, status: 403, reason: 'host not allowed' };
  const origin = req.headers.origin;
  // `null` (sandboxed iframes, file://) and a missing Origin are foreign like any other.
  if (origin === undefined || !policy.origins.includes(origin))
    return { ok: false, status: 403, reason: 'origin not allowed' };
  const offered = offeredProtocols(req);
  const tokens = offered.filter((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (tokens.length !== 1) return { ok: false, status: 401, reason: 'token missing' };
  // The role is which token it is, and nothing else: both comparisons always run, in constant time.
  const offeredToken = (tokens[0] ?? '').slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  const control = tokensEqual(offeredToken, policy.token);
  const viewer = tokensEqual(offeredToken, policy.viewerToken ?? '');
  if (!control && !viewer) return { ok: false, status: 401, reason: 'token wrong' };
  if (!offered.includes(SUBPROTOCOL))
    return { ok: false, status: 400, reason: `subprotocol ${SUBPROTOCOL} not offered` };
  return { ok: true, role: control ? 'control' : 'viewer' };
}

const SINGLE_HEADERS = ['host', 'origin'] as const;

/** How many times a header appears in `rawHeaders` (name, value, name, value, ...; names as sent). */
function headerCount(rawHeaders: readonly string[], name: string): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === name) n += 1;
  return n;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The Host values and origins the agent answers to, from the names it is reachable by. */
export function ownPolicy(
  names: readonly string[],
  port: number,
  allowOrigins: readonly string[],
  token: string,
  viewerToken: string | null = null,
): UpgradePolicy {
  const hosts = names.map((n) => `${n.includes(':') ? `[${n}]` : n}:${port}`);
  return { hosts, origins: [...hosts.map((h) => `http://${h}`), ...allowOrigins], token, viewerToken };
}
