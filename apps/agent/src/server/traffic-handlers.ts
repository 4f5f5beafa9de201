import { TRAFFIC_DEFAULTS, type ClientMessage, type TrafficSpec } from '@netloom/protocol';

import { inNetns } from '../exec/netns';
import { flowAddresses } from '../traffic/addresses';
import type { ResolvedIperf3, ResolvedPing } from '../traffic/commands';
import { errorMessage, type Context } from './context';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** The request's traffic with every default filled in. */
export function resolveTraffic(t: TrafficSpec): ResolvedPing | ResolvedIperf3 {
  if (t.kind === 'ping')
    return {
      kind: 'ping',
      intervalMs: t.intervalMs ?? TRAFFIC_DEFAULTS.pingIntervalMs,
      size: t.size ?? TRAFFIC_DEFAULTS.pingSize,
      dontFragment: t.dontFragment ?? false,
      seconds: t.seconds ?? TRAFFIC_DEFAULTS.pingSeconds,
      ...(t.count !== undefined && { count: t.count }),
    };
  const bitrateMbit = t.bitrateMbit ?? (t.protocol === 'udp' ? TRAFFIC_DEFAULTS.udpBitrateMbit : undefined);
  return {
    kind: 'iperf3',
    protocol: t.protocol,
    seconds: t.seconds ?? TRAFFIC_DEFAULTS.iperfSeconds,
    ...(bitrateMbit !== undefined && { bitrateMbit }),
  };
}

/**
 * Starts a ping stream or an iperf3 flow between two namespaces the topology owns, to an address
 * of one of its interfaces there. Results go to this client only; the flow ends with
 * `trafficStop`, its own count or time, this client or the agent.
 */
export async function handleTrafficStart(msg: Req<'trafficStart'>, ctx: Context): Promise<void> {
  const { session, limits } = ctx;
  const tooMany =
    session.traffic.size >= limits.maxTrafficPerConnection
      ? `at most ${limits.maxTrafficPerConnection} traffic flows per connection; stop one first`
      : ctx.traffic.size >= limits.maxTraffic
        ? `at most ${limits.maxTraffic} traffic flows run on this agent at once (all clients); stop one first`
        : null;
  if (tooMany !== null) return session.send(errorMessage('LIMIT_REACHED', tooMany, msg.id));
  if (msg.from === msg.to)
    return session.send(
      errorMessage(
        'PROTOCOL_INVALID',
        `from and to are both ${msg.from}: traffic runs between two namespaces; pick another for one end`,
        msg.id,
      ),
    );
  // Counted before the awaits, so requests arriving together cannot pass the caps.
  const pending = `pending:${msg.id}`;
  session.traffic.add(pending);
  let address: string | AgentError;
  try {
    address = await ctx.serial.run(() => targetAddress(msg, ctx));
  } finally {
    session.traffic.delete(pending);
  }
  if (typeof address !== 'string') return session.send(errorMessage(address.code, address.message, msg.id));
  if (!session.alive || session.ws.readyState > 1) return;

  const traffic = resolveTraffic(msg.traffic);
  const { trafficId, commands } = ctx.traffic.start(
    { from: msg.from, to: msg.to, address, traffic },
    {
      onResult: (result) => session.send({ type: 'trafficResult', trafficId, at: ctx.now(), result }),
      onEnd: (reason, summary, detail) => {
        const answer = session.trafficStops.get(trafficId);
        session.trafficStops.delete(trafficId);
        session.traffic.delete(trafficId);
        if (reason === 'client') return;
        session.send({
          type: 'trafficStopped',
          trafficId,
          ...(answer !== undefined && { id: answer }),
          reason,
          summary,
          ...(detail !== undefined && { detail }),
        });
      },
    },
  );
  session.traffic.add(trafficId);
  session.send({
    type: 'trafficStarted',
    id: msg.id,
    trafficId,
    topology: msg.topology,
    from: msg.from,
    to: msg.to,
    address,
    traffic,
    commands,
  });
}

export function handleTrafficStop(msg: Req<'trafficStop'>, ctx: Context): void {
  const { session } = ctx;
  if (!session.traffic.has(msg.trafficId) || session.trafficStops.has(msg.trafficId)) {
    return session.send(
      errorMessage('NOT_FOUND', `no traffic flow ${msg.trafficId} running on this connection`, msg.id),
    );
  }
  session.trafficStops.set(msg.trafficId, msg.id);
  ctx.traffic.stop(msg.trafficId, 'stopped');
}

type AgentError = { code: 'NOT_OWNED' | 'NOT_FOUND' | 'COMMAND_FAILED'; message: string };

/**
 * Where the flow goes, once both namespaces are proven the topology's (their `lo` carries its
 * marker): the request's address if one of the topology's interfaces in `to` has it, else the
 * first such address. Anything else is refused, saying what to do.
 */
async function targetAddress(msg: Req<'trafficStart'>, ctx: Context): Promise<string | AgentError> {
  await ctx.live.settle();
  for (const netns of [msg.from, msg.to]) {
    const owner = ctx.live.ownerOfNamespace(netns);
    if (owner !== msg.topology)
      return {
        code: 'NOT_OWNED',
        message: `namespace ${netns} ${owner === undefined ? 'is absent or carries no netloom marker' : `belongs to ${owner}`}, not to ${msg.topology}: traffic runs only between namespaces of the applied topology; apply it, or pick one of its namespaces; nothing was started`,
      };
  }
  const owned = new Set(
    ctx.live
      .links()
      .filter((l) => l.netns === msg.to && l.topology === msg.topology)
      .map((l) => l.ifname),
  );
  const [file, ...args] = inNetns(msg.to, ['ip', '-j', 'addr', 'show']);
  const r = await ctx.runner.run(file ?? 'ip', args, { timeoutMs: 5000 });
  if (r.failed)
    return { code: 'COMMAND_FAILED', message: `could not read the addresses of ${msg.to}: ${r.stderr.trim()}` };
  const addresses = flowAddresses(r.stdout, owned);
  if (msg.address === undefined) {
    const first = addresses[0];
    if (first === undefined)
      return {
        code: 'NOT_FOUND',
        message: `namespace ${msg.to} has no address on an interface of ${msg.topology}: give one of its interfaces an address in the document and apply; nothing was started`,
      };
    return first;
  }
  if (!addresses.includes(msg.address))
    return {
      code: 'NOT_OWNED',
      message: `${msg.address} is not an address of ${msg.topology}'s interfaces in ${msg.to} (${addresses.length === 0 ? 'they have none' : `they have ${addresses.join(', ')}`}); pick one of those; nothing was started`,
    };
  return msg.address;
}
