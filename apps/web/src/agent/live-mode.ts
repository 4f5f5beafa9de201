import { selectIssues } from '../editor/selectors';
import { editorStore } from '../editor/store';
import { documentKey, requestApply, requestPlan } from './actions';
import { liveStore } from './live-store';

const DEBOUNCE_MS = 300;

/**
 * Live mode: every edit (and every undo) is planned and, once the plan arrives, applied. Only
 * plans this loop asked for are applied, and only while the document still matches them.
 */
export function startLiveMode(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let wanted: string | null = null;

  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      const live = liveStore.getState();
      const doc = editorStore.getState().doc;
      if (!live.liveMode || live.status !== 'connected' || selectIssues(doc).all.length > 0) return;
      if (live.planning || live.apply?.running === true) return schedule();
      wanted = documentKey(doc);
      requestPlan(doc);
    }, DEBOUNCE_MS);
  };

  const offDoc = editorStore.subscribe((s, prev) => {
    if (documentKey(s.doc) !== documentKey(prev.doc)) schedule();
  });
  const offLive = liveStore.subscribe((s, prev) => {
    if (s.liveMode && !prev.liveMode) schedule();
    const plan = s.plan;
    if (!s.liveMode || plan === null || plan === prev.plan || plan.documentKey !== wanted) return;
    wanted = null;
    if (plan.steps.length > 0 && plan.documentKey === documentKey(editorStore.getState().doc))
      requestApply(editorStore.getState().doc);
  });
  return () => {
    if (timer !== null) clearTimeout(timer);
    offDoc();
    offLive();
  };
}
