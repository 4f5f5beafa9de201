import type { Iperf3Traffic, PingTraffic } from '@netloom/protocol';

import { ipNetnsExec } from '../exec/netns';

/** A flow's request with every default filled in (see TRAFFIC_DEFAULTS). */
type Filled<T, Optional extends keyof T> = { [K in Exclude<keyof T, Optional>]-?: Exclude<T[K], undefined> } & {
  [K in Optional]?: Exclude<T[K], undefined>;
};
export type ResolvedPing = Filled<PingTraffic, 'count'>;
export type ResolvedIperf3 = Filled<Iperf3Traffic, 'bitrateMbit'>;

/**
 * `ip netns exec FROM ping -n -O -i S -s SIZE -M do|dont -w SECONDS [-c COUNT] -- ADDR`: -O says
 * each missing reply as it happens; -w bounds it in time whatever -c says. `ip netns exec` rather
 * than nsenter: the command is shown to the person as what they would type.
 */
export function pingArgv(from: string, address: string, ping: ResolvedPing): [string, ...string[]] {
  const argv = ['ping', '-n', '-O', '-i', String(ping.intervalMs / 1000), '-s', String(ping.size)];
  argv.push('-M', ping.dontFragment ? 'do' : 'dont', '-w', String(ping.seconds));
  if (ping.count !== undefined) argv.push('-c', String(ping.count));
  return ipNetnsExec(from, ['ping', ...argv.slice(1), '--', address]);
}

/** iperf3's server for one client (-1), bound to the flow's address in `to`, a line per second flushed. */
export function iperf3ServerArgv(to: string, address: string, port: number): [string, ...string[]] {
  return ipNetnsExec(to, [
    'iperf3',
    '-s',
    '-1',
    '-B',
    address,
    '-p',
    String(port),
    '-i',
    '1',
    '-f',
    'm',
    '--forceflush',
  ]);
}

/** iperf3's client in `from`, for `seconds`; UDP at its bitrate, TCP capped only when asked. */
export function iperf3ClientArgv(
  from: string,
  address: string,
  port: number,
  flow: ResolvedIperf3,
): [string, ...string[]] {
  const argv = ['iperf3', '-c', address, '-p', String(port), '-t', String(flow.seconds), '-i', '1', '-f', 'm'];
  argv.push('--forceflush');
  if (flow.protocol === 'udp') argv.push('-u');
  if (flow.bitrateMbit !== undefined) argv.push('-b', String(Math.round(flow.bitrateMbit * 1e6)));
  return ipNetnsExec(from, ['iperf3', ...argv.slice(1)]);
}
