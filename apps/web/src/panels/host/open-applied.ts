import { validateDocument } from '@netloom/topology';
import { createStore } from 'zustand/vanilla';

import { liveStore, setLive } from '../../agent/live-store';
import { sessionStore } from '../../editor/session';
import { replaceDrawing } from '../../files/replace-drawing';
import { leaveDrawing } from './leave';

/** Whether "This host" is open, and why an applied document could not be opened. */
export const hostStore = createStore<{ readonly open: boolean; readonly problem: string | null }>()(() => ({
  open: false,
  problem: null,
}));

/**
 * Puts the applied document the agent sent (`openApplied`) in the drawing's place, as that
 * topology as applied (its revision goes with it, as `basedOn` for the next apply), after the
 * leave question. Returns the unsubscribe.
 */
export function startOpenApplied(): () => void {
  return liveStore.subscribe((s, prev) => {
    const opened = s.opened;
    if (opened === null || opened === prev.opened) return;
    setLive({ opened: null });
    const doc = validateDocument(opened.document);
    if (!doc.ok) {
      const why = doc.error[0]?.message ?? 'not a valid document';
      return hostStore.setState({ problem: `The document applied as ${opened.topology} does not open: ${why}` });
    }
    const { topology, revision } = opened;
    hostStore.setState({ open: false, problem: null });
    leaveDrawing(() => {
      replaceDrawing(doc.value, { topology, revision });
      sessionStore.getState().canvasApi?.fitView();
    }, topology);
  });
}
