/**
 * A bounded list: pushing past `capacity` lets the oldest go. Index 0 is the oldest kept; `first`
 * is how many were let go since the last clear, so an item's absolute index stays stable for a
 * list that remembers a selection or a pause point.
 */
export class PacketRing<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private dropped = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** How many items were pushed out (the absolute index of the oldest kept). */
  get first(): number {
    return this.dropped;
  }

  /** Absolute index one past the newest. */
  get end(): number {
    return this.dropped + this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count += 1;
      return;
    }
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    this.dropped += 1;
  }

  /** The item at an absolute index (see `first`), if still kept. */
  at(index: number): T | undefined {
    const i = index - this.dropped;
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.capacity];
  }

  /** Kept items from absolute index `from` (clamped) up to `to`, oldest first. */
  slice(from = this.first, to = this.end): T[] {
    const out: T[] = [];
    for (let i = Math.max(from, this.first); i < Math.min(to, this.end); i++) out.push(this.at(i) as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.dropped += this.count;
    this.count = 0;
  }
}
