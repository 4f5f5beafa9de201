export type LogLimiterOptions = {
  /** Events logged in full per window; the rest are counted. */
  readonly perWindow: number;
  readonly windowMs: number;
  /** Called once a window ends in which events were counted rather than logged. */
  readonly onSuppressed: (count: number, windowMs: number) => void;
  readonly now?: () => number;
};

/**
 * Keeps a flood of one kind of event (refused upgrades: 11,403 log lines for 11,400 refusals)
 * from flooding the log: the first `perWindow` of each window are logged, the rest become one
 * summary line when the window ends. A quiet agent logs every event as before.
 */
export class LogLimiter {
  private readonly o: LogLimiterOptions;
  private readonly now: () => number;
  private windowStart = -Infinity;
  private logged = 0;
  private suppressed = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: LogLimiterOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
  }

  /** True when this event should be logged; false when it was counted for the summary. */
  allow(): boolean {
    const now = this.now();
    if (now - this.windowStart >= this.o.windowMs) {
      this.flush();
      this.windowStart = now;
      this.logged = 0;
    }
    if (this.logged < this.o.perWindow) {
      this.logged += 1;
      return true;
    }
    this.suppressed += 1;
    // The summary goes out when the window ends, even if no event comes after it.
    this.timer ??= setTimeout(() => this.flush(), this.windowStart + this.o.windowMs - now).unref();
    return false;
  }

  /** Writes the pending summary now (the window ended, or the agent is stopping). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.suppressed === 0) return;
    const count = this.suppressed;
    this.suppressed = 0;
    this.o.onSuppressed(count, this.o.windowMs);
  }
}
