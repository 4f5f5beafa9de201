import { createInterface } from 'node:readline';

import type { AgentMessageOf, Iperf3Side, TrafficStopReason, TrafficSummary } from '@netloom/protocol';

import { endChild, type ProcessScope } from '../exec/process-scope';
import { parsePingLine } from '../telemetry/ping-parse';
import { iperf3ClientArgv, iperf3ServerArgv, pingArgv, type ResolvedIperf3, type ResolvedPing } from './commands';
import { iperf3Error, isServerListening, parseIperf3Line } from './iperf3-parse';

type Child = ReturnType<ProcessScope['spawn']>;
type Result = AgentMessageOf<'trafficResult'>['result'];

export type FlowSpec = {
  readonly from: string;
  readonly to: string;
  readonly address: string;
  readonly traffic: ResolvedPing | ResolvedIperf3;
};

export type FlowHandlers = {
  readonly onResult: (result: Result) => void;
  /** Once, after the last result, when every process of the flow has exited. */
  readonly onEnd: (reason: TrafficStopReason, summary: TrafficSummary, detail?: string) => void;
};

export type FlowBounds = {
  /** How long iperf3's server has to listen. */
  readonly startTimeoutMs: number;
  /** Past its own time (ping -w, iperf3 -t), how long a flow may take to end before it is ended. */
  readonly overrunMs: number;
  /** iperf3 servers listen on this port and the next 999, one per flow, round robin. */
  readonly basePort: number;
};

export const DEFAULT_FLOW_BOUNDS: FlowBounds = { startTimeoutMs: 5000, overrunMs: 10_000, basePort: 5201 };

type Running = { stop(reason: TrafficStopReason, detail?: string): void };

/**
 * Running traffic flows: a ping, or an iperf3 server and its client, each child registered in the
 * ProcessScope and ended through `endChild` as captures are, so that a flow's stop, its time, its
 * client's socket closing or the agent stopping leaves no process behind.
 */
export class Flows {
  private readonly scope: ProcessScope;
  private readonly bounds: FlowBounds;
  private readonly running = new Map<string, Running>();
  private next = 1;

  constructor(scope: ProcessScope, bounds: Partial<FlowBounds> = {}) {
    this.scope = scope;
    this.bounds = { ...DEFAULT_FLOW_BOUNDS, ...bounds };
  }

  get size(): number {
    return this.running.size;
  }

  /** The commands a flow runs, as a person would type them (the iperf3 server first). */
  commands(spec: FlowSpec, port: number): [string, ...string[]][] {
    const t = spec.traffic;
    return t.kind === 'ping'
      ? [pingArgv(spec.from, spec.address, t)]
      : [iperf3ServerArgv(spec.to, spec.address, port), iperf3ClientArgv(spec.from, spec.address, port, t)];
  }

