/** One captured packet on its way to the client. */
export type TimelineRecord = {
  /** When the kernel saw it, in microseconds since the epoch. */
  readonly atUs: number;
  /** The capture's interface index. */
  readonly iface: number;
  /** Its length on the wire. */
  readonly length: number;
  readonly data: Uint8Array;
};

export type TimelineBounds = {
  /** Packets held at most; past it the oldest is dropped (and counted). */
  readonly packets: number;
  /** Captured bytes held at most, likewise. */
  readonly bytes: number;
};

/**
 * The agent's ring buffer of one capture: packets wait here until the client can take them, in
 * one queue per interface (each tcpdump writes in time order), merged into one timeline on the
 * way out. Bounded in packets and bytes: a client that reads too slowly loses the oldest packets,
 * counted in `dropped`, and never grows the agent's memory.
 */
export class Timeline {
  private readonly queues: { items: TimelineRecord[]; head: number }[];
  private readonly bounds: TimelineBounds;
  private held = 0;
  private heldBytes = 0;
  dropped = 0;

  constructor(interfaces: number, bounds: TimelineBounds) {
    this.queues = Array.from({ length: interfaces }, () => ({ items: [], head: 0 }));
    this.bounds = bounds;
  }

  get size(): number {
    return this.held;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  add(record: TimelineRecord): void {
    const queue = this.queues[record.iface];
    if (queue === undefined) return;
    queue.items.push(record);
    this.held += 1;
    this.heldBytes += record.data.length;
    while (this.held > this.bounds.packets || this.heldBytes > this.bounds.bytes) {
      if (this.shift() === undefined) break;
      this.dropped += 1;
    }
  }

  /**
   * The packets seen up to `untilUs`, oldest first across interfaces, at most `max` of them (or
   * `maxBytes` of data). Packets newer than `untilUs` wait: another interface's tcpdump may still
   * deliver an older one (the reorder window).
   */
  take(untilUs: number, max: number, maxBytes: number): TimelineRecord[] {
    const out: TimelineRecord[] = [];
    let bytes = 0;
    while (out.length < max && bytes < maxBytes) {
      const queue = this.oldest();
      const head = queue?.items[queue.head];
      if (queue === undefined || head === undefined || head.atUs > untilUs) break;
      this.shift();
      out.push(head);
      bytes += head.data.length;
    }
    return out;
  }

  private oldest(): { items: TimelineRecord[]; head: number } | undefined {
    let best: { items: TimelineRecord[]; head: number } | undefined;
    for (const q of this.queues) {
      const head = q.items[q.head];
      if (head === undefined) continue;
      const bestHead = best?.items[best.head];
      if (bestHead === undefined || head.atUs < bestHead.atUs) best = q;
    }
    return best;
  }

  private shift(): TimelineRecord | undefined {
    const queue = this.oldest();
    if (queue === undefined) return undefined;
    const record = queue.items[queue.head];
    queue.head += 1;
    // Compact now and then, so a long capture does not keep every packet it ever sent.
    if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
    if (record !== undefined) {
      this.held -= 1;
      this.heldBytes -= record.data.length;
    }
    return record;
  }
}
