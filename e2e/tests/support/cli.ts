import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const CLI = join(resolve(import.meta.dirname, '../../..'), 'apps/agent/dist/netloom.mjs');

/**
 * The netloom CLI, run as a person would beside the designer: the same sandbox, the same kernel
 * and state directory as the agent the page talks to. Returns stdout; throws with stderr.
 */
export async function netloom(...args: string[]): Promise<string> {
  const { stdout } = await exec(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  return stdout;
}
