import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * One apply at a time on this host, whoever starts it (a CLI, the agent): an exclusive lock
 * file holding the holder's pid. A lock whose holder is gone (crash, kill -9) is taken over.
 */
export class ApplyLock {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** Runs `work` while holding the lock; waits up to `waitMs` for another holder to finish. */
  async with<T>(work: () => Promise<T>, waitMs = 60_000): Promise<T> {
    // Serialize inside this process first, so two requests of one agent queue rather than race.
    const run = this.chain.then(async () => {
      await this.acquire(waitMs);
      try {
        return await work();
      } finally {
        await unlink(this.path).catch(() => undefined); // already gone: nothing to release
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async acquire(waitMs: number): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const file = await open(this.path, 'wx', 0o600);
        await file.writeFile(`${process.pid}\n`);
        await file.close();
        return;
      } catch (e: unknown) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = Number((await readFile(this.path, 'utf8').catch(() => '')).trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        await unlink(this.path).catch(() => undefined); // a stale lock: its holder is gone
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`another netloom apply (pid ${holder}) holds ${this.path}; wait for it to finish`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
