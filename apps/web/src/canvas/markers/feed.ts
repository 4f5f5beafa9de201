import { decodePacket } from '@netloom/packets';
import type { AgentMessage, AgentMessageOf, CaptureInterface } from '@netloom/protocol';

import { classifyPacket } from './classify';
import type { MarkerEdges } from './edges';
import type { MarkerEngine } from './engine';
import { markerStore } from './marker-store';
import { MarkerSchedule } from './schedule';

/**
 * Capture messages → markers. Every capture this page runs is drawn (a trace, or one started from
 * the packet list): a packet is placed by its interface's object (`l1/a`, `vx1`), sampled before
 * it is decoded, and handed to the engine with its start time.
 */
export class MarkerFeed {
  private readonly captures = new Map<string, readonly CaptureInterface[]>();
  private readonly schedule: MarkerSchedule;
  private lastCounts = 0;

  private readonly engine: MarkerEngine;
  private map: MarkerEdges;
  private readonly now: () => number;

  constructor(engine: MarkerEngine, map: MarkerEdges, now: () => number = () => performance.now()) {
    this.engine = engine;
    this.map = map;
    this.now = now;
    const { speed, perEdgePerSecond } = markerStore.getState();
    this.schedule = new MarkerSchedule({ speed, perEdgePerSecond });
  }

  setMap(map: MarkerEdges): void {
    this.map = map;
  }

  setOptions(options: { speed: 1 | 0.25 | 0.1; perEdgePerSecond: number }): void {
    this.schedule.setOptions(options);
    // Markers already placed at another speed would run out of step with the new ones.
    this.engine.clear();
  }

  handle(msg: AgentMessage): void {
    switch (msg.type) {
      case 'captureStarted':
        this.captures.set(msg.captureId, msg.ifaces);
        this.publish();
        return;
      case 'packets':
        return this.packets(msg);
      case 'captureStopped':
        this.captures.delete(msg.captureId);
        this.engine.clear(msg.captureId);
        if (this.captures.size === 0) {
          this.schedule.reset();
          this.engine.clear();
        }
        this.publish();
        return;
      default:
        return;
    }
  }

  /** The agent went away: its captures ended with it. */
  disconnected(): void {
    this.captures.clear();
    this.engine.clear();
    this.schedule.reset();
    this.publish();
  }

  private packets(msg: AgentMessageOf<'packets'>): void {
    const ifaces = this.captures.get(msg.captureId);
    const first = msg.packets[0];
    if (ifaces === undefined || first === undefined) return;
    const now = this.now();
    this.schedule.beginBatch(now, first.atUs);
    for (const p of msg.packets) {
      const iface = ifaces[p.iface];
      const place = iface === undefined ? undefined : this.map.byObject.get(iface.object);
      if (iface === undefined || place === undefined) continue;
      if (!this.schedule.admit(place.edge.id, p.data, p.atUs, now)) continue;
      const spec = classifyPacket(this.map, iface.object, decodePacket(fromBase64(p.data), iface.linkType));
      if (spec === null) continue;
      const at = this.schedule.schedule(spec, p.atUs, now);
      if (at !== null) this.engine.add(spec, msg.captureId, at.startMs, at.durationMs, p.atUs);
    }
    if (now - this.lastCounts > 500) {
      this.lastCounts = now;
      this.engine.showCounts(this.schedule.edgeCounts(now), markerStore.getState().perEdgePerSecond);
      this.publish();
    }
  }

  private publish(): void {
    markerStore.setState({
      capturing: this.captures.size,
      seen: this.schedule.seenTotal,
      shown: this.schedule.shownTotal,
    });
  }
}

function fromBase64(data: string): Uint8Array {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
