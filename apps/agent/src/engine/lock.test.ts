import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { claimAtOnce, releaseClaimSync } from '../state/claim';
import { formatHolder, ownHolder, startTimeOf } from '../state/holder';
import { ApplyLock } from './lock';

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'netloom-lock-')), 'apply.lock');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ApplyLock', () => {
  it('never lets two holders of the same file overlap, each waiting its turn', async () => {
    // Separate instances, as a CLI and the agent are: only the file serializes them.
    const path = lockPath();
    const locks = Array.from({ length: 6 }, () => new ApplyLock(path));
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      locks.flatMap((lock, i) =>
        Array.from({ length: 5 }, () =>
          lock.with(async () => {
            inside += 1;
            most = Math.max(most, inside);
            order.push(i);
            await sleep(1);
            inside -= 1;
          }),
        ),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(30);
    expect(readdirSync(join(path, '..'))).toEqual([]); // no lock and no stray pid files left
  });

  it('goes on under the claim the launcher took for this process (cli/early.ts), once, and gives it up after', async () => {
    const path = lockPath();
    expect(claimAtOnce(path)).toBe(true);
    expect(claimAtOnce(path)).toBe(false); // held: not taken twice
    // Without being told, the lock waits for its holder, even this very process.
    await expect(new ApplyLock(path).with(async () => 'ran', 100)).rejects.toThrow(/another netloom apply/);
    const lock = new ApplyLock(path, true);
    expect(await lock.with(async () => readFileSync(path, 'utf8'), 100)).toBe(formatHolder(ownHolder()));
    expect(readdirSync(join(path, '..'))).toEqual([]);
    // Only the first apply: the next one takes the lock as any other would.
    expect(claimAtOnce(path)).toBe(true);
    await expect(lock.with(async () => 'ran', 100)).rejects.toThrow(/another netloom apply/);
    releaseClaimSync(path);
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it("goes on under no claim that is not this process's own, whatever it was told", async () => {
    const path = lockPath();
    writeFileSync(path, formatHolder({ ...ownHolder(), pid: process.ppid, start: startTimeOf(process.ppid) ?? '' }));
    await expect(new ApplyLock(path, true).with(async () => 'ran', 100)).rejects.toThrow(/another netloom apply/);
    releaseClaimSync(path); // not ours: left alone
    expect(readdirSync(join(path, '..'))).toEqual(['apply.lock']);
  });

  it('takes over a lock whose holder is gone', async () => {
    const path = lockPath();
    writeFileSync(path, '2147483646\n'); // no such process
    expect(await new ApplyLock(path).with(async () => 'ran', 1_000)).toBe('ran');
  });

  it('waits on a lock being filled in (no pid yet) and takes it over only once it is old', async () => {
    const path = lockPath();
    writeFileSync(path, '');
    await expect(new ApplyLock(path).with(async () => 'ran', 200)).rejects.toThrow(/another netloom apply holds/);
    const old = Date.now() / 1000 - 60;
    utimesSync(path, old, old);
    expect(await new ApplyLock(path).with(async () => 'ran', 1_000)).toBe('ran');
  });

  it('catalogue: an apply.lock naming a live unrelated pid (pid reuse after a crash) does not block', async () => {
    // The crashed holder's pid now belongs to another process (here: this one), started at another time.
    const path = lockPath();
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    writeFileSync(path, `${process.pid} 1 ${boot}\n`);
    expect(await new ApplyLock(path).with(async () => 'ran', 100)).toBe('ran');
    // So does a holder from another boot.
    writeFileSync(path, `${process.pid} ${startTimeOf(process.pid) ?? ''} another-boot\n`);
    expect(await new ApplyLock(path).with(async () => 'ran', 100)).toBe('ran');
  });

  it('waits for a holder that is alive, told by its pid, start time and boot', async () => {
    const path = lockPath();
    writeFileSync(path, formatHolder(ownHolder()));
    await expect(new ApplyLock(path).with(async () => 'ran', 100)).rejects.toThrow(`(pid ${process.pid})`);
  });

  it('says who holds it when waiting runs out', async () => {
    const path = lockPath();
    writeFileSync(path, `${process.pid}\n`);
    await expect(new ApplyLock(path).with(async () => 'ran', 100)).rejects.toThrow(`(pid ${process.pid})`);
  });
});
