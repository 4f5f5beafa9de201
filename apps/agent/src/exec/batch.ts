import type { CommandRunner } from './runner';

export type BatchResult = {
  /** Lines that ran to completion (a prefix of the input). */
  readonly completed: number;
  /** Index of the line that failed, if one did. */
  readonly failedLine?: number;
  readonly exitCode: number;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
};

/**
 * Runs `ip [-n NS] -batch -` with one command per line. Without `-force`, iproute2 stops at the
 * first failing line and prints `Command failed -:N` (1-based): that maps the failure back to
 * its step, and every line before it is known to have run.
 */
export async function runIpBatch(
  runner: CommandRunner,
  netns: string | null,
  lines: readonly string[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<BatchResult> {
  const args = [...(netns === null ? [] : ['-n', netns]), '-batch', '-'];
  const r = await runner.run('ip', args, { ...options, input: `${lines.join('\n')}\n` });
  const exitCode = r.exitCode ?? -1;
  if (exitCode === 0 && !r.failed) return { completed: lines.length, exitCode, stderr: r.stderr, timedOut: false, durationMs: r.durationMs };
  const m = /Command failed -:(\d+)/.exec(r.stderr);
  // No line number: the process itself failed (namespace gone, timeout); assume nothing is known to have run.
  const failedLine = m?.[1] === undefined ? 0 : Math.min(Number(m[1]) - 1, lines.length - 1);
  const stderr = r.stderr.replace(/\n?Command failed -:\d+\s*$/, '').trim();
  return { completed: failedLine, failedLine, exitCode, stderr, timedOut: r.timedOut, durationMs: r.durationMs };
}
