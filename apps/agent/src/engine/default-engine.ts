import { join } from 'node:path';

import { NlRelay } from '../exec/nl-relay';
import { execaRunner } from '../exec/runner';
import { prepareRunDir, RUN_DIR } from '../state/run-dir';
import { AppliedStore } from './applied';
import { createEngine, type Engine } from './engine';
import { Journal } from './journal';
import { ApplyLock } from './lock';

export { RUN_DIR };

/**
 * The engine on its state directory, which must be root's and 0700 (refused otherwise:
 * state/run-dir.ts). `lockClaimed`: this process already holds the apply lock (the launcher took
 * it before reading the kernel early, cli/early.ts); the first apply or down goes on under it.
 */
export function createDefaultEngine(
  runDir = RUN_DIR,
  relay?: NlRelay,
  options: { readonly lockClaimed?: boolean } = {},
): Engine {
  prepareRunDir(runDir);
  return createEngine({
    runner: execaRunner,
    relay: relay ?? new NlRelay(),
    lock: new ApplyLock(join(runDir, 'apply.lock'), options.lockClaimed === true),
    journal: new Journal(join(runDir, 'journal')),
    applied: new AppliedStore(join(runDir, 'applied')),
  });
}
