/** Runs tasks one after another, in the order they were queued (applies, downs, link changes). */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  /** Tasks waiting or running. */
  get length(): number {
    return this.queued;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(task).finally(() => this.queued--);
    this.tail = result.catch(() => undefined); // one failure must not block the queue
    return result;
  }
}
