import { join } from 'node:path';

import { NlRelay } from '../exec/nl-relay';
import { execaRunner } from '../exec/runner';
import { createEngine, type Engine } from './engine';
import { Journal } from './journal';
import { ApplyLock } from './lock';

/** Where the agent keeps its token, lock and journal: tmpfs, gone at reboot like the namespaces. */
export const RUN_DIR = '/run/netloom';

export function createDefaultEngine(runDir = RUN_DIR, relay: NlRelay = new NlRelay()): Engine {
  return createEngine({
    runner: execaRunner,
    relay,
    lock: new ApplyLock(join(runDir, 'apply.lock')),
    journal: new Journal(join(runDir, 'journal')),
  });
}
