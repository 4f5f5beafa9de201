import type { UdpSocket } from '@netloom/topology';

import { inNetns } from '../exec/netns';
import type { CommandRunner } from '../exec/runner';

/**
 * The UDP sockets bound in a namespace (null: the root one), as `ss -uanH` lists them there. A
 * VXLAN binds its port only when it comes up, so a port a program holds fails the apply at
 * `link set up`, after everything else was built; the preflight reads this first, and only for
 * the namespaces where the plan brings a VXLAN up (usually none: no process at all).
 */
export async function readUdpSockets(runner: CommandRunner, netns: string | null): Promise<UdpSocket[]> {
  const [file = 'ss', ...args] = inNetns(netns, ['ss', '-uanH']);
  const r = await runner.run(file, args);
  if (r.exitCode !== 0)
    throw new Error(
      `reading the UDP ports of ${netns ?? 'the root namespace'} failed (${r.argv.join(' ')}): ${r.stderr}`,
    );
  return parseSs(r.stdout);
}

/**
 * `ss -uanH` lines (`UNCONN 0 0 127.0.0.1:4789 0.0.0.0:*`): the local address is the fourth
 * column, `[v6]:port`, `v4:port`, or `*:port` for an IPv6 socket that takes IPv4 too; a socket
 * bound to a device carries `%dev`. An IPv4-mapped IPv6 address is IPv4.
 */
export function parseSs(stdout: string): UdpSocket[] {
  return stdout.split('\n').flatMap((line): UdpSocket[] => {
    const local = line.trim().split(/\s+/)[3];
    const colon = local?.lastIndexOf(':') ?? -1;
    if (local === undefined || colon < 0) return [];
    const port = Number(local.slice(colon + 1));
    const host = local.slice(0, colon).replace(/%[^\]]*/, '');
    if (!Number.isInteger(port)) return [];
    if (host === '*') return [{ family: 'both', address: '*', port }];
    if (host.startsWith('[')) {
      const address = host.slice(1, -1);
      return address.startsWith('::ffff:') && address.includes('.')
        ? [{ family: 4, address: address.slice(7), port }]
        : [{ family: 6, address, port }];
    }
    return [{ family: 4, address: host, port }];
  });
}
