import { describe, expect, it } from 'vitest';

import { batchOutcome, type BatchExit } from './batch';

const exit = (exitCode: number | undefined, stderr: string, timedOut = false): BatchExit => ({
  exitCode,
  stderr,
  timedOut,
  durationMs: 1,
});

describe('batchOutcome', () => {
  it('maps `Command failed -:N` to the line that failed; the lines before it ran', () => {
    const r = batchOutcome(
      ['a', 'b', 'c', 'd'],
      false,
      exit(1, 'RTNETLINK answers: File exists\nCommand failed -:3\n'),
    );
    expect(r).toMatchObject({
      completed: 2,
      failures: [{ line: 2, stderr: 'RTNETLINK answers: File exists' }],
      exitCode: 1,
    });
  });

  it('counts every line as done on success', () => {
    expect(batchOutcome(['a', 'b'], false, exit(0, ''))).toMatchObject({ completed: 2, exitCode: 0 });
  });

  it('assumes nothing ran when the process failed without naming a line', () => {
    const r = batchOutcome(
      ['a', 'b'],
      false,
      exit(255, 'Cannot open network namespace "gone": No such file or directory'),
    );
    expect(r).toMatchObject({
      completed: 0,
      failures: [],
      processError: expect.stringContaining('Cannot open network namespace'),
    });
  });

  it('says a killed batch timed out, and counts none of its lines', () => {
    expect(batchOutcome(['a'], false, exit(undefined, '', true))).toMatchObject({
      completed: 0,
      exitCode: -1,
      processError: 'timed out',
      timedOut: true,
    });
  });

  it('with force, reports every failing line with its own error and counts the rest as done', () => {
    const stderr = 'Cannot find device "a"\nCommand failed -:1\nCannot find device "c"\nCommand failed -:3\n';
    expect(batchOutcome(['a', 'b', 'c', 'd'], true, exit(1, stderr))).toMatchObject({
      completed: 2,
      failures: [
        { line: 0, stderr: 'Cannot find device "a"' },
        { line: 2, stderr: 'Cannot find device "c"' },
      ],
    });
  });

  it('clamps a line number past the end to the last line', () => {
    expect(batchOutcome(['a'], false, exit(1, 'x\nCommand failed -:7\n')).failures).toEqual([{ line: 0, stderr: 'x' }]);
  });
});
