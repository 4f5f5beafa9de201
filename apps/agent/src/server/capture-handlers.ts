import { CAPTURE_DEFAULTS, type ClientMessage } from '@netloom/protocol';

import { checkFilter } from '../capture/tcpdump';
import { errorMessage, type Context } from './context';
import { notOwned } from './live-handlers';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/**
 * Starts a capture on interfaces the topology owns: each proven netloom's (as `setLinkState`
 * does), the filter compiled by `tcpdump -d` first, then one tcpdump per interface. Packets go
 * to this client only; the capture ends with `captureStop`, its limits, this client or the agent.
 */
export async function handleCaptureStart(msg: Req<'captureStart'>, ctx: Context): Promise<void> {
  const { session, limits } = ctx;
  const tooMany =
    session.captures.size >= limits.maxCapturesPerConnection
      ? `at most ${limits.maxCapturesPerConnection} captures per connection; stop one first`
      : ctx.captures.size >= limits.maxCaptures
        ? `at most ${limits.maxCaptures} captures run on this agent at once (all clients); stop one first`
        : null;
  if (tooMany !== null) return session.send(errorMessage('LIMIT_REACHED', tooMany, msg.id));
  const seen = new Set<string>();
  for (const t of msg.targets) {
    const key = `${t.netns ?? ''}/${t.ifname}`;
    if (seen.has(key))
      return session.send(errorMessage('PROTOCOL_INVALID', `targets: ${t.ifname} is listed twice`, msg.id));
    seen.add(key);
  }
  const refused = await ctx.serial.run(async () => {
    await ctx.live.settle();
    for (const target of msg.targets) {
      const error = await notOwned(ctx, target, msg.id, 'nothing was captured');
      if (error !== null) return error;
    }
    return null;
  });
  if (refused !== null) return session.send(refused);
  const filter = msg.filter?.trim() ?? '';
  if (filter !== '') {
    const bad = await checkFilter(ctx.runner, msg.targets, filter);
    if (bad !== null) return session.send(errorMessage('FILTER_INVALID', bad, msg.id));
  }
  const snapLength = msg.snapLength ?? CAPTURE_DEFAULTS.snapLength;
  const captureLimits = {
    packets: msg.limits?.packets ?? CAPTURE_DEFAULTS.packets,
    bytes: msg.limits?.bytes ?? CAPTURE_DEFAULTS.bytes,
    seconds: msg.limits?.seconds ?? CAPTURE_DEFAULTS.seconds,
  };
  // Counted before the await, so requests arriving together cannot pass the caps.
  const pending = `pending:${msg.id}`;
  // The presenter's captures are the viewers' too (decided at the start: who presents now).
  const viewers = session.presenting ? ctx.captureViewers : null;
  session.captures.add(pending);
  let captureId: string;
  let linkTypes: number[];
  try {
    ({ captureId, linkTypes } = await ctx.captures.start(
      { interfaces: msg.targets, filter, snapLength, limits: captureLimits },
      {
        canSend: () => session.ws.bufferedAmount <= limits.telemetryBufferBytes,
        onPackets: (packets, dropped) => {
          const batch = { type: 'packets', captureId, packets, dropped } as const;
          session.send(batch);
          viewers?.packets(batch);
        },
        onEnd: (reason, stats, detail) => {
          // Stopped by the client: captureStop answers with the same message and its id.
          const answer = session.captureStops.get(captureId);
          session.captureStops.delete(captureId);
          session.captures.delete(captureId);
          const stopped = {
            type: 'captureStopped',
            captureId,
            ...(answer !== undefined && { id: answer }),
            reason,
            ...stats,
            ...(detail !== undefined && { detail }),
          } as const;
          viewers?.stopped(stopped);
          if (reason !== 'client') session.send(stopped);
        },
      },
    ));
  } catch (e) {
    return session.send(
      errorMessage(
        'COMMAND_FAILED',
        `the capture could not start: ${e instanceof Error ? e.message : String(e)}`,
        msg.id,
      ),
    );
  } finally {
    session.captures.delete(pending);
  }
  session.captures.add(captureId);
  if (!session.alive || session.ws.readyState > 1) {
    // The client left while tcpdump was starting.
    ctx.captures.stop(captureId, 'client');
    return;
  }
  const started = {
    type: 'captureStarted',
    id: msg.id,
    captureId,
    ifaces: msg.targets.map((t, i) => ({
      netns: t.netns,
      ifname: t.ifname,
      object: t.object,
      linkType: linkTypes[i] ?? 1,
    })),
    snapLength,
    limits: captureLimits,
  } as const;
  session.send(started);
  viewers?.started(started);
}

export function handleCaptureStop(msg: Req<'captureStop'>, ctx: Context): void {
  const { session } = ctx;
  if (!session.captures.has(msg.captureId) || session.captureStops.has(msg.captureId)) {
    return session.send(errorMessage('NOT_FOUND', `no capture ${msg.captureId} running on this connection`, msg.id));
  }
  session.captureStops.set(msg.captureId, msg.id);
  ctx.captures.stop(msg.captureId, 'stopped');
}
