/** How a supervised helper is doing: running, dead and about to be started again, or failing again and again. */
export type ServiceState = 'ok' | 'restarting' | 'failed';

export type ServiceStatus = {
  readonly service: string;
  readonly state: ServiceState;
  /** Why it is not ok (how it ended, what it printed); absent when ok. */
  readonly detail?: string;
  /** When it entered this state (ms since the epoch). */
  readonly since: number;
};

export type Backoff = {
  /** Delay before the first restart; doubled after each death that follows a short run. */
  readonly firstMs: number;
  readonly maxMs: number;
  /** A helper that ran this long counts as healthy again: the delay starts over. */
  readonly resetAfterMs: number;
  /** This many deaths in a row, each after a short run, and the state is `failed` (it is still restarted). */
  readonly failedAfter: number;
};

export const DEFAULT_BACKOFF: Backoff = { firstMs: 100, maxMs: 5000, resetAfterMs: 10_000, failedAfter: 5 };

/**
 * Keeps one helper process alive: the owner says when its child `started` and when it `died`,
 * and the supervisor calls `start` again after a backoff (100 ms doubling to 5 s, from the start
 * again once a child has run 10 s), reporting every change of state. A helper that dies is never
 * a silent stop: its clients see `restarting` or `failed` until it runs again.
 */
export class Supervisor {
  private readonly service: string;
  private readonly start: () => void;
  private readonly onState: (status: ServiceStatus) => void;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private current: ServiceStatus;
  private delay: number;
  private shortRuns = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private healthyTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(options: {
    readonly service: string;
    /** Starts a new child; it must end in `started` or `died`. */
    readonly start: () => void;
    readonly onState: (status: ServiceStatus) => void;
    readonly backoff?: Backoff;
    readonly now?: () => number;
  }) {
    this.service = options.service;
    this.start = options.start;
    this.onState = options.onState;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    this.delay = this.backoff.firstMs;
    this.current = { service: this.service, state: 'ok', since: this.now() };
  }

  get status(): ServiceStatus {
    return this.current;
  }

  /** The child is running. */
  started(): void {
    if (this.stopped) return;
    if (this.current.state === 'restarting') this.set('ok');
    if (this.healthyTimer !== null) clearTimeout(this.healthyTimer);
    this.healthyTimer = setTimeout(() => {
      this.healthyTimer = null;
      this.shortRuns = 0;
      this.delay = this.backoff.firstMs;
      if (this.current.state === 'failed') this.set('ok');
    }, this.backoff.resetAfterMs);
    this.healthyTimer.unref();
  }

  /**
   * The child ended (or could not start) without being asked to: start another after the
   * backoff. `hopeless`: retrying soon will not help (the binary cannot be run): `failed` at once.
   */
  died(detail: string, hopeless = false): void {
    if (this.stopped || this.restartTimer !== null) return;
    if (this.healthyTimer !== null) clearTimeout(this.healthyTimer);
    this.healthyTimer = null;
    this.shortRuns += 1;
    const wait = this.delay;
    this.delay = Math.min(this.backoff.maxMs, this.delay * 2);
    const failed = hopeless || this.shortRuns >= this.backoff.failedAfter;
    this.set(failed ? 'failed' : 'restarting', `${detail}; restarting in ${seconds(wait)}`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopped) return;
      try {
        this.start();
      } catch (e: unknown) {
        this.died(`could not start: ${e instanceof Error ? e.message : String(e)}`, true);
      }
    }, wait);
    this.restartTimer.unref();
  }

  /** No more restarts (the agent is stopping, or the owner closed the helper on purpose). */
  stop(): void {
    this.stopped = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    if (this.healthyTimer !== null) clearTimeout(this.healthyTimer);
    this.restartTimer = null;
    this.healthyTimer = null;
  }

  private set(state: ServiceState, detail?: string): void {
    this.current = { service: this.service, state, ...(detail !== undefined && { detail }), since: this.now() };
    this.onState(this.current);
  }
}

const seconds = (ms: number) => `${ms < 1000 ? (ms / 1000).toFixed(1) : String(ms / 1000)} s`;
