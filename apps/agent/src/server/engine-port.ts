import type { CheckResult } from '@netloom/protocol';
import type { Document, Issue } from '@netloom/topology';

import type { StepStart } from '../engine/engine';
import type { ApplyOptions, ApplyOutcome, PlanOutcome, StatusReport } from '../engine/types';

/** What `down` reports: an apply toward the empty state, so the same outcome. */
export type DownOutcome = ApplyOutcome;

/**
 * The engine as the server uses it (engine/types.ts is the contract). Injected, so the server's
 * own tests run against a fake and the real one is wired up by `netloom serve`.
 */
export interface EnginePort {
  plan(doc: Document): Promise<PlanOutcome>;
  apply(doc: Document, options: ApplyOptions): Promise<ApplyOutcome>;
  down(topology: string, options: ApplyOptions): Promise<DownOutcome>;
  /** A step-through of `doc`: the apply lock is held until its stepper ends. */
  stepThrough(doc: Document, options: ApplyOptions): Promise<StepStart>;
  status(doc: Document): Promise<StatusReport>;
  /** A lesson's checks against the live kernel (checks/run-checks.ts); `step` is an index or several. */
  checks(doc: Document, step?: number | readonly number[]): Promise<CheckResult[]>;
  /** Why the interface, marked as `topology`'s, is not netloom's to change (FOREIGN_MARKER); empty when it is. */
  proveInterface(topology: string, netns: string | null, ifname: string): Promise<Issue[]>;
}

/** Minimal structured logger; the token never goes through it. */
export type Logger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

export const consoleLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};
