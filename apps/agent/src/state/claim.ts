import { randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';

import { formatHolder, holderAlive, ownHolder, parseHolder, type Holder } from './holder';
import { readFileNoFollow } from './safe-files';

/**
 * An exclusive claim on a path (the apply lock, the agent's hold on the state directory): a file
 * naming its holder (pid, start time, boot id), created whole or not at all. A claim whose holder
 * has died (crash, kill -9), even if its pid now belongs to someone else, is taken over.
 */
export type ClaimResult = { readonly ok: true } | { readonly ok: false; readonly holder: Holder | 'starting' };

export async function tryClaim(path: string): Promise<ClaimResult> {
  for (;;) {
    if (await create(path)) return { ok: true };
    const info = await lstat(path).catch(() => undefined);
    const text = await readFileNoFollow(path).catch(() => undefined);
    if (info === undefined || text === undefined) continue; // released meanwhile
    const holder = parseHolder(text);
    // Empty: an older netloom created it empty and filled it after; its creator crashed in between once it is old.
    if (holder === null && Date.now() - info.mtimeMs < 5_000) return { ok: false, holder: 'starting' };
    if (holder !== null && holderAlive(holder)) return { ok: false, holder };
    await removeIfUnchanged(path, text);
  }
}

/** Gives the claim up, if it is still ours. */
export async function releaseClaim(path: string): Promise<void> {
  const text = await readFileNoFollow(path).catch(() => undefined);
  if (text === formatHolder(ownHolder())) await unlink(path).catch(() => undefined);
}

/**
 * The claim taken at once, synchronously, or false: it exists (held, or stale: `tryClaim` is
 * what takes a stale one over) or cannot be made. For the launcher (cli/early.ts), which must
 * hold the apply lock before it reads the kernel, while the event loop is blocked loading the bundle.
 */
export function claimAtOnce(path: string): boolean {
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    const fd = openSync(mine, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, formatHolder(ownHolder()));
    } finally {
      closeSync(fd);
    }
    linkSync(mine, path);
    return true;
  } catch {
    return false;
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // never made
    }
  }
}

/** Whether the claim names this very process (it took it, and has not given it up). */
export function claimIsOurs(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    return readFileSync(fd, 'utf8') === formatHolder(ownHolder());
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** `releaseClaim`, synchronously: for an exit handler. */
export function releaseClaimSync(path: string): void {
  if (!claimIsOurs(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

/**
 * Creates the claim with our record already in it, or returns false if it exists: the record is
 * written to a file of our own which is then linked into place (link never replaces anything),
 * so nobody can read the claim empty and take it for stale.
 */
async function create(path: string): Promise<boolean> {
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const handle = await open(
    mine,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await handle.writeFile(formatHolder(ownHolder()));
  } finally {
    await handle.close();
  }
  try {
    await link(mine, path);
    return true;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

/**
 * Removes a stale claim, unless someone replaced it since we read it: it is moved aside first
 * (only one remover can), and put back if what was moved is not what we judged stale.
 */
async function removeIfUnchanged(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // already gone
  }
  const moved = await readFileNoFollow(aside).catch(() => undefined);
  if (moved !== stale) await link(aside, path).catch(() => undefined); // a live claim: give it back
  await unlink(aside).catch(() => undefined);
}
