import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type * as Esbuild from 'esbuild';

/** The agent as the benchmarks run it (a real `netloom serve` in its own process), and what it costs. */

const ROOT = resolve(import.meta.dirname, '../..');
const AGENT = join(ROOT, 'apps/agent');
// esbuild is the agent's dependency, not the workspace root's: load it from there.
const { build } = createRequire(join(AGENT, 'package.json'))('esbuild') as typeof Esbuild;
/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
export const CLK_TCK = 100;

/** CPU ticks (user + system) and resident memory of a process and all its descendants. */
export async function treeCpuTicks(
  root: number,
): Promise<{ ticks: number; rssKB: number; processes: number; byProcess: Map<string, number> }> {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(entry), Number(fields[1]));
    names.set(Number(entry), `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}:${entry}`);
    ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  let rssKB = 0;
  for (const pid of tree) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    rssKB += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  const byProcess = new Map(tree.map((pid) => [names.get(pid) ?? String(pid), ticks.get(pid) ?? 0]));
  return { ticks: tree.reduce((t, pid) => t + (ticks.get(pid) ?? 0), 0), rssKB, processes: tree.length, byProcess };
}

/** The agent as `netloom serve` runs it: one ESM bundle under plain node, no TypeScript loader. */
export async function bundleAgent(dir: string): Promise<string> {
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `import { runServe } from ${JSON.stringify(join(AGENT, 'src/server/serve.ts'))};\nprocess.exit(await runServe({ port: 0, runDir: process.argv[2] }));\n`,
  );
  const outfile = join(dir, 'agent.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    nodePaths: [join(AGENT, 'node_modules')],
    banner: {
      js: "import { createRequire as __nlCreateRequire } from 'node:module'; const require = __nlCreateRequire(import.meta.url);",
    },
  });
  // The helpers are found next to the bundle, as in dist/.
  for (const helper of ['nl-relay', 'ip-fanout']) await copyFile(join(AGENT, 'dist', helper), join(dir, helper));
  return outfile;
}

export type BenchAgent = { readonly child: ChildProcess; readonly port: number; readonly token: string };

/**
 * Runs `body` against a fresh agent (`netloom serve`, bundled into a temporary directory named after
 * the benchmark), then stops the agent and removes the directory, whatever `body` did.
 */
export async function withAgent<T>(name: string, body: (agent: BenchAgent) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `netloom-bench-${name}-`));
  try {
    const agent = await startAgent(await bundleAgent(dir), join(dir, 'run'));
    try {
      return await body(agent);
    } finally {
      if (agent.child.exitCode === null && agent.child.signalCode === null) {
        const exited = new Promise((r) => agent.child.once('exit', r));
        agent.child.kill('SIGTERM');
        await exited;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function startAgent(bundle: string, runDir: string): Promise<BenchAgent> {
  const child = spawn(
    process.execPath,
    [...(process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []), bundle, runDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<URL>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /open (http:\S+)/.exec(line);
      if (m?.[1] !== undefined) ok(new URL(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`agent exited ${code}`)));
  });
  return { child, port: Number(url.port), token: url.hash.replace('#token=', '') };
}
