import { join } from 'node:path';

import { releaseClaim, tryClaim } from './claim';
import { RunDirError } from './run-dir';

/**
 * One agent per state directory: a second one would overwrite the first one's token and judge
 * its applies. The claim names the agent (pid, start time, boot id), so an agent killed with -9
 * does not keep later ones out. Returns what gives the claim up.
 */
export async function claimAgent(runDir: string): Promise<() => Promise<void>> {
  const path = join(runDir, 'agent.pid');
  const claim = await tryClaim(path);
  if (!claim.ok) {
    const pid = claim.holder === 'starting' ? null : claim.holder.pid;
    throw new RunDirError(
      pid === null
        ? `another netloom agent is starting and holds ${runDir}; wait for it, or stop it`
        : `another netloom agent (pid ${pid}) is running and holds ${runDir}; use that one, or stop it first (kill ${pid})`,
    );
  }
  return () => releaseClaim(path);
}
