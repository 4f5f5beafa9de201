import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
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
      if (await this.create()) return;
      const holder = await this.holder();
      if (holder === 'released') continue;
      if (holder === 'stale') {
        await unlink(this.path).catch(() => undefined); // its holder is gone
        continue;
      }
      if (Date.now() > deadline) {
        const who = holder === 'starting' ? 'another netloom apply' : `another netloom apply (pid ${holder})`;
        throw new Error(`${who} holds ${this.path}; wait for it to finish`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Creates the lock file with our pid already in it, or returns false if it exists. The pid is
   * written to a file of our own which is then linked into place: a lock file created empty and
   * filled after would let a waiter read it empty in between, take it for stale and remove it,
   * and two applies would run at once.
   */
  private async create(): Promise<boolean> {
    const mine = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(mine, `${process.pid}\n`, { mode: 0o600 });
    try {
      await link(mine, this.path);
      return true;
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      await unlink(mine).catch(() => undefined);
    }
  }

  /**
   * Who holds the lock: a live pid; 'stale' when its holder is gone; 'released' when the file
   * went meanwhile. A file without a pid (an older netloom created it empty and filled it after)
   * is 'starting' until it is a few seconds old, then stale: its creator crashed in between.
   */
  private async holder(): Promise<number | 'stale' | 'released' | 'starting'> {
    const info = await stat(this.path).catch(() => undefined);
    const text = await readFile(this.path, 'utf8').catch(() => undefined);
    if (info === undefined || text === undefined) return 'released';
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0) return isAlive(pid) ? pid : 'stale';
    return Date.now() - info.mtimeMs > 5_000 ? 'stale' : 'starting';
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
