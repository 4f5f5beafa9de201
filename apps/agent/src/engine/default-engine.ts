import { join } from 'node:path';

import { NlRelay } from '../exec/nl-relay';
import { execaRunner } from '../exec/runner';
import { prepareRunDir } from '../state/run-dir';
import { AppliedStore } from './applied';
import { createEngine, type Engine } from './engine';
import { Journal } from './journal';
import { ApplyLock } from './lock';

/** Where the agent keeps its token, lock and journal: tmpfs, gone at reboot like the namespaces. */
export const RUN_DIR = '/run/netloom';

/** The engine on its state directory, which must be root's and 0700 (refused otherwise: state/run-dir.ts). */
export function createDefaultEngine(runDir = RUN_DIR, relay?: NlRelay): Engine {
  prepareRunDir(runDir);
  return createEngine({
    runner: execaRunner,
    relay: relay ?? new NlRelay(),
    lock: new ApplyLock(join(runDir, 'apply.lock')),
    journal: new Journal(join(runDir, 'journal')),
    applied: new AppliedStore(join(runDir, 'applied')),
  });
}
