import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { claimIsOurs, releaseClaim, tryClaim } from '../state/claim';

/**
 * One apply at a time on this host, whoever starts it (a CLI, the agent): an exclusive lock
 * file naming its holder (state/claim.ts). A lock whose holder is gone (crash, kill -9) is taken
 * over at once, even when its pid has since been reused by an unrelated process.
 */
export class ApplyLock {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly path: string;
  /** The claim this process took before the lock existed (cli/early.ts), for the first `with` to go on under. */
  private claimed: boolean;

  constructor(path: string, claimed = false) {
    this.path = path;
    this.claimed = claimed;
  }

  /** Runs `work` while holding the lock; waits up to `waitMs` for another holder to finish. */
  async with<T>(work: () => Promise<T>, waitMs = 60_000): Promise<T> {
    // Serialize inside this process first, so two requests of one agent queue rather than race.
    const run = this.chain.then(async () => {
      await this.acquire(waitMs);
      try {
        return await work();
      } finally {
        await releaseClaim(this.path);
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async acquire(waitMs: number): Promise<void> {
    if (this.claimed) {
      this.claimed = false;
      if (claimIsOurs(this.path)) return;
    }
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const deadline = Date.now() + waitMs;
    for (;;) {
      const claim = await tryClaim(this.path);
      if (claim.ok) return;
      if (Date.now() > deadline) {
        const who =
          claim.holder === 'starting' ? 'another netloom apply' : `another netloom apply (pid ${claim.holder.pid})`;
        throw new Error(`${who} holds ${this.path}; wait for it to finish`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
