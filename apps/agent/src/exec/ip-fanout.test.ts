import { describe, expect, it } from 'vitest';

import type { BatchResult } from './batch';
import { runIpBatches, type BatchJob } from './ip-fanout';
import type { CommandResult, CommandRunner, RunOptions } from './runner';

/** How the scripted helper "ends": the lines it prints, then its exit. */
type Script = {
  readonly lines?: readonly string[];
  readonly exitCode?: number | undefined;
  readonly stderr?: string;
  readonly timedOut?: boolean;
};

/** A CommandRunner that runs nothing: it records each call and plays the script back through onStdoutLine. */
function scriptedRunner(script: Script = {}) {
  const calls: { file: string; args: readonly string[]; options: RunOptions | undefined }[] = [];
  const runner: CommandRunner = {
    async run(file, args, options): Promise<CommandResult> {
      calls.push({ file, args, options });
      const lines = script.lines ?? [];
      for (const line of lines) options?.onStdoutLine?.(line);
      const exitCode = 'exitCode' in script ? script.exitCode : 0;
      return {
        argv: [file, ...args],
        exitCode,
        stdout: lines.join('\n'),
        stderr: script.stderr ?? '',
        failed: exitCode !== 0,
        timedOut: script.timedOut ?? false,
        durationMs: 1,
      };
    },
  };
  return { runner, calls };
}

const job = (netns: string | null, lines: readonly string[], more: Partial<BatchJob> = {}): BatchJob => ({
  netns,
  lines,
  force: false,
  timeoutMs: 1000,
  ...more,
});

/** One line of the helper's output, as ip-fanout.c prints it. */
const report = (n: number, exit: number, stderr = '', more: { signal?: number; timedOut?: boolean } = {}) =>
  JSON.stringify({ job: n, exit, signal: more.signal ?? 0, timedOut: more.timedOut ?? false, ms: 4.2, stderr });

const THREE = [job('ns-a', ['link set lo up']), job('ns-b', ['a', 'b', 'c']), job(null, ['link set lo up'])];

