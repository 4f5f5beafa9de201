import type { AgentMessage, ClientMessage } from '@netloom/protocol';

import { MAX_PAIRS, measureReachability, reachabilityPairs } from '../telemetry/reachability';
import { errorMessage, type Context } from './context';
import { validDocument } from './document-handlers';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** `ip [-n NS] link set dev IF up|down`: keyword before the name, as everywhere. */
export function linkSetArgv(netns: string | null, ifname: string, up: boolean): string[] {
  return [...(netns === null ? [] : ['-n', netns]), 'link', 'set', 'dev', ifname, up ? 'up' : 'down'];
}

/** An interface addressed as the protocol addresses owned ones (`setLinkState`, `captureStart`). */
export type OwnedTarget = {
  readonly topology: string;
  readonly object: string;
  readonly netns: string | null;
  readonly ifname: string;
};

/**
 * Null when `target` is the topology's own interface for that object, else the NOT_OWNED error
 * to send (`outcome` says what did not happen). Call inside `ctx.serial`, after `live.settle()`.
 */
export async function notOwned(
  ctx: Context,
  target: OwnedTarget,
  id: string,
  outcome: string,
): Promise<AgentMessage | null> {
  const where = target.netns === null ? 'the root namespace' : `namespace ${target.netns}`;
  const found = ctx.live.links().find((l) => l.netns === target.netns && l.ifname === target.ifname);
  // The marker must name this topology and this object: ids and names repeat across
  // topologies, so a page acting on its own drawing can never reach another topology's interface.
  if (found?.topology !== target.topology || found.object !== target.object) {
    const whose =
      found === undefined
        ? 'is absent or carries no netloom marker'
        : `belongs to ${found.topology} (object ${found.object})`;
    return errorMessage(
      'NOT_OWNED',
      `${target.ifname} in ${where} ${whose}, not to ${target.topology} (object ${target.object}); ${outcome}`,
      id,
    );
  }
  // A marker anyone can copy: the interface must also be where and what netloom made it.
  const unproven = await ctx.engine.proveInterface(target.topology, target.netns, target.ifname);
  if (unproven.length > 0)
    return errorMessage('NOT_OWNED', `${unproven.map((i) => i.message).join('; ')}; ${outcome}`, id, unproven);
  return null;
}

export async function handleSetLinkState(msg: Req<'setLinkState'>, ctx: Context): Promise<void> {
  await ctx.serial.run(async () => {
    await ctx.live.settle();
    const refused = await notOwned(ctx, msg, msg.id, 'nothing was changed');
    if (refused !== null) return ctx.session.send(refused);
    const argv = linkSetArgv(msg.netns, msg.ifname, msg.up);
    const r = await ctx.runner.run('ip', argv, { timeoutMs: 5000 });
    ctx.hub.broadcast({
      type: 'command',
      id: msg.id,
      topology: msg.topology,
      namespace: msg.netns,
      argv: ['ip', ...argv],
      exitCode: r.exitCode ?? -1,
      stderr: r.stderr,
      durationMs: r.durationMs,
    });
    if (r.failed)
      return ctx.session.send(
        errorMessage('COMMAND_FAILED', `ip ${argv.join(' ')} failed: ${r.stderr.trim()}`, msg.id),
      );
    ctx.session.send({ type: 'setLinkStateResult', id: msg.id, netns: msg.netns, ifname: msg.ifname, up: msg.up });
  });
}

export function handleSubscribe(msg: Req<'subscribe'>, ctx: Context): void {
  const had = ctx.session.streams;
  ctx.session.streams = new Set(msg.streams);
  ctx.session.send({ type: 'subscribed', id: msg.id, streams: [...ctx.session.streams] });
  if (ctx.session.streams.has('linkState') && !had.has('linkState')) {
    ctx.session.outbox.sendTelemetry({ type: 'linkState', at: ctx.now(), snapshot: true, links: ctx.live.links() });
  }
  if (ctx.session.streams.has('drift') && !had.has('drift')) {
    for (const m of ctx.drift.current()) ctx.session.outbox.sendTelemetry(m);
    ctx.drift.kick();
  }
  if (ctx.session.streams.has('counters') && !had.has('counters')) {
    const latest = ctx.live.latestCounters();
    if (latest !== null) ctx.session.outbox.sendTelemetry(latest);
  }
  ctx.live.setCountersWanted(ctx.hub.wants('counters'));
}

export function handlePingStart(msg: Req<'pingStart'>, ctx: Context): void {
  const { session } = ctx;
  if (session.probes.size >= ctx.limits.maxProbesPerConnection) {
    return session.send(
      errorMessage(
        'LIMIT_REACHED',
        `at most ${ctx.limits.maxProbesPerConnection} probes per connection; stop one first`,
        msg.id,
      ),
    );
  }
  const owned =
    msg.fromNetns === null
      ? ctx.live.topologies().has(msg.topology)
      : ctx.live.ownerOfNamespace(msg.fromNetns) === msg.topology;
  if (!owned) {
    const what =
      msg.fromNetns === null
        ? `topology ${msg.topology} is not running`
        : `namespace ${msg.fromNetns} is not owned by ${msg.topology}`;
    return session.send(errorMessage('NOT_OWNED', what, msg.id));
  }
  const probeId = ctx.probes.start(
    { fromNetns: msg.fromNetns, to: msg.to, intervalMs: msg.intervalMs },
    {
      onResult: (r) =>
        session.outbox.sendTelemetry({
          type: 'ping',
          probeId,
          seq: r.seq,
          status: r.kind,
          at: ctx.now(),
          ...(r.kind === 'reply' && { rttMs: r.rttMs }),
          ...(r.kind === 'unreachable' && { detail: r.detail }),
        }),
      onEnd: (reason) => {
        // Stopped by the client: pingStop already answered.
        if (session.probes.delete(probeId)) session.send({ type: 'pingStopped', probeId, reason });
      },
    },
  );
  session.probes.add(probeId);
  session.send({ type: 'pingStarted', id: msg.id, probeId });
}

export function handlePingStop(msg: Req<'pingStop'>, ctx: Context): void {
  if (!ctx.session.probes.delete(msg.probeId)) {
    return ctx.session.send(errorMessage('NOT_FOUND', `no probe ${msg.probeId} on this connection`, msg.id));
  }
  ctx.probes.stop(msg.probeId);
  ctx.session.send({ type: 'pingStopped', probeId: msg.probeId, id: msg.id, reason: 'stopped by the client' });
}

export async function handleReachability(msg: Req<'reachability'>, ctx: Context): Promise<void> {
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return;
  // Only from namespaces this topology owns: a document must not steer pings into foreign ones.
  const pairs = reachabilityPairs(doc).filter((p) =>
    p.from === null ? ctx.live.topologies().has(doc.name) : ctx.live.ownerOfNamespace(p.from) === doc.name,
  );
  if (pairs.length > MAX_PAIRS) {
    return ctx.session.send(
      errorMessage('LIMIT_REACHED', `${pairs.length} pairs; the matrix is limited to ${MAX_PAIRS}`, msg.id),
    );
  }
  const started = performance.now();
  const results = await measureReachability(pairs, ctx.runner);
  ctx.session.send({
    type: 'reachabilityResult',
    id: msg.id,
    topology: doc.name,
    pairs: results,
    durationMs: performance.now() - started,
  });
}
