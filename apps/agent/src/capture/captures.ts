import { PcapReader } from '@netloom/packets';
import type { CapturedPacket, CaptureStopReason } from '@netloom/protocol';

import { endChild, type ProcessScope } from '../exec/process-scope';
import { tcpdumpArgv, type CaptureIface } from './tcpdump';
import { Timeline } from './timeline';

type Child = ReturnType<ProcessScope['spawn']>;

export type CaptureSpec = {
  readonly interfaces: readonly CaptureIface[];
  readonly filter: string;
  readonly snapLength: number;
  readonly limits: { readonly packets: number; readonly bytes: number; readonly seconds: number };
};

export type CaptureStats = { readonly packets: number; readonly bytes: number; readonly dropped: number };

export type CaptureHandlers = {
  /** Whether the client can take a batch now (its socket's queue is short). */
  readonly canSend: () => boolean;
  readonly onPackets: (packets: CapturedPacket[], dropped: number) => void;
  /** Once, after the last `onPackets`. */
  readonly onEnd: (reason: CaptureStopReason, stats: CaptureStats, detail?: string) => void;
};

export type CaptureBounds = {
  /** The agent's ring buffer per capture (packets waiting for a slow client). */
  readonly bufferPackets: number;
  readonly bufferBytes: number;
  /** How often batches go out. */
  readonly flushMs: number;
  /** How long a packet waits for an older one from another interface. */
  readonly reorderMs: number;
  /** How long every tcpdump has to start (write its pcap header). */
  readonly startTimeoutMs: number;
};

export const DEFAULT_CAPTURE_BOUNDS: CaptureBounds = {
  bufferPackets: 20_000,
  bufferBytes: 16 << 20,
  flushMs: 100,
  reorderMs: 150,
  startTimeoutMs: 5000,
};

/** At most this much in one `packets` message. */
const BATCH_PACKETS = 1000;
const BATCH_BYTES = 256 << 10;

type Running = { stop(reason: CaptureStopReason, detail?: string): void };

/**
 * Running captures: one tcpdump per interface, each registered in the ProcessScope, so that
 * stopping a capture, its limit, its client's socket closing or the agent stopping ends every
 * one of them. Their pcap streams merge into one timeline (see Timeline) that goes out in batches.
 */
export class Captures {
  private readonly scope: ProcessScope;
  private readonly bounds: CaptureBounds;
  private readonly running = new Map<string, Running>();
  private next = 1;

  constructor(scope: ProcessScope, bounds: Partial<CaptureBounds> = {}) {
    this.scope = scope;
    this.bounds = { ...DEFAULT_CAPTURE_BOUNDS, ...bounds };
  }

  get size(): number {
    return this.running.size;
  }

