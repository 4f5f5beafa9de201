import { spawn } from 'node:child_process';
import { createWriteStream, readlinkSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * Starts the real agent (`netloom serve`) on a free port and hands its origin and token to the
 * tests through the environment (workers inherit it). Refuses to run outside the netns sandbox:
 * the tests create and delete namespaces and must never touch the host's.
 */
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'apps/agent/dist/netloom.mjs');
const TOKEN_FILE = '/run/netloom/token';
/**
 * Named after the sandbox's network namespace: runs in other sandboxes at the same time (other
 * worktrees) share /tmp, and one reading another's pid file stopped the other's agent mid-run.
 */
const SANDBOX = readlinkSync('/proc/self/ns/net').replace(/\D/g, '');
export const AGENT_LOG = `/tmp/netloom-e2e-${SANDBOX}-agent.log`;
/** The running agent's pid: a test that restarts the agent (support/agent.ts) writes the new one here. */
export const AGENT_PID_FILE = `/tmp/netloom-e2e-${SANDBOX}-agent.pid`;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  if (!/ \/run\/netns .* netns-sandbox /.test(mounts))
    throw new Error('e2e: run inside scripts/netns-sandbox.sh (pnpm test:e2e), never on the host namespaces');

  const port = await freePort();
  const log = createWriteStream(AGENT_LOG);
  const agent = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  agent.stderr.pipe(log);
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`e2e: the agent printed no URL in 15 s; see ${AGENT_LOG}`)), 15_000);
    agent.once('exit', (code) => fail(new Error(`e2e: the agent exited (${code}); see ${AGENT_LOG}`)));
    agent.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/#token=\S+/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        ok(match[1]);
      }
    });
  });
  const token = (await readFile(TOKEN_FILE, 'utf8')).trim();
  process.env['NETLOOM_E2E_ORIGIN'] = url;
  process.env['NETLOOM_E2E_TOKEN'] = token;
  await writeFile(AGENT_PID_FILE, String(agent.pid));

  return async () => {
    // The agent now running: this one, or the one a restarting test started in its place.
    const pid = Number(await readFile(AGENT_PID_FILE, 'utf8'));
    await stopProcess(pid);
    log.end();
  };
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
export async function stopProcess(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (alive()) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}
