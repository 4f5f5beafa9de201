import type { AgentMessageOf } from '@netloom/protocol';

import type { ServiceStatus } from '../exec/supervisor';

/**
 * The state of every supervised helper, as clients see it: `message()` after `hello`, and
 * `onChange` (to every client) whenever one changes, so an outage is never a silent stop.
 */
export class Health {
  private readonly services = new Map<string, ServiceStatus>();
  private readonly onChange: (message: AgentMessageOf<'health'>) => void;
  private readonly now: () => number;

  constructor(onChange: (message: AgentMessageOf<'health'>) => void, now: () => number = Date.now) {
    this.onChange = onChange;
    this.now = now;
  }

  /** Registers a service as it is now (no message: nothing changed for clients yet). */
  track(status: ServiceStatus): void {
    this.services.set(status.service, status);
  }

  update(status: ServiceStatus): void {
    this.services.set(status.service, status);
    this.onChange(this.message());
  }

  message(): AgentMessageOf<'health'> {
    return {
      type: 'health',
      at: this.now(),
      services: [...this.services.values()].map((s) => ({
        service: s.service,
        state: s.state,
        ...(s.detail !== undefined && { detail: s.detail }),
        since: s.since,
      })),
    };
  }
}
