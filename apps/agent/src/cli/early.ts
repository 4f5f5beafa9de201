import { join } from 'node:path';

import { startEarlyRead, type EarlyRead } from '../exec/early-read';
import { claimAtOnce, releaseClaimSync } from '../state/claim';
import { prepareRunDir, RUN_DIR } from '../state/run-dir';

/**
 * The kernel read the launcher starts before it loads the bundle (launch.ts).
 *
 * Why: loading the bundle (compiling, or reading V8's code cache, then running every module's
 * top level) and reading the kernel through nl-relay take each ~50-70 ms of a converged re-apply
 * or a `down` at N=500, one after the other; started first, the helper reads the whole kernel on
 * the other core meanwhile. It is the read the command would make first anyway (`J`, the
 * same request, to the same helper, which the bundle's NlRelay then takes over and goes on
 * using), taken in this run: nothing is kept across runs.
 *
 * `apply` and `down` read the kernel only while holding the apply lock (another apply may be
 * changing it), so for them the launcher takes the lock first, at once or not at all: when it
 * is held (or stale, or the state directory is not right), nothing starts early and the bundle
 * takes the lock and reads as always. A lock taken here is released at exit if the bundle did
 * not go on under it (an invalid document, a usage error).
 */
export type Early = {
  readonly read?: EarlyRead;
  /** The apply lock at RUN_DIR, taken by this process. */
  readonly lockClaimed: boolean;
};

const READS_ONLY: ReadonlySet<string> = new Set(['plan', 'status']);
const CHANGES: ReadonlySet<string> = new Set(['apply', 'down']);

const KEY = 'netloomEarly';

/** In the launcher: starts the early read for `command` where it may, and leaves it for `takeEarly`. */
export function startEarly(command: string | undefined, relayBinary: string): void {
  if (command === undefined || (!READS_ONLY.has(command) && !CHANGES.has(command))) return;
  let lockClaimed = false;
  if (CHANGES.has(command)) {
    const lock = join(RUN_DIR, 'apply.lock');
    try {
      prepareRunDir(RUN_DIR);
    } catch {
      return; // the bundle says what is wrong with it
    }
    if (!claimAtOnce(lock)) return;
    lockClaimed = true;
    process.once('exit', () => releaseClaimSync(lock));
  }
  let read: EarlyRead | undefined;
  try {
    read = startEarlyRead(relayBinary);
  } catch {
    read = undefined;
  }
  (globalThis as Record<string, unknown>)[KEY] = { ...(read !== undefined && { read }), lockClaimed } satisfies Early;
}

/** In the bundle: what the launcher started, once; nothing when run otherwise (tests, from source). */
export function takeEarly(): Early {
  const g = globalThis as Record<string, unknown>;
  const early = g[KEY] as Early | undefined;
  delete g[KEY];
  return early ?? { lockClaimed: false };
}
