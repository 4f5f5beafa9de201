import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

type Child = ChildProcessWithoutNullStreams;

/**
 * Ends a child: SIGTERM (so tcpdump writes what it holds, iperf3 and ping exit cleanly), then
 * SIGKILL after `graceMs` if it has not exited. Resolves once it has exited. Every supervisor
 * (the scope, captures, traffic) ends its children through this.
 */
export function endChild(child: Child, graceMs = 1000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

/**
 * Owns every long-lived child (nl-relay, ip monitor, ping probes): each is registered at
 * spawn and killed when the scope closes, so SIGTERM to the agent leaves no process behind.
 */
export class ProcessScope {
  private readonly children = new Set<ChildProcessWithoutNullStreams>();
  private closed = false;

  spawn(file: string, args: readonly string[]): ChildProcessWithoutNullStreams {
    if (this.closed) throw new Error('process scope is closed');
    return this.adopt(spawnHelper(file, args));
  }

  /** Takes a child started elsewhere (the launcher's early kernel read: cli/early.ts) into the scope. */
  adopt(child: ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
    if (this.closed) throw new Error('process scope is closed');
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    // A child that cannot start reports through 'error'; without a listener Node would crash.
    child.once('error', () => this.children.delete(child));
    return child;
  }

  /** True once `close` was called: nothing may be started (or restarted) in it any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  get size(): number {
    return this.children.size;
  }

  /** Kills every child still running and waits for them to exit. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.children].map((child) => endChild(child)));
  }
}

/** A helper with its three pipes, in the C locale and with nothing else from our environment. */
export function spawnHelper(file: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(file, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { LC_ALL: 'C', PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
}

/** The scope of this process: closed by the CLI on exit and by `serve` on SIGINT/SIGTERM. */
export const processScope = new ProcessScope();
