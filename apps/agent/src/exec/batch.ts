import type { CommandRunner } from './runner';

export type LineFailure = { readonly line: number; readonly stderr: string };

export type BatchResult = {
  /** Lines that ran to completion (without `force`: a prefix of the input). */
  readonly completed: number;
  /** The failing lines (0-based). Without `force`, at most one: the batch stopped there. */
  readonly failures: readonly LineFailure[];
  readonly exitCode: number;
  /** What the process printed that belongs to no line. */
  readonly stderr: string;
  /** Set when the process failed as a whole (could not enter the namespace, was killed): no line is known to have run. */
  readonly processError?: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
};

/**
 * The process behind a batch. Inside a namespace it is `nsenter --net=… ip -batch -`, not
 * `ip -n NS -batch -`: `ip -n` also unshares the mount namespace to remount /sys, which copies
 * the mount table, one mount per namespace present, on every call (PERFORMANCE.md). The lines
 * are the same; `ip -n NS <line>` remains what a person would type.
 */
export function batchArgv(netns: string | null, force = false): string[] {
  const ip = ['ip', ...(force ? ['-force'] : []), '-batch', '-'];
  return netns === null ? ip : ['nsenter', `--net=${NETNS_DIR}/${netns}`, ...ip];
}

/** Where `ip netns add` puts its namespaces. */
export const NETNS_DIR = '/run/netns';

/**
 * Runs `ip [-force] -batch -` in the root namespace or a named one with one command per line. iproute2 prints each failing
 * line's error followed by `Command failed -:N` (1-based): that maps failures back to steps.
 * Without `-force` it stops at the first failure, so every line before it is known to have run;
 * with `-force` it goes on, which suits teardown, where each line is independent.
 */
export async function runIpBatch(
  runner: CommandRunner,
  netns: string | null,
  lines: readonly string[],
  options: { signal?: AbortSignal; timeoutMs?: number; force?: boolean } = {},
): Promise<BatchResult> {
  const { force = false, ...runOptions } = options;
  const [file, ...args] = batchArgv(netns, force);
  const r = await runner.run(file ?? 'ip', args, { ...runOptions, input: `${lines.join('\n')}\n` });
  const exitCode = r.exitCode ?? -1;
  const base = { exitCode, timedOut: r.timedOut, durationMs: r.durationMs };
  if (exitCode === 0 && !r.failed) return { ...base, completed: lines.length, failures: [], stderr: r.stderr };
  const failures: LineFailure[] = [];
  let pending: string[] = [];
  for (const text of r.stderr.split('\n')) {
    const m = /^Command failed -:(\d+)\s*$/.exec(text);
    if (m?.[1] === undefined) {
      if (text.trim() !== '') pending.push(text);
      continue;
    }
    failures.push({ line: Math.min(Number(m[1]) - 1, lines.length - 1), stderr: pending.join('\n') });
    pending = [];
  }
  const leftover = pending.join('\n');
  if (failures.length === 0) {
    // No line named: the process itself failed (namespace gone, killed): nothing is known to have run.
    const processError = leftover === '' ? (r.timedOut ? 'timed out' : `ip exited with ${exitCode}`) : leftover;
    return { ...base, completed: 0, failures: [], stderr: leftover, processError };
  }
  const completed = force ? lines.length - failures.length : (failures[0]?.line ?? 0);
  return { ...base, completed, failures, stderr: leftover };
}