describe('runIpBatches', () => {
  it('encodes each job as a header line and exactly that many UTF-8 bytes of batch input', async () => {
    const { runner, calls } = scriptedRunner();
    await runIpBatches(runner, [
      job('ns-a', ['link set lo up', 'addr add 10.0.0.1/24 dev lo'], { timeoutMs: 1500 }),
      // "é" and "☕" are 2 and 3 bytes: the header counts bytes (the helper reads bytes), not UTF-16 units.
      job(null, ['link set dev lo alias café☕'], { force: true, timeoutMs: 250 }),
      // A sub-millisecond timeout rounds up: the helper refuses 0.
      job('x-1', [], { timeoutMs: 0.4 }),
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.file).toMatch(/\/ip-fanout$/);
    expect(calls[0]?.options?.input).toBe(
      'ns-a - 1500 43\nlink set lo up\naddr add 10.0.0.1/24 dev lo\n' +
        '- f 250 31\nlink set dev lo alias café☕\n' +
        'x-1 - 1 1\n\n',
    );
    expect(Buffer.byteLength('link set dev lo alias café☕\n')).toBe(31);
  });

  it('passes --jobs (default 4) and --keep-going only when asked, and the abort signal', async () => {
    const argsOf = async (options: Parameters<typeof runIpBatches>[2]) => {
      const { runner, calls } = scriptedRunner();
      await runIpBatches(runner, THREE, options);
      return calls[0]?.args;
    };
    expect(await argsOf(undefined)).toEqual(['--jobs', '4']);
    expect(await argsOf({ concurrency: 2, keepGoing: false })).toEqual(['--jobs', '2']);
    expect(await argsOf({ concurrency: 16, keepGoing: true })).toEqual(['--jobs', '16', '--keep-going']);

    const { runner, calls } = scriptedRunner();
    const signal = new AbortController().signal;
    await runIpBatches(runner, THREE, { signal });
    expect(calls[0]?.options?.signal).toBe(signal);
    // The bound on the helper as a whole must never cut a job short of its own timeout.
    expect(calls[0]?.options?.timeoutMs).toBeGreaterThan(3000);
  });

  it('maps each reported line to its job by index, in completion order; unreported jobs stay undefined', async () => {
    const { runner } = scriptedRunner({
      lines: [report(2, 0), report(1, 1, 'Cannot find device "x"\nCommand failed -:2\n')],
      exitCode: 1,
    });
    const seen: [number, BatchResult][] = [];
    const results = await runIpBatches(runner, THREE, { onResult: (n, r) => seen.push([n, r]) });
    expect(results).toHaveLength(3);
    expect(results[0]).toBeUndefined();
    expect(results[1]).toMatchObject({
      completed: 1,
      failures: [{ line: 1, stderr: 'Cannot find device "x"' }],
      exitCode: 1,
      durationMs: 4.2,
    });
    expect(results[1]?.processError).toBeUndefined();
    expect(results[2]).toMatchObject({ completed: 1, failures: [], exitCode: 0, timedOut: false });
    expect(seen.map(([n]) => n)).toEqual([2, 1]);
    expect(seen[0]?.[1]).toBe(results[2]);
    expect(seen[1]?.[1]).toBe(results[1]);
  });

  it('reads a batch killed by a signal (its timeout) as timed out, with nothing known to have run', async () => {
    const { runner } = scriptedRunner({ lines: [report(0, -1, '', { signal: 9, timedOut: true })], exitCode: 1 });
    const [r] = await runIpBatches(runner, [job('ns-a', ['monitor link'])]);
    expect(r).toMatchObject({ completed: 0, exitCode: -1, timedOut: true, processError: 'timed out' });
  });

  it('ignores a line that is not a report or names a job it was not given', async () => {
    const { runner } = scriptedRunner({
      lines: [
        'not json',
        '',
        '{"job":0',
        JSON.stringify({ job: 0 }), // a report without its fields
        JSON.stringify({ ...JSON.parse(report(0, 0)), job: '0' }),
        report(3, 0), // past the end
        report(-1, 0),
        JSON.stringify({ ...JSON.parse(report(0, 0)), job: 0.5 }),
        report(1, 0),
      ],
      exitCode: 1,
    });
    const seen: number[] = [];
    const results = await runIpBatches(runner, THREE, { onResult: (n) => seen.push(n) });
    expect(seen).toEqual([1]);
    expect(results[0]).toBeUndefined();
    expect(results[1]).toMatchObject({ completed: 3, exitCode: 0 });
    expect(results[2]).toBeUndefined();
  });

  it('charges a helper failure (exit 2: bad input or usage) to the first job it did not report', async () => {
    const stderr = 'ip-fanout: --jobs takes 1..64';
    const { runner } = scriptedRunner({ lines: [report(0, 0)], exitCode: 2, stderr });
    const seen: number[] = [];
    const results = await runIpBatches(runner, THREE, { onResult: (n) => seen.push(n) });
    expect(results[0]).toMatchObject({ completed: 1, exitCode: 0 });
    expect(results[0]?.processError).toBeUndefined();
    expect(results[1]).toMatchObject({ completed: 0, failures: [], exitCode: 2, stderr, timedOut: false });
    expect(results[1]?.processError).toBe('ip-fanout --jobs takes 1..64');
    expect(results[2]).toBeUndefined();
    expect(seen).toEqual([0, 1]);
  });

  it('charges a helper that never ran to the end (not built, killed) to the first job, saying so', async () => {
    const { runner } = scriptedRunner({ exitCode: undefined });
    const results = await runIpBatches(runner, THREE);
    expect(results[0]).toMatchObject({ completed: 0, exitCode: -1, processError: expect.stringMatching(/not built/) });
    expect(results.slice(1)).toEqual([undefined, undefined]);

    const timedOut = await runIpBatches(scriptedRunner({ exitCode: undefined, timedOut: true }).runner, THREE);
    expect(timedOut[0]).toMatchObject({ timedOut: true, processError: expect.stringMatching(/timed out/) });
  });

  it('charges nothing more when the helper failed after reporting every job', async () => {
    const { runner } = scriptedRunner({ lines: [report(0, 0), report(1, 0), report(2, 0)], exitCode: undefined });
    const results = await runIpBatches(runner, THREE);
    expect(results.map((r) => r?.processError)).toEqual([undefined, undefined, undefined]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a batch timeout of %s before running anything',
    async (t) => {
      const { runner, calls } = scriptedRunner();
      await expect(runIpBatches(runner, [job('fine', ['link set lo up'], { timeoutMs: t })])).rejects.toThrow(
        /timeout must be a positive number/,
      );
      expect(calls).toEqual([]);
    },
  );

  it.each(['a b', 'a\tb', 'tail\n', 'a/b', '../x', '.hidden', '.', '', '-', '-n', 'x'.repeat(256)])(
    'refuses namespace %j before running anything: it would break the header, mean the root namespace or leave /run/netns',
    async (netns) => {
      const { runner, calls } = scriptedRunner();
      await expect(
        runIpBatches(runner, [job('fine', ['link set lo up']), job(netns, ['link set lo up'])]),
      ).rejects.toThrow(/refusing to run a batch in namespace/);
      expect(calls).toEqual([]);
    },
  );

  it('runs nothing for an empty job list', async () => {
    const { runner, calls } = scriptedRunner();
    expect(await runIpBatches(runner, [])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
