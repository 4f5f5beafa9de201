import { createInterface } from 'node:readline';

import { ipNetnsExec } from '../exec/netns';
import type { ProcessScope } from '../exec/process-scope';
import { parsePingLine, type PingLine } from './ping-parse';

export type ProbeSpec = {
  /** Source namespace; null is the root namespace. */
  readonly fromNetns: string | null;
  /** A validated IP address (the protocol refuses anything else, so it cannot be an option). */
  readonly to: string;
  readonly intervalMs: number;
};

export type ProbeHandlers = {
  readonly onResult: (result: PingLine) => void;
  readonly onEnd: (reason: string) => void;
};

/** `ip netns exec NS ping -n -O -i SECONDS ADDR`; -O reports every missing reply as it happens. */
export function probeArgv(spec: ProbeSpec): readonly [string, ...string[]] {
  const ping = ['ping', '-n', '-O', '-i', String(spec.intervalMs / 1000), '--', spec.to] as const;
  return ipNetnsExec(spec.fromNetns, ping);
}

/**
 * Long-lived ping children, one per probe, every one registered in the ProcessScope so that
 * stopping a probe, closing its connection or stopping the agent leaves no process behind.
 */
export class Probes {
  private readonly scope: ProcessScope;
  private readonly running = new Map<string, { stop(): void }>();
  private next = 1;

  constructor(scope: ProcessScope) {
    this.scope = scope;
  }

  get size(): number {
    return this.running.size;
  }

  start(spec: ProbeSpec, handlers: ProbeHandlers): string {
    const probeId = `p${this.next++}`;
    const [file, ...args] = probeArgv(spec);
    const child = this.scope.spawn(file, args);
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      this.running.delete(probeId);
      handlers.onEnd(reason);
    };
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = parsePingLine(line);
      if (parsed !== null) handlers.onResult(parsed);
    });
    child.once('error', (e) => end(`ping could not start: ${e.message}`));
    child.once('exit', (code, signal) =>
      end(
        signal === 'SIGTERM'
          ? 'stopped'
          : `ping exited (${code ?? signal})${stderr === '' ? '' : `: ${stderr.trim()}`}`,
      ),
    );
    this.running.set(probeId, { stop: () => child.kill('SIGTERM') });
    return probeId;
  }

  stop(probeId: string): boolean {
    const probe = this.running.get(probeId);
    probe?.stop();
    return probe !== undefined;
  }

  stopAll(): void {
    for (const probe of this.running.values()) probe.stop();
  }
}
