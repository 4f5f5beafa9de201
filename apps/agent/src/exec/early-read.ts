import type { ChildProcessWithoutNullStreams } from 'node:child_process';

import { spawnHelper } from './process-scope';

/**
 * An nl-relay started before the bundle was loaded (cli/early.ts), its whole-kernel read (`J`)
 * already asked; an NlRelay takes it over.
 */
export type EarlyRead = {
  readonly child: ChildProcessWithoutNullStreams;
  /** Node has said the child started ('spawn'). */
  readonly spawned: () => boolean;
  /** The child ended or could not start: nothing to take over. */
  readonly ended: () => boolean;
  /** Stops collecting what the helper writes, and gives what came so far (the taker listens from now on). */
  readonly detach: () => Buffer[];
};

/** Starts `binary` (nl-relay) and asks it for the whole kernel at once, keeping what it answers until taken over. */
export function startEarlyRead(binary: string): EarlyRead {
  const child = spawnHelper(binary, []);
  const chunks: Buffer[] = [];
  let spawned = false;
  let ended = false;
  const collect = (chunk: Buffer) => chunks.push(chunk);
  child.once('spawn', () => (spawned = true));
  child.once('error', () => (ended = true));
  child.once('close', () => (ended = true));
  child.stdin.on('error', () => undefined);
  child.stdout.on('data', collect);
  child.stdin.write('J\n');
  return {
    child,
    spawned: () => spawned,
    ended: () => ended,
    detach: () => {
      child.stdout.off('data', collect);
      return chunks.splice(0);
    },
  };
}
