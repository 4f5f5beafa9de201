import { documentKey, stopWatchingChecks, watchChecks } from '../agent/actions';
import { liveStore, setLive, type LiveState } from '../agent/live-store';
import { selectIssues } from '../editor/selectors';
import { editorStore } from '../editor/store';
import { currentStep, lessonStore } from './lesson-store';

/** Why the current step's checks are not being run, or null when they are. */
export function checksBlocked(s: LiveState = liveStore.getState()): string | null {
  const doc = editorStore.getState().doc;
  if ((currentStep(doc)?.checks?.length ?? 0) === 0) return 'this step has no checks';
  if (s.status !== 'connected') return 'not connected to the agent';
  if (selectIssues(doc).all.length > 0) return 'the drawing has problems (see Problems)';
  if (s.applied?.topology !== doc.name) return 'apply the drawing to check it against the kernel';
  return null;
}

/**
 * While the Lessons panel shows a step with checks, keeps them live on the agent (`watchChecks`):
 * it runs them at once, again as soon as a namespace they involve changes in the kernel, and every
 * 5 s. The watch is sent again (a run at once) when the step, the document or what the kernel
 * holds of it changes (an apply ends, the applied topology changes, a reconnect), and stopped when
 * the panel stops showing checks. Returns the stop.
 */
export function startCheckRunner(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let watching = false;

  const run = () => {
    timer = null;
    const { open, view, step } = lessonStore.getState();
    const live = liveStore.getState();
    if (!open || view !== 'lesson' || checksBlocked(live) !== null || live.apply?.running === true) {
      if (watching && live.status === 'connected') stopWatchingChecks();
      watching = false;
      return;
    }
    watching = watchChecks(editorStore.getState().doc, step);
  };
  // Several changes in one go (a step and the document) make one watch.
  const soon = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, 0);
  };

  const offLesson = lessonStore.subscribe((s, prev) => {
    if (s.step !== prev.step || s.open !== prev.open || s.view !== prev.view) soon();
  });
  const offDoc = editorStore.subscribe((s, prev) => {
    if (s.doc !== prev.doc && documentKey(s.doc) !== documentKey(prev.doc)) soon();
  });
  const offLive = liveStore.subscribe((s, prev) => {
    if (s.status !== 'connected' && prev.status === 'connected') {
      // The answer will never come: the socket that asked is gone, and its watch with it.
      watching = false;
      const stale = Object.entries(s.checks).filter(([, v]) => v.running);
      if (stale.length > 0)
        setLive({
          checks: { ...s.checks, ...Object.fromEntries(stale.map(([k, v]) => [k, { ...v, running: false }])) },
        });
    }
    const changed =
      s.status !== prev.status ||
      s.applied !== prev.applied ||
      (prev.apply?.running === true && s.apply?.running !== true) ||
      (s.apply?.running === true && prev.apply?.running !== true);
    if (changed) soon();
  });
  soon();
  return () => {
    if (timer !== null) clearTimeout(timer);
    if (watching && liveStore.getState().status === 'connected') stopWatchingChecks();
    offLesson();
    offDoc();
    offLive();
  };
}
