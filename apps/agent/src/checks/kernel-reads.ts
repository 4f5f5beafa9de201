import type { Document, PingCheck } from '@netloom/topology';
import { z } from 'zod';

import { inNetns, ipNetnsExec } from '../exec/netns';
import { parsePingLine } from '../telemetry/ping-parse';

/**
 * The commands a check runs and what their output means. Pure. Every command only reads the
 * kernel (ping sends echo requests, nothing more); names and addresses come from a validated
 * document, and go into argv after the keyword that takes them, never through a shell.
 */

/** How long a check's ping waits for its reply where nothing on the way delays packets on purpose. */
export const PING_WAIT_S = 0.5;

/**
 * `ip netns exec NS ping -n -c 1 -W WAIT [-s SIZE] [-M do] -- ADDR`: one echo request, and
 * WAIT seconds for its reply, so a check that stopped passing is known within a second of the
 * change; run-checks asks an unanswered one once more (a fresh path may lose its first echo
 * while it floods and learns). From the root
 * namespace without `ip netns exec`.
 */
export function pingCheckArgv(netns: string | null, check: PingCheck, waitS = PING_WAIT_S): string[] {
  const ping: [string, ...string[]] = [
    'ping',
    '-n',
    '-c',
    '1',
    '-W',
    String(waitS),
    ...(check.size === undefined ? [] : ['-s', String(check.size)]),
    ...(check.dontFragment === true ? ['-M', 'do'] : []),
    '--',
    check.to,
  ];
  return ipNetnsExec(netns, ping);
}

/**
 * The wait for a check's reply in a document: PING_WAIT_S, plus twice every delay (and jitter)
 * the document puts on a link, since a ping's path may cross each of them both ways; at most 10 s.
 */
export function pingWaitSeconds(doc: Document): number {
  let delayedMs = 0;
  for (const link of doc.links)
    if (link.type === 'veth')
      for (const end of [link.a, link.b])
        delayedMs += (end.impairments?.delayMs ?? 0) + (end.impairments?.jitterMs ?? 0);
  return Math.min(10, Math.round((PING_WAIT_S + (2 * delayedMs) / 1000) * 10) / 10);
}

/** What a ping run says in one line: its first reply, else the first error it reports, else silence. */
export function pingOutcome(to: string, exitCode: number | undefined, stdout: string, stderr: string) {
  const lines = stdout.split('\n').map(parsePingLine);
  const reply = lines.find((l) => l?.kind === 'reply');
  if (reply?.kind === 'reply') return { replied: true, reason: `reply from ${to} in ${reply.rttMs} ms` };
  const icmp = lines.find((l) => l?.kind === 'unreachable');
  const local = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  const why =
    icmp?.kind === 'unreachable'
      ? icmp.detail
      : local !== undefined
        ? local.replace(/^ping: /, '')
        : exitCode === undefined
          ? 'ping did not finish'
          : 'no reply';
  return { replied: false, reason: `no reply from ${to}: ${why}` };
}

/**
 * `ip -j route show table main to exact PREFIX` for `default` or a CIDR (an entry of the table),
 * `ip -j route get ADDR` for an address (the route the kernel picks), inside the namespace.
 */
export function routeArgv(netns: string | null, to: string, via: string | undefined): string[] {
  const family6 = via?.includes(':') === true;
  const ip =
    to === 'default'
      ? ['ip', '-j', 'route', 'show', 'table', 'main', 'to', 'exact', family6 ? '::/0' : '0.0.0.0/0']
      : to.includes('/')
        ? ['ip', '-j', 'route', 'show', 'table', 'main', 'to', 'exact', to]
        : ['ip', '-j', 'route', 'get', to];
  return inNetns(netns, ip);
}

const RouteJson = z.array(z.object({ gateway: z.string().optional(), dev: z.string().optional() }).loose());
export type RouteEntry = { readonly gateway?: string | undefined; readonly dev?: string | undefined };

export function parseRoutes(stdout: string): RouteEntry[] {
  return stdout.trim() === '' ? [] : RouteJson.parse(JSON.parse(stdout));
}

/** `bridge -j fdb show br BRIDGE` inside the bridge's namespace. */
export const fdbArgv = (netns: string | null, bridge: string): string[] =>
  inNetns(netns, ['bridge', '-j', 'fdb', 'show', 'br', bridge]);

const FdbJson = z.array(
  z
    .object({
      mac: z.string(),
      ifname: z.string().optional(),
      state: z.string().optional(),
      flags: z.array(z.string()).optional(),
    })
    .loose(),
);
export type FdbEntry = {
  readonly mac: string;
  readonly port: string | undefined;
  /** Learned from a frame, not a permanent entry (the port's own MAC, a multicast group). */
  readonly learned: boolean;
};

export function parseFdb(stdout: string): FdbEntry[] {
  if (stdout.trim() === '') return [];
  return FdbJson.parse(JSON.parse(stdout)).map((e) => ({
    mac: e.mac.toLowerCase(),
    port: e.ifname,
    learned: e.state !== 'permanent' && e.state !== 'static' && !(e.flags ?? []).includes('self'),
  }));
}