  /** Starts the flow; everything after (results, failures, its end) comes through `handlers`. */
  start(spec: FlowSpec, handlers: FlowHandlers): { trafficId: string; commands: string[][] } {
    const n = this.next++;
    const trafficId = `t${n}`;
    const port = this.bounds.basePort + ((n - 1) % 1000);
    const commands = this.commands(spec, port);
    const children: Child[] = [];
    let stopping: { reason: TrafficStopReason; detail?: string } | null = null;
    let ended = false;
    const t = spec.traffic;

    // What the summary is made of.
    let sent = 0;
    let received = 0;
    const rtts: number[] = [];
    const sides: { sender?: Iperf3Side; receiver?: Iperf3Side } = {};

    const summary = (): TrafficSummary => {
      if (t.kind === 'iperf3') return { kind: 'iperf3', ...sides };
      const lossPercent = sent === 0 ? 0 : Math.round(((sent - received) / sent) * 1e5) / 1e3;
      const out: TrafficSummary = { kind: 'ping', sent, received, lossPercent };
      if (rtts.length > 0) {
        out.rttMinMs = Math.min(...rtts);
        out.rttMaxMs = Math.max(...rtts);
        out.rttAvgMs = Math.round((rtts.reduce((a, b) => a + b, 0) / rtts.length) * 1000) / 1000;
      }
      return out;
    };

    const stop = (reason: TrafficStopReason, detail?: string) => {
      if (stopping !== null) return;
      stopping = detail === undefined ? { reason } : { reason, detail };
      for (const child of children) void endChild(child);
    };

    let exited = 0;
    const ownSeconds = t.seconds * 1000;
    const limit = setTimeout(
      () => stop('timeLimit', `still running ${this.bounds.overrunMs / 1000} s past its ${t.seconds} s`),
      ownSeconds + this.bounds.overrunMs,
    );
    const finish = () => {
      if (ended) return;
      ended = true;
      clearTimeout(limit);
      this.running.delete(trafficId);
      const { reason, detail } = stopping ?? { reason: 'done' as const };
      handlers.onEnd(reason, summary(), detail);
    };

    /** Spawns one command of the flow; `onLine` gets stdout's lines, `onExit` the exit when the flow did not stop it. */
    const spawn = (
      argv: [string, ...string[]],
      onLine: (line: string) => void,
      onExit: (code: number | null, said: string) => void,
    ): Child | null => {
      const [file, ...args] = argv;
      let child: Child;
      try {
        child = this.scope.spawn(file, args);
      } catch (e) {
        stop('error', `${argv[4] ?? file} could not start: ${e instanceof Error ? e.message : String(e)}`);
        if (children.length === 0) finish();
        return null;
      }
      children.push(child);
      let said = '';
      const remember = (line: string) => {
        const error = iperf3Error(line);
        if (error !== null) said = error;
      };
      createInterface({ input: child.stderr }).on('line', (line) => {
        remember(line);
        if (said === '' && line.trim() !== '') said = line.trim().slice(0, 300);
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        remember(line);
        if (stopping === null || stopping.reason !== 'error') onLine(line);
      });
      child.once('error', (e) => stop('error', `${argv[4] ?? file} could not start: ${e.message}`));
      child.once('close', (code) => {
        if (stopping === null) onExit(code, said);
        exited += 1;
        if (exited === children.length) finish();
      });
      return child;
    };

    this.running.set(trafficId, { stop });

    if (t.kind === 'ping') {
      spawn(
        commands[0] as [string, ...string[]],
        (line) => {
          const r = parsePingLine(line);
          if (r === null) return;
          sent = Math.max(sent, r.seq);
          if (r.kind === 'reply') {
            received += 1;
            rtts.push(r.rttMs);
          }
          handlers.onResult({
            kind: 'ping',
            seq: r.seq,
            status: r.kind,
            ...(r.kind === 'reply' && { rttMs: r.rttMs }),
            ...(r.kind === 'unreachable' && { detail: r.detail }),
            sent,
            received,
          });
        },
        // ping: 0 every reply came, 1 some did not (its count or time ran out either way), 2 an error.
        (code, said) => (code === 0 || code === 1 ? stop('done') : stop('error', `ping exited (${code}): ${said}`)),
      );
      return { trafficId, commands };
    }

    const protocol = t.protocol;
    const startTimer = setTimeout(
      () => stop('error', `iperf3's server did not listen within ${this.bounds.startTimeoutMs} ms`),
      this.bounds.startTimeoutMs,
    );
    startTimer.unref();
    let client: Child | null = null;
    const server = spawn(
      commands[0] as [string, ...string[]],
      (line) => {
        if (client === null && isServerListening(line)) {
          clearTimeout(startTimer);
          client = startClient();
          return;
        }
        const r = parseIperf3Line(line, protocol);
        if (r !== null && r.summary === null) handlers.onResult(interval('receiver', r));
      },
      (code, said) => {
        clearTimeout(startTimer);
        // The one-off server exits (0) after its client's test, maybe before the client does.
        if (client === null || code !== 0) stop('error', `iperf3's server in ${spec.to} exited (${code}): ${said}`);
      },
    );
    const startClient = () =>
      spawn(
        commands[1] as [string, ...string[]],
        (line) => {
          const r = parseIperf3Line(line, protocol);
          if (r === null) return;
          if (r.summary === null) return handlers.onResult(interval('sender', r));
          const { startS, endS, summary: side, ...rest } = r;
          sides[side] = { ...rest, seconds: Math.round((endS - startS) * 100) / 100 };
        },
        (code, said) => {
          if (code !== 0) return stop('error', `iperf3's client in ${spec.from} exited (${code}): ${said}`);
          // Done: the one-off server ends by itself; one that does not is ended.
          if (server !== null) setTimeout(() => void endChild(server), 2000).unref();
          stopping = { reason: 'done' };
        },
      );
    return { trafficId, commands };
  }

  /** Stops a running flow; false when there is none by that id. */
  stop(trafficId: string, reason: TrafficStopReason): boolean {
    const flow = this.running.get(trafficId);
    flow?.stop(reason);
    return flow !== undefined;
  }

  stopAll(reason: TrafficStopReason): void {
    for (const flow of this.running.values()) flow.stop(reason);
  }
}

function interval(side: 'sender' | 'receiver', r: NonNullable<ReturnType<typeof parseIperf3Line>>): Result {
  const { summary: _, ...rest } = r;
  return { kind: 'interval', side, ...rest };
}
