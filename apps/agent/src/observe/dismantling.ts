import { parseMarker } from '@netloom/topology';

import type { NlRelay } from '../exec/nl-relay';
import { readKernel, type KernelReading } from './observe';
import { parseLinkDump } from './rtnetlink';

export type SettleOptions = {
  /** How long to wait for the kernel at most; then the reading is taken as it is. */
  readonly maxWaitMs?: number;
  readonly pollMs?: number;
};

/**
 * The kernel as `readKernel` reads it, once the kernel has finished dismantling what it is
 * removing of `topology` (root ends of veths into namespaces just deleted by a `down`).
 *
 * Why: a plan made while those ends linger deletes them, and the apply a moment later, when the
 * kernel has removed them itself, plans without those steps: another hash, PLAN_STALE (23 of 100
 * down/plan/apply cycles of 02-bridge). Waiting for the kernel makes the plan what it will be.
 * Only the root namespace's links are polled while waiting (the dying ends are all there). A
 * namespace kept alive by a process in it lingers for good: after `maxWaitMs` its ends are
 * planned as leftovers, as before.
 */
export async function readSettledKernel(
  relay: NlRelay,
  topology: string,
  options: SettleOptions = {},
): Promise<KernelReading> {
  const deadline = Date.now() + (options.maxWaitMs ?? 3000);
  const pollMs = options.pollMs ?? 10;
  for (;;) {
    const reading = await readKernel(relay);
    const lingering = dismantlingOf(reading, topology);
    if (lingering.size === 0 || Date.now() >= deadline) return reading;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, pollMs));
      const root = parseLinkDump(await relay.request('L', null));
      if (!root.some((r) => lingering.has(r.ifindex))) break;
    }
  }
}

/** The ifindexes of the root links of `topology` that the kernel is dismantling. */
function dismantlingOf(reading: KernelReading, topology: string): Set<number> {
  const out = new Set<number>();
  for (const key of reading.dying) {
    const record = reading.live.get(key);
    if (record !== undefined && parseMarker(record.alias)?.topology === topology) out.add(record.ifindex);
  }
  return out;
}
