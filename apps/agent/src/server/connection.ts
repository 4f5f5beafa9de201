import { decodeClientMessage, PROTOCOL_VERSION, type ClientMessage, type SessionRole } from '@netloom/protocol';
import type { RawData, WebSocket } from 'ws';

import { ServiceUnavailableError } from '../exec/nl-relay';
import { errorMessage, type Services } from './context';
import { dispatch } from './dispatch';
import { Session } from './session';
import { stepOwnerLeft } from './step-handlers';

/** Close codes (RFC 6455): protocol error, policy violation. */
const CLOSE_PROTOCOL = 1002;

/**
 * One authenticated WebSocket, from open to close. Nothing a client sends can throw out of
 * here: every frame is decoded without throwing, every failure becomes a typed `error`, and a
 * handler's bug becomes INTERNAL for that request while the connection and the agent go on.
 */
export function serveConnection(ws: WebSocket, services: Services, role: SessionRole = 'control'): Session {
  const session = new Session(ws, services.limits, services.now, role);
  services.hub.add(session);
  services.log.info('client connected', { session: session.id, role, clients: services.hub.size });

  ws.on('pong', () => (session.alive = true));
  ws.on('message', (data, isBinary) => onMessage(session, services, data, isBinary));
  ws.on('error', (e) => services.log.warn('client socket error', { session: session.id, error: e.message }));
  ws.on('close', (code) => {
    services.hub.remove(session);
    void stepOwnerLeft(services, session).catch((e: unknown) =>
      services.log.warn('could not end the step-through of a client that left', { error: String(e) }),
    );
    for (const probeId of session.probes) services.probes.stop(probeId);
    session.probes.clear();
    for (const captureId of session.captures) services.captures.stop(captureId, 'client');
    for (const trafficId of session.traffic) services.traffic.stop(trafficId, 'client');
    services.tables?.unwatch(session.outbox);
    services.checks.unwatch(session);
    services.live.setCountersWanted(services.hub.wants('counters'));
    services.log.info('client disconnected', { session: session.id, code, clients: services.hub.size });
  });
  return session;
}

function onMessage(session: Session, services: Services, data: RawData, isBinary: boolean): void {
  const now = services.now();
  if (!session.bucket.take(now)) {
    // Answer at most once a second, or the answers would be the flood.
    if (now - session.lastRateError > 1000) {
      session.lastRateError = now;
      session.send(
        errorMessage(
          'RATE_LIMITED',
          `more than ${services.limits.messagesPerSecond} messages per second; messages are being dropped`,
        ),
      );
    }
    return;
  }
  if (isBinary) return session.send(errorMessage('BINARY_REFUSED', 'binary frames are refused; send JSON text'));
  const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
  if (size > services.limits.maxMessageBytes) {
    return session.send(
      errorMessage(
        'MESSAGE_TOO_LARGE',
        `the message is ${size} bytes; the limit is ${services.limits.maxMessageBytes}`,
      ),
    );
  }
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as ArrayBuffer).toString('utf8');
  const decoded = decodeClientMessage(text);
  if (!decoded.ok) return session.send(errorMessage(decoded.error.code, decoded.error.message, decoded.error.id));
  const msg: ClientMessage = decoded.value;

  if (msg.type === 'hello') {
    if (msg.protocolVersion !== PROTOCOL_VERSION) {
      session.send(
        errorMessage(
          'VERSION_MISMATCH',
          `this agent speaks protocol version ${PROTOCOL_VERSION}, the client ${msg.protocolVersion}`,
        ),
      );
      session.ws.close(CLOSE_PROTOCOL, 'protocol version mismatch');
      return;
    }
    session.greeted = true;
    session.send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: services.agentVersion,
      role: session.role,
    });
    session.send(services.health.message());
    const presenting = session.role === 'viewer' ? services.presenter.snapshot() : null;
    if (presenting !== null) session.send(presenting);
    if (session.role === 'viewer') for (const capture of services.captureViewers.snapshot()) session.send(capture);
    return;
  }
  if (!session.greeted)
    return session.send(errorMessage('HELLO_REQUIRED', 'send hello with the protocol version first', msg.id));

  dispatch(msg, { ...services, session }).catch((e: unknown) => {
    if (e instanceof ServiceUnavailableError) {
      services.log.warn('request failed: a helper is down', { session: session.id, type: msg.type, error: e.message });
      return session.send(errorMessage('SERVICE_UNAVAILABLE', e.message, msg.id));
    }
    services.log.error('request failed', {
      session: session.id,
      type: msg.type,
      id: msg.id,
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
    session.send(
      errorMessage(
        'INTERNAL',
        `the agent failed on ${msg.type}: ${e instanceof Error ? e.message : String(e)}`,
        msg.id,
      ),
    );
  });
}
