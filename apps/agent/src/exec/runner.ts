export type CommandResult = {
  readonly argv: readonly string[];
  /** undefined when the process was killed (timeout, abort) before exiting. */
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly failed: boolean;
  readonly timedOut: boolean;
  readonly durationMs: number;
};

export type RunOptions = {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Written to stdin, which is then closed (for `ip -batch -`). */
  readonly input?: string;
  /** Called with each line of stdout as it arrives (progress), besides collecting it. */
  readonly onStdoutLine?: (line: string) => void;
};

/** The agent's only door to processes. Everything else receives a CommandRunner. */
export interface CommandRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export const execaRunner: CommandRunner = {
  async run(file, args, { signal, timeoutMs = DEFAULT_TIMEOUT_MS, input, onStdoutLine } = {}) {
    const started = performance.now();
    // Loaded on first use: a converged apply, a plan or a status runs no command through it, and
    // execa with its dependencies is a tenth of the CLI's start-up.
    const { execa } = await import('execa');
    const r = await execa(file, args, {
      reject: false, // failures are data here; the executor decides what they mean
      timeout: timeoutMs,
      shell: false,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
      env: { LC_ALL: 'C', PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
      extendEnv: false,
      stripFinalNewline: true,
      ...(signal !== undefined && { cancelSignal: signal }),
      ...(onStdoutLine !== undefined && {
        stdout: function* (line: unknown) {
          if (typeof line === 'string') onStdoutLine(line);
          yield line;
        },
      }),
    });
    return {
      argv: [file, ...args],
      exitCode: r.exitCode,
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
      failed: r.failed,
      timedOut: r.timedOut,
      durationMs: performance.now() - started,
    };
  },
};
