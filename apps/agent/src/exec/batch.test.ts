import { describe, expect, it } from 'vitest';

import { runIpBatch } from './batch';
import type { CommandRunner } from './runner';

const scripted = (exitCode: number, stderr: string): CommandRunner => ({
  run: async (file, args) => ({
    argv: [file, ...args],
    exitCode,
    stdout: '',
    stderr,
    failed: exitCode !== 0,
    timedOut: false,
    durationMs: 1,
  }),
});

describe('runIpBatch', () => {
  it('maps `Command failed -:N` to the line that failed; the lines before it ran', async () => {
    const r = await runIpBatch(scripted(1, 'RTNETLINK answers: File exists\nCommand failed -:3\n'), 'ns1', [
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(r).toMatchObject({
      completed: 2,
      failures: [{ line: 2, stderr: 'RTNETLINK answers: File exists' }],
      exitCode: 1,
    });
  });

  it('counts every line as done on success', async () => {
    expect(await runIpBatch(scripted(0, ''), null, ['a', 'b'])).toMatchObject({ completed: 2, exitCode: 0 });
  });

  it('assumes nothing ran when the process failed without naming a line', async () => {
    const r = await runIpBatch(
      scripted(255, 'Cannot open network namespace "gone": No such file or directory'),
      'gone',
      ['a', 'b'],
    );
    expect(r).toMatchObject({
      completed: 0,
      failures: [],
      processError: expect.stringContaining('Cannot open network namespace'),
    });
  });

  it('with force, reports every failing line with its own error and counts the rest as done', async () => {
    const stderr = 'Cannot find device "a"\nCommand failed -:1\nCannot find device "c"\nCommand failed -:3\n';
    const r = await runIpBatch(scripted(1, stderr), null, ['a', 'b', 'c', 'd'], { force: true });
    expect(r).toMatchObject({
      completed: 2,
      failures: [
        { line: 0, stderr: 'Cannot find device "a"' },
        { line: 2, stderr: 'Cannot find device "c"' },
      ],
    });
  });

  it('enters the namespace with nsenter (not `ip -n`, which copies the mount table) and feeds the lines to ip', async () => {
    const seen: { file: string; args: readonly string[]; input?: string }[] = [];
    const runner: CommandRunner = {
      run: async (file, args, options) => {
        seen.push({ file, args, ...(options?.input !== undefined && { input: options.input }) });
        return {
          argv: [file, ...args],
          exitCode: 0,
          stdout: '',
          stderr: '',
          failed: false,
          timedOut: false,
          durationMs: 1,
        };
      },
    };
    await runIpBatch(runner, 'red', ['link set dev lo up', 'addr add 10.0.0.1/24 dev eth0']);
    expect(seen).toEqual([
      {
        file: 'nsenter',
        args: ['--net=/run/netns/red', 'ip', '-batch', '-'],
        input: 'link set dev lo up\naddr add 10.0.0.1/24 dev eth0\n',
      },
    ]);
  });
});
