import { decodePacket } from '@netloom/packets';

import type { CaptureState, PacketBatch } from '../../packets/capture-store';
import { classifyPacket } from './classify';
import type { MarkerEdges } from './edges';
import type { MarkerEngine } from './engine';
import { markerStore } from './marker-store';
import { MarkerSchedule, type Speed } from './schedule';

/**
 * Capture batches (from the capture store) → markers. Every capture of this page is drawn, a trace
 * or one started from the packet list: a packet is placed by its interface's object (`l1/a`,
 * `vx1`), sampled before it is decoded for the marker, and handed to the engine with its start
 * time. A chunk of its own with the decoder, loaded at the first batch.
 */
export class MarkerFeed {
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

  setOptions(options: { speed: Speed; perEdgePerSecond: number }): void {
    this.schedule.setOptions(options);
    // Markers already placed at another speed would run out of step with the new ones.
    this.engine.clear();
  }

  batch({ capture, packets }: PacketBatch): void {
    const first = packets[0];
    if (capture.state !== 'running' || first === undefined) return;
    const now = this.now();
    this.schedule.beginBatch(now, first.atUs);
    for (const p of packets) {
      const iface = capture.ifaces[p.iface];
      const place = iface === undefined ? undefined : this.map.byObject.get(iface.object);
      if (iface === undefined || place === undefined) continue;
      if (!this.schedule.admit(place.edge.id, bytesKey(p.data), p.atUs, now)) continue;
      const spec = classifyPacket(this.map, iface.object, decodePacket(p.data, p.linkType));
      if (spec === null) continue;
      const at = this.schedule.schedule(spec, p.atUs, now);
      if (at !== null) this.engine.add(spec, capture.captureId, at.startMs, at.durationMs, p.atUs);
    }
    if (now - this.lastCounts > 500) {
      this.lastCounts = now;
      this.engine.showCounts(this.schedule.edgeCounts(now), markerStore.getState().perEdgePerSecond);
      this.publish();
    }
  }

  /** Markers of captures that ended vanish with them (stopped, a limit, the agent gone). */
  captures(state: CaptureState, before: CaptureState): void {
    let running = 0;
    for (const c of Object.values(state.captures)) {
      if (c.state === 'running') running++;
      else if (before.captures[c.captureId]?.state === 'running') this.engine.clear(c.captureId);
    }
    if (running === 0) {
      this.engine.clear();
      this.schedule.reset();
    }
    this.publish();
  }

  private publish(): void {
    markerStore.setState({ seen: this.schedule.seenTotal, shown: this.schedule.shownTotal });
  }
}

/** The packet's bytes as a string key: the same packet seen at both ends of a line is one marker. */
function bytesKey(data: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number;
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
  }
  return `${data.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}
