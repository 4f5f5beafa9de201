import type { PresenterView } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import { agent } from '../agent/connection';
import { liveStore } from '../agent/live-store';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { registerLessonSources } from './lesson-sources';
import { followedValues, subscribeFollowed } from './sources';
import { registerStepThroughSource } from './step-source';
import { viewerLinkStore } from './viewer-store';

/** At most this often: a drag changes the document every frame, and each viewer gets every update. */
const THROTTLE_MS = 250;
const MAX_SELECTION = 2000;

/** The view the presenter's page shows now (see PresenterView). */
export function presenterView(): PresenterView {
  const live = liveStore.getState();
  const session = sessionStore.getState();
  const viewport = viewerLinkStore.getState().shareViewport ? session.viewport : null;
  return {
    applied: live.applied,
    selection: session.selected.slice(0, MAX_SELECTION),
    ...(viewport !== null && { viewport }),
    ...followedValues(),
  };
}

/**
 * The presenter's page (a control session) tells the agent what it shows, for the viewers to
 * follow: on every change, throttled; the document only when it changed since it was last sent
 * (and again after a reconnect: a restarted agent has none). Returns the stop.
 */
export function startPresenting(): () => void {
  registerLessonSources();
  registerStepThroughSource();
  let sentDocument: Document | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const send = () => {
    timer = null;
    const live = liveStore.getState();
    if (live.status !== 'connected' || live.role !== 'control') return;
    const doc = editorStore.getState().doc;
    const view = presenterView();
    if (agent.notify({ type: 'presenterUpdate', ...(doc !== sentDocument && { document: doc }), view }))
      sentDocument = doc;
  };
  const schedule = () => {
    timer ??= setTimeout(send, THROTTLE_MS);
  };

  const offs = [
    editorStore.subscribe((s, prev) => s.doc !== prev.doc && schedule()),
    sessionStore.subscribe((s, prev) => (s.selected !== prev.selected || s.viewport !== prev.viewport) && schedule()),
    liveStore.subscribe((s, prev) => {
      if (s.role !== prev.role || (s.status === 'connected' && prev.status !== 'connected')) sentDocument = null;
      if (s.applied !== prev.applied || sentDocument === null) schedule();
    }),
    viewerLinkStore.subscribe((s, prev) => s.shareViewport !== prev.shareViewport && schedule()),
    subscribeFollowed(schedule),
  ];
  return () => {
    if (timer !== null) clearTimeout(timer);
    for (const off of offs) off();
  };
}
