import { useDrifted as useDrawingDrifted, useObjectCounters, useObjectOper, useVethOper } from '../agent/drawing-live';
import type { LiveState, OperState } from '../agent/live-store';
import { useLive } from '../agent/useLive';
import { flowLevel } from './edges/flow-motion';

/**
 * The canvas's view of live state (only the drawing's own, see agent/drawing-live.ts). While the
 * agent is away nothing the canvas showed can be trusted: every state reads `unknown` and
 * nothing moves until it is back.
 */

export type CanvasState = OperState | 'unknown';

const connected = (s: LiveState) => s.status === 'connected';
const useConnected = (): boolean => useLive(connected);

export const STATE_TEXT: Record<CanvasState, string> = {
  up: 'UP',
  down: 'DOWN',
  nocarrier: 'NO-CARRIER',
  absent: 'MISSING',
  unapplied: '',
  unknown: 'UNKNOWN',
};

/** The state as `data-link-state` says it (e2e tests read it). */
export const STATE_ATTRIBUTE: Record<CanvasState, string> = {
  up: 'up',
  down: 'down',
  nocarrier: 'no-carrier',
  absent: 'absent',
  unapplied: 'not-applied',
  unknown: 'unknown',
};

/** One interface's state (`l1/a`, or a device's id). */
export function useInterfaceState(object: string): CanvasState {
  const oper = useObjectOper(object);
  const online = useConnected();
  return online ? oper : oper === 'unapplied' ? oper : 'unknown';
}

/** A veth's state: the worse of its two ends. */
export function useVethState(link: string): CanvasState {
  const oper = useVethOper(link);
  const online = useConnected();
  return online ? oper : oper === 'unapplied' ? oper : 'unknown';
}

/**
 * The flow dots' level (flow-motion.ts) of packets leaving end `a` (a → b) and arriving at it
 * (b → a): null where none move, and while the agent is away. A level changes far less often than
 * a rate, so a line re-renders only then, not with every counters message (its rate text is
 * `useFlowRate`'s, in a component of its own).
 */
export function useFlowLevels(link: string, enabled: boolean): { forward: number | null; backward: number | null } {
  const online = useConnected();
  const on = enabled && online;
  const forward = useObjectCounters(`${link}/a`, (c) => (on ? flowLevel(c?.rates?.txPacketsPerSec ?? 0) : null));
  const backward = useObjectCounters(`${link}/a`, (c) => (on ? flowLevel(c?.rates?.rxPacketsPerSec ?? 0) : null));
  return { forward, backward };
}

/** Packets per second through a veth, both ways; 0 while the agent is away. */
export function useFlowRate(link: string): number {
  const online = useConnected();
  return useObjectCounters(`${link}/a`, (c) =>
    online ? (c?.rates?.txPacketsPerSec ?? 0) + (c?.rates?.rxPacketsPerSec ?? 0) : 0,
  );
}

export const useDrifted = useDrawingDrifted;
