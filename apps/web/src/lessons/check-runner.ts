import { documentKey, requestChecks } from '../agent/actions';
import { liveStore, setLive, type LiveState } from '../agent/live-store';
import { selectIssues } from '../editor/selectors';
import { editorStore } from '../editor/store';
import { currentStep, lessonStore } from './lesson-store';

/** Checks are run again at least this often while the panel shows them (a route or ping changes with no event). */
export const RECHECK_MS = 5000;
/** And never more often than this, however many changes come in. */
const MIN_GAP_MS = 1000;

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
 * While the Lessons panel shows a step with checks, runs them against the kernel: at once, when
 * the step, the document or what the kernel reports changes (an apply ends, a link changes, drift),
 * and every RECHECK_MS otherwise. One run at a time; changes during a run make one more after it.
 * Returns the stop.
 */
export function startCheckRunner(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = 0;
  let inFlight: number | null = null;
  let again = false;

  const schedule = (delay: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, delay);
  };
  const run = () => {
    timer = null;
    const { open, view, step } = lessonStore.getState();
    const live = liveStore.getState();
    if (!open || view !== 'lesson' || checksBlocked(live) !== null || live.apply?.running === true) return;
    if (inFlight !== null) {
      again = true;
      return;
    }
    const wait = lastStart + MIN_GAP_MS - Date.now();
    if (wait > 0) return schedule(wait);
    lastStart = Date.now();
    if (requestChecks(editorStore.getState().doc, step)) inFlight = step;
    schedule(RECHECK_MS);
  };
  const soon = () => schedule(0);

  const offLesson = lessonStore.subscribe((s, prev) => {
    if (s.step !== prev.step || s.open !== prev.open || s.view !== prev.view) soon();
  });
  const offDoc = editorStore.subscribe((s, prev) => {
    if (s.doc !== prev.doc && documentKey(s.doc) !== documentKey(prev.doc)) soon();
  });
  const offLive = liveStore.subscribe((s, prev) => {
    if (s.status !== 'connected' && prev.status === 'connected') {
      // The answer will never come: the socket that asked is gone.
      inFlight = null;
      const stale = Object.entries(s.checks).filter(([, v]) => v.running);
      if (stale.length > 0)
        setLive({
          checks: { ...s.checks, ...Object.fromEntries(stale.map(([k, v]) => [k, { ...v, running: false }])) },
        });
    }
    if (inFlight !== null && s.checks[inFlight]?.running !== true) {
      inFlight = null;
      if (again) {
        again = false;
        soon();
      }
    }
    const changed =
      s.status !== prev.status ||
      s.applied !== prev.applied ||
      s.links !== prev.links ||
      s.drift !== prev.drift ||
      (prev.apply?.running === true && s.apply?.running !== true);
    if (changed) soon();
  });
  soon();
  return () => {
    if (timer !== null) clearTimeout(timer);
    offLesson();
    offDoc();
    offLive();
  };
}
