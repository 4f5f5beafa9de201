import type { ReachabilityPair } from '@netloom/protocol';
import { deriveDesired, ifacesOf, type Document } from '@netloom/topology';

import { ipNetnsExec } from '../exec/netns';
import type { CommandRunner } from '../exec/runner';
import { parseSinglePing } from './ping-parse';

export type PingPair = { readonly from: string | null; readonly to: string; readonly toInterface: string };

/** At most this many pairs per request: the matrix grows as N², and ARP with it (PERFORMANCE.md). */
export const MAX_PAIRS = 4096;
export const CONCURRENCY = 8;

/**
 * Every namespace of the document (and the root namespace, when the document puts addresses
 * there) against every address the document assigns in another namespace. Pure.
 */
export function reachabilityPairs(doc: Document): PingPair[] {
  const targets: { netns: string | null; address: string; where: string }[] = [];
  const sources = new Set<string | null>();
  for (const obj of deriveDesired(doc).values()) {
    if (obj.kind === 'netns') sources.add(obj.name);
    for (const { iface } of ifacesOf(obj)) {
      for (const cidr of iface.addresses) {
        const address = cidr.split('/')[0] ?? cidr;
        targets.push({ netns: iface.netns, address, where: `${iface.netns ?? '(root)'}/${iface.ifname}` });
        if (iface.netns === null) sources.add(null);
      }
    }
  }
  return [...sources].flatMap((from) =>
    targets.filter((t) => t.netns !== from).map((t) => ({ from, to: t.address, toInterface: t.where })),
  );
}

export function pingOnceArgv(pair: PingPair): readonly string[] {
  const ping = ['ping', '-n', '-c', '1', '-W', '1', '--', pair.to] as const;
  return ipNetnsExec(pair.from, ping);
}

/** One ping per pair, at most CONCURRENCY at a time. */
export async function measureReachability(
  pairs: readonly PingPair[],
  runner: CommandRunner,
  concurrency = CONCURRENCY,
): Promise<ReachabilityPair[]> {
  const results: ReachabilityPair[] = new Array<ReachabilityPair>(pairs.length);
  let next = 0;
  const worker = async () => {
    while (next < pairs.length) {
      const index = next++;
      const pair = pairs[index];
      if (pair === undefined) continue;
      const [file, ...args] = pingOnceArgv(pair);
      const r = await runner.run(file ?? 'ping', args, { timeoutMs: 3000 });
      const rtt = r.exitCode === 0 ? parseSinglePing(r.stdout) : null;
      results[index] = { ...pair, reachable: rtt !== null, ...(rtt !== null && { rttMs: rtt }) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pairs.length) }, worker));
  return results;
}
