import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Finished = {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit (all stdio closed), in seconds. */
  readonly seconds: number;
  /**
   * CPU time (user + system) of the process and every descendant it waited for, in seconds, as
   * GNU time reports it (10 ms resolution); absent without /usr/bin/time. Less disturbed than
   * wall time by other work on a shared machine, but blind to work the kernel defers to its threads.
   */
  readonly cpuSeconds?: number;
};

const GNU_TIME = '/usr/bin/time';
let timeFiles = 0;

/** Like `timed`, and also measures the CPU time of the whole process tree through GNU time. */
export async function timedWithCpu(
  argv: readonly string[],
  options: { readonly timeoutMs?: number } = {},
): Promise<Finished> {
  if (!existsSync(GNU_TIME)) return timed(argv, options);
  const out = join(tmpdir(), `netloom-bench-time-${process.pid}-${(timeFiles += 1)}`);
  const r = await timed([GNU_TIME, '-f', '%U %S', '-o', out, '--', ...argv], options);
  const text = await readFile(out, 'utf8').catch(() => '');
  await rm(out, { force: true });
  // GNU time writes "Command exited with non-zero status N" first when the command fails.
  const [user, system] = (text.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (user === undefined || system === undefined || Number.isNaN(user) || Number.isNaN(system)) return r;
  return { ...r, cpuSeconds: user + system };
}

/**
 * Runs one whole process and measures its wall time, spawn to exit. Output is collected, never
 * inherited, so a chatty approach pays no terminal cost the others do not.
 */
export function timed(argv: readonly string[], options: { readonly timeoutMs?: number } = {}): Promise<Finished> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('empty argv');
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      clearTimeout(timer);
      resolve({
        code,
        signal,
        seconds,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs a process that must succeed; returns its stdout. */
export async function run(argv: readonly string[], options: { readonly timeoutMs?: number } = {}): Promise<string> {
  const r = await timed(argv, options);
  if (r.code !== 0)
    throw new Error(`${argv.join(' ')} exited ${r.code ?? r.signal}: ${r.stderr.trim().slice(0, 2000)}`);
  return r.stdout;
}

export function mustSucceed(what: string, r: Finished): Finished {
  if (r.code !== 0) {
    const tail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-10).join('\n');
    throw new Error(`${what} exited ${r.code ?? r.signal}:\n${tail}`);
  }
  return r;
}
