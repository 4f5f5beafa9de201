import { encode, type AgentMessageOf } from '@netloom/protocol';

import type { Hub } from '../server/session';

type Started = AgentMessageOf<'captureStarted'>;

/**
 * The presenter's captures, relayed to every viewer (issue 12: viewers see the captures the
 * presenter starts and cannot start their own). A viewer gets the same `captureStarted`,
 * `packets` and `captureStopped` the presenter gets, each encoded once for all of them; one that
 * connects during a capture gets its `captureStarted` after `hello`. Packets are the one thing a
 * slow viewer misses: a batch is skipped for a viewer whose socket queue is past the telemetry
 * bound, so a viewer that reads slowly never slows the presenter nor gets itself dropped.
 */
export class CaptureViewerRelay {
  private readonly hub: Hub;
  private readonly queueBytes: number;
  private readonly running = new Map<string, Started>();

  constructor(hub: Hub, queueBytes: number) {
    this.hub = hub;
    this.queueBytes = queueBytes;
  }

  started(message: Started): void {
    this.running.set(message.captureId, message);
    this.send(encode(message), false);
  }

  packets(message: AgentMessageOf<'packets'>): void {
    if (this.running.has(message.captureId)) this.send(encode(message), true);
  }

  stopped(message: AgentMessageOf<'captureStopped'>): void {
    if (!this.running.delete(message.captureId)) return;
    // A viewer's page has no captureStop of its own to answer.
    const { id: _id, ...rest } = message;
    this.send(encode(rest), false);
  }

  /** The captures running now, for a viewer that just said hello. */
  snapshot(): Started[] {
    return [...this.running.values()];
  }

  private send(frame: string, skippable: boolean): void {
    for (const viewer of this.hub.viewers()) {
      if (!viewer.greeted) continue;
      if (skippable && viewer.ws.bufferedAmount > this.queueBytes) continue;
      viewer.outbox.sendEncoded(frame);
    }
  }
}
