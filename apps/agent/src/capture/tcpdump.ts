import { inNetns } from '../exec/netns';
import type { CommandRunner } from '../exec/runner';

export type CaptureIface = { readonly netns: string | null; readonly ifname: string };

/**
 * `tcpdump -i IF -U --immediate-mode -w - -s SNAP -n -- FILTER` inside the interface's
 * namespace: pcap on stdout, each packet written as it arrives (-U, immediate mode: no
 * libpcap batching), the filter one argv item after `--`, so no part of it can be an option
 * and no shell ever reads it.
 */
export function tcpdumpArgv(iface: CaptureIface, snapLength: number, filter: string): [string, ...string[]] {
  const argv = ['tcpdump', '-i', iface.ifname, '-U', '--immediate-mode', '-w', '-', '-s', String(snapLength), '-n'];
  if (filter !== '') argv.push('--', filter);
  const [file, ...args] = inNetns(iface.netns, argv);
  return [file ?? 'tcpdump', ...args];
}

/** `tcpdump -d`: compiles the filter for the interface's link type and prints the BPF, capturing nothing. */
export function filterCheckArgv(iface: CaptureIface, filter: string): [string, ...string[]] {
  const [file, ...args] = inNetns(iface.netns, ['tcpdump', '-d', '-i', iface.ifname, '--', filter]);
  return [file ?? 'tcpdump', ...args];
}

/**
 * Null when tcpdump compiles `filter` on every interface, else what is wrong with it in words a
 * person can act on (tcpdump's own complaint, and where to read the syntax).
 */
export async function checkFilter(
  runner: CommandRunner,
  ifaces: readonly CaptureIface[],
  filter: string,
): Promise<string | null> {
  for (const iface of ifaces) {
    const [file, ...args] = filterCheckArgv(iface, filter);
    const r = await runner.run(file, args, { timeoutMs: 5000 });
    if (!r.failed) continue;
    const said = r.stderr
      .split('\n')
      .map((l) => l.replace(/^tcpdump: /, '').trim())
      .filter((l) => l !== '' && !l.startsWith('listening on'))
      .join('; ');
    return `capture filter ${JSON.stringify(filter)} is refused by tcpdump on ${iface.ifname}: ${said || `exit ${r.exitCode ?? 'killed'}`}; write it in pcap-filter(7) syntax, e.g. "udp port 4789" or "icmp or arp"; nothing was captured`;
  }
  return null;
}
