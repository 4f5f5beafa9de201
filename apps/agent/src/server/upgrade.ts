import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { SessionRole } from '@netloom/protocol';

import { checkUpgrade, type UpgradePolicy } from './auth';
import type { Logger } from './engine-port';
import { LogLimiter } from './log-limiter';

export type UpgradeDeps = {
  /** Known once the server listens (the port is part of every allowed Host). */
  readonly policy: () => UpgradePolicy;
  /** True when no more connections of this role are taken (viewers have their own limit). */
  readonly full: (role: SessionRole) => boolean;
  readonly accept: (req: IncomingMessage, socket: Duplex, head: Buffer, role: SessionRole) => void;
  readonly log: Logger;
};

/** Refusals logged in full per window; the rest are summed up (a page retrying a stale token refuses every 2 s). */
const REFUSALS_LOGGED = 10;
const REFUSAL_WINDOW_MS = 10_000;
/** A refused client that never closes its end is cut off after this. */
const REFUSED_LINGER_MS = 1000;

/**
 * The HTTP 'upgrade' handler: checks path, Host, Origin and token before any WebSocket exists,
 * answers a refusal with its status and closes the socket. Returns the handler and a `close`
 * that writes the pending log summary.
 */
export function upgradeHandler(deps: UpgradeDeps) {
  const refusals = new LogLimiter({
    perWindow: REFUSALS_LOGGED,
    windowMs: REFUSAL_WINDOW_MS,
    onSuppressed: (count, windowMs) =>
      deps.log.warn(`${count} more refused upgrades in the last ${windowMs / 1000} s`, { refused: count }),
  });
  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const reject = (status: number, reason: string) => {
      if (refusals.allow())
        deps.log.warn('upgrade refused', { status, reason, host: req.headers.host, origin: req.headers.origin });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
    };
    if ((req.url ?? '').split('?')[0] !== '/ws') return reject(404, 'not the WebSocket path');
    const verdict = checkUpgrade(req, deps.policy());
    if (!verdict.ok) return reject(verdict.status, verdict.reason);
    if (deps.full(verdict.role)) return reject(503, `too many ${verdict.role} connections`);
    deps.accept(req, socket, head, verdict.role);
  };
  return { handle, close: () => refusals.flush() };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};