  /**
   * Starts the capture and resolves, once every tcpdump is listening, with its id and the link
   * type of each interface; rejects (with tcpdump's words) if one fails to start, leaving nothing.
   */
  start(spec: CaptureSpec, handlers: CaptureHandlers): Promise<{ captureId: string; linkTypes: number[] }> {
    const captureId = `c${this.next++}`;
    const { bounds } = this;
    const timeline = new Timeline(spec.interfaces.length, {
      packets: bounds.bufferPackets,
      bytes: bounds.bufferBytes,
    });
    const children: Child[] = [];
    const readers = spec.interfaces.map(() => new PcapReader());
    let packets = 0;
    let bytes = 0;
    let stopping: { reason: CaptureStopReason; detail?: string } | null = null;
    let started = false;
    let ended = false;
    let flushTimer: NodeJS.Timeout | undefined;
    let limitTimer: NodeJS.Timeout | undefined;
    let onStarted: (() => void) | undefined;
    let onFailed: ((e: Error) => void) | undefined;

    const flush = (all: boolean) => {
      for (;;) {
        if (!all && !handlers.canSend()) return;
        const until = all ? Infinity : Date.now() * 1000 - bounds.reorderMs * 1000;
        const batch = timeline.take(until, BATCH_PACKETS, BATCH_BYTES);
        if (batch.length === 0) return;
        handlers.onPackets(
          batch.map((r) => ({
            atUs: r.atUs,
            iface: r.iface,
            length: r.length,
            data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('base64'),
          })),
          timeline.dropped,
        );
      }
    };

    const finish = () => {
      if (ended) return;
      ended = true;
      clearInterval(flushTimer);
      clearTimeout(limitTimer);
      this.running.delete(captureId);
      const { reason, detail } = stopping ?? { reason: 'error' as const };
      if (!started) return onFailed?.(new Error(detail ?? 'tcpdump ended before it started'));
      flush(true);
      handlers.onEnd(reason, { packets, bytes, dropped: timeline.dropped }, detail);
    };

    const stop = (reason: CaptureStopReason, detail?: string) => {
      if (stopping !== null) return;
      stopping = detail === undefined ? { reason } : { reason, detail };
      // tcpdump writes what it holds on SIGTERM; one that does not end is killed.
      for (const child of children) void endChild(child);
    };

    return new Promise((resolve, reject) => {
      const startTimer = setTimeout(
        () => stop('error', `tcpdump did not start within ${bounds.startTimeoutMs} ms`),
        bounds.startTimeoutMs,
      );
      onFailed = (e) => (clearTimeout(startTimer), reject(e));
      onStarted = () => {
        started = true;
        clearTimeout(startTimer);
        flushTimer = setInterval(() => flush(false), bounds.flushMs);
        limitTimer = setTimeout(() => stop('timeLimit'), spec.limits.seconds * 1000);
        resolve({ captureId, linkTypes: readers.map((r) => r.header?.linkType ?? 1) });
      };
      this.running.set(captureId, { stop });
      let exited = 0;
      for (const [index, iface] of spec.interfaces.entries()) {
        const [file, ...args] = tcpdumpArgv(iface, spec.snapLength, spec.filter);
        let child: Child;
        try {
          child = this.scope.spawn(file, args);
        } catch (e) {
          stop('error', `tcpdump could not start: ${e instanceof Error ? e.message : String(e)}`);
          break;
        }
        children.push(child);
        const reader = readers[index] as PcapReader;
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
        child.stdout.on('data', (chunk: Buffer) => {
          const records = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if (reader.error !== null) return stop('error', `tcpdump on ${iface.ifname}: ${reader.error.message}`);
          if (!started && readers.every((r) => r.header !== null)) onStarted?.();
          for (const record of records) {
            if (stopping !== null) return;
            if (bytes + record.originalLength > spec.limits.bytes) return stop('byteLimit');
            packets += 1;
            bytes += record.originalLength;
            timeline.add({
              atUs: record.seconds * 1_000_000 + Math.floor(record.nanos / 1000),
              iface: index,
              length: record.originalLength,
              data: record.data,
            });
            if (packets >= spec.limits.packets) return stop('packetLimit');
          }
        });
        child.once('error', (e) => stop('error', `tcpdump could not start: ${e.message}`));
        // 'close': stdout has been read to its end, so every packet tcpdump wrote is in.
        child.once('close', (code, signal) => {
          const said = stderr.trim().split('\n').pop() ?? '';
          if (stopping === null)
            stop('error', `tcpdump on ${iface.ifname} exited (${code ?? signal})${said === '' ? '' : `: ${said}`}`);
          exited += 1;
          if (exited === children.length) finish();
        });
      }
      if (children.length === 0) finish();
    });
  }

  /** Stops a running capture; false when there is none by that id. */
  stop(captureId: string, reason: CaptureStopReason): boolean {
    const capture = this.running.get(captureId);
    capture?.stop(reason);
    return capture !== undefined;
  }

  stopAll(reason: CaptureStopReason): void {
    for (const capture of this.running.values()) capture.stop(reason);
  }
}
