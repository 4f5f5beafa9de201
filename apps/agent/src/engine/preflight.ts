import {
  findHostConflicts,
  ROOT_PLACE,
  udpPlacesToRead,
  type Document,
  type Issue,
  type KernelState,
  type Observed,
  type Snapshot,
  type Step,
} from '@netloom/topology';

import type { CommandRunner } from '../exec/runner';
import { readUdpSockets } from '../observe/udp-sockets';

/**
 * What the kernel would refuse halfway through this plan because of what the host already has
 * (`findHostConflicts`), before the first command. Reads the UDP sockets of the namespaces where
 * the plan brings a VXLAN up; everything else comes from the reading the plan was made from.
 */
export async function preflight(
  runner: CommandRunner,
  doc: Pick<Document, 'nodes'>,
  desired: KernelState,
  steps: readonly Step[],
  snapshot: Snapshot,
  observed: Observed,
): Promise<Issue[]> {
  const places = udpPlacesToRead(steps, desired);
  const udp = new Map(
    await Promise.all(places.map(async (p) => [p ?? ROOT_PLACE, await readUdpSockets(runner, p)] as const)),
  );
  return findHostConflicts(doc, desired, steps, snapshot, observed, udp);
}
