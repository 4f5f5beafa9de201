import { createStore } from 'zustand/vanilla';

import { liveStore } from '../../agent/live-store';
import { editorStore } from '../../editor/store';

/**
 * Leaving a drawing whose topology is applied (New, Open, Examples, This host's Open) asks first:
 * the topology stays on the host, and the page would otherwise forget it.
 */
export type Leaving = {
  /** The applied topology the drawing is. */
  readonly topology: string;
  /** What the person asked for: put another drawing in its place. */
  readonly proceed: () => void;
  /** "Tear down and leave" was chosen and the down is running. */
  readonly tearingDown: boolean;
};

export const leaveStore = createStore<{ readonly leaving: Leaving | null }>()(() => ({ leaving: null }));

/** The topology the drawing is, when the host still has some of it; null when leaving loses nothing. */
export function topologyLeftRunning(): string | null {
  const { applied, links, host } = liveStore.getState();
  const name = editorStore.getState().doc.name;
  if (applied?.topology !== name) return null;
  const inKernel =
    Object.values(links).some((e) => e.topology === name && e.present) ||
    (host?.topologies.some((t) => t.name === name) ?? false);
  return inKernel ? name : null;
}

/**
 * Runs `proceed` at once when the drawing is not an applied topology (or `keeping` is that
 * topology: opening it again leaves nothing behind); otherwise asks first (LeaveDialog).
 */
export function leaveDrawing(proceed: () => void, keeping?: string): void {
  const topology = topologyLeftRunning();
  if (topology === null || topology === keeping) return proceed();
  leaveStore.setState({ leaving: { topology, proceed, tearingDown: false } });
}
