import { z } from 'zod';

import { batchOutcome, type BatchResult } from './batch';
import { nativeBinary } from './native';
import type { CommandRunner } from './runner';

/** One `ip [-force] -batch -` process: its namespace (null: the root one) and its lines. */
export type BatchJob = {
  readonly netns: string | null;
  readonly lines: readonly string[];
  /** `ip -force`: go on after a failing line (teardown, where lines are independent). */
  readonly force: boolean;
  readonly timeoutMs: number;
  /**
   * Jobs run in groups, in order: a group starts once every job of the one before has ended
   * (the stages of a plan), and none starts after a job without `force` failed. Omitted: 0.
   */
  readonly group?: number;
};

export type FanoutOptions = {
  /** Batches in flight at once (PERFORMANCE.md: 4 is the sweet spot on 2 cores). */
  readonly concurrency?: number;
  /** Start the remaining jobs even after one without `force` failed; otherwise only those already running finish. */
  readonly keepGoing?: boolean;
  readonly signal?: AbortSignal;
  /** Each job's result as soon as it ends, in completion order. */
  readonly onResult?: (job: number, result: BatchResult) => void;
};

/** One line of ip-fanout's output (apps/agent/native/ip-fanout.c). */
const JobReport = z.object({
  job: z.number().int().nonnegative(),
  exit: z.number().int(),
  signal: z.number().int(),
  timedOut: z.boolean(),
  ms: z.number(),
  stderr: z.string(),
});

/**
 * Runs every job in its namespace through the ip-fanout helper, which is started once per call
 * (through the runner, like any command) and forks the `ip -batch -` processes itself: from Node each would
 * cost 10-25 ms of CPU on the agent's one thread (ip-fanout.c says why). Returns each job's
 * result by index; undefined for a job that never started (a failure came first).
 */
export async function runIpBatches(
  runner: CommandRunner,
  jobs: readonly BatchJob[],
  options: FanoutOptions = {},
): Promise<(BatchResult | undefined)[]> {
  const results: (BatchResult | undefined)[] = jobs.map(() => undefined);
  if (jobs.length === 0) return results;
  // Names reach the helper in a space-separated header where `-` means the root namespace;
  // netloom's validated names never break it, so this only guards against a bug upstream.
  const unsafe = jobs.find((j) => j.netns !== null && (!/^[^\s/.-][^\s/]*$/.test(j.netns) || j.netns.length > 255));
  if (unsafe !== undefined) throw new Error(`refusing to run a batch in namespace ${JSON.stringify(unsafe.netns)}`);
  const badTimeout = jobs.find((j) => !Number.isFinite(j.timeoutMs) || j.timeoutMs <= 0);
  if (badTimeout !== undefined)
    throw new Error(`a batch timeout must be a positive number, not ${badTimeout.timeoutMs}`);
  const concurrency = Math.min(64, Math.max(1, Math.floor(options.concurrency ?? 4)));
  const args = ['--jobs', String(concurrency), ...(options.keepGoing === true ? ['--keep-going'] : [])];
  const onStdoutLine = (line: string) => {
    const parsed = JobReport.safeParse(safeJson(line));
    const job = parsed.success ? jobs[parsed.data.job] : undefined;
    if (!parsed.success || job === undefined) return;
    const r = parsed.data;
    const result = batchOutcome(job.lines, job.force, {
      exitCode: r.signal === 0 ? r.exit : undefined,
      stderr: r.stderr,
      timedOut: r.timedOut,
      durationMs: r.ms,
    });
    results[r.job] = result;
    options.onResult?.(r.job, result);
  };
  const run = await runner.run(nativeBinary('ip-fanout'), args, {
    // A barrier line `=` between groups: the helper waits for a group to end before the next.
    input: jobs
      .map((job, i) => `${i > 0 && (job.group ?? 0) !== (jobs[i - 1]?.group ?? 0) ? '=\n' : ''}${encodeJob(job)}`)
      .join(''),
    // The helper enforces each job's own timeout; this only bounds the helper as a whole.
    timeoutMs: 10_000 + jobs.reduce((sum, j) => sum + j.timeoutMs, 0),
    onStdoutLine,
    ...(options.signal !== undefined && { signal: options.signal }),
  });
  const helperFailed = run.exitCode !== 0 && run.exitCode !== 1;
  const unreported = results.findIndex((r) => r === undefined);
  if (helperFailed && unreported >= 0) {
    // The helper itself failed (not built, bad input, killed): charge it to the first batch it did not report.
    const why =
      run.stderr.trim().replace(/^ip-fanout: /, '') ||
      (run.timedOut
        ? 'timed out'
        : run.exitCode === undefined
          ? 'did not run to the end (killed, or not built: run `pnpm build`)'
          : `exited with ${run.exitCode}`);
    const result: BatchResult = {
      completed: 0,
      failures: [],
      exitCode: run.exitCode ?? -1,
      stderr: run.stderr,
      processError: `ip-fanout ${why}`,
      timedOut: run.timedOut,
      durationMs: run.durationMs,
    };
    results[unreported] = result;
    options.onResult?.(unreported, result);
  }
  return results;
}

/** The helper's input: a header line, then exactly that many bytes of batch lines. */
function encodeJob(job: BatchJob): string {
  const body = `${job.lines.join('\n')}\n`;
  return `${job.netns ?? '-'} ${job.force ? 'f' : '-'} ${Math.ceil(job.timeoutMs)} ${Buffer.byteLength(body)}\n${body}`;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
