import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
export const AGENT_LOG = '/tmp/netloom-e2e-agent.log';

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

  return async () => {
    if (agent.exitCode !== null) return;
    const exited = new Promise((done) => agent.once('exit', done));
    agent.kill('SIGTERM');
    const timer = setTimeout(() => agent.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    log.end();
  };
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
