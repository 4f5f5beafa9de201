import { spawn } from 'node:child_process';
import { openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { AGENT_LOG, AGENT_PID_FILE, stopProcess } from '../../global-setup';

const CLI = join(resolve(import.meta.dirname, '..', '..', '..'), 'apps/agent/dist/netloom.mjs');

/** Stops the agent global-setup started (or the last one started here), as SIGTERM does; the kernel keeps the topology. */
export async function stopAgent(): Promise<void> {
  await stopProcess(Number(readFileSync(AGENT_PID_FILE, 'utf8')));
}

/**
 * Starts `netloom serve` again on the same port, as a person would after stopping it, and
 * resolves once it has printed its URL. It outlives this test (the next tests use it) and
 * global-setup's teardown stops it, by the pid written here.
 */
export async function startAgent(...args: string[]): Promise<string> {
  const origin = process.env['NETLOOM_E2E_ORIGIN'];
  if (origin === undefined) throw new Error('global-setup did not start the agent');
  const port = new URL(origin).port;
  const before = statSync(AGENT_LOG).size;
  const log = openSync(AGENT_LOG, 'a');
  const agent = spawn(process.execPath, [CLI, 'serve', '--port', port, ...args], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  agent.unref();
  writeFileSync(AGENT_PID_FILE, String(agent.pid));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const printed = readFileSync(AGENT_LOG, 'utf8').slice(before);
    const url = /netloom agent: open (\S+)/.exec(printed)?.[1];
    if (url !== undefined) return url;
    if (agent.exitCode !== null || Date.now() > deadline)
      throw new Error(`the agent did not start again; see ${AGENT_LOG}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
