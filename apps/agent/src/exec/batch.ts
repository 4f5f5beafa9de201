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

/** How one `ip [-force] -batch -` process ended. */
export type BatchExit = {
  /** undefined when it was killed before exiting. */
  readonly exitCode: number | undefined;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly durationMs: number;
};

/**
 * What a batch did, line by line. iproute2 prints each failing line's error followed by
 * `Command failed -:N` (1-based): that maps failures back to steps. Without `-force` it stops at
 * the first failure, so every line before it is known to have run; with `-force` it goes on,
 * which suits teardown, where each line is independent.
 */
export function batchOutcome(lines: readonly string[], force: boolean, exit: BatchExit): BatchResult {
  const exitCode = exit.exitCode ?? -1;
  const base = { exitCode, timedOut: exit.timedOut, durationMs: exit.durationMs };
  if (exitCode === 0 && !exit.timedOut) return { ...base, completed: lines.length, failures: [], stderr: exit.stderr };
  const failures: LineFailure[] = [];
  let pending: string[] = [];
  for (const text of exit.stderr.split('\n')) {
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
    const processError = leftover === '' ? (exit.timedOut ? 'timed out' : `ip exited with ${exitCode}`) : leftover;
    return { ...base, completed: 0, failures: [], stderr: leftover, processError };
  }
  const completed = force ? lines.length - failures.length : (failures[0]?.line ?? 0);
  return { ...base, completed, failures, stderr: leftover };
}
