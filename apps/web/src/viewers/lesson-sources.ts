import type { CheckResult } from '@netloom/protocol';

import { liveStore } from '../agent/live-store';
import { editorStore } from '../editor/store';
import { lessonStore, setLessonStep } from '../lessons/lesson-store';
import { registerFollowedSource } from './sources';

let registered = false;

/**
 * The Lessons panel's step and the check results it ran, as the viewers follow them: the
 * presenter shows a step while the panel shows the drawing's lesson; a viewer goes to that step
 * (its canvas highlights the step's objects as the presenter's does).
 */
export function registerLessonSources(): void {
  if (registered) return;
  registered = true;
  registerFollowedSource('lesson', {
    get() {
      const { open, view, step } = lessonStore.getState();
      const doc = editorStore.getState().doc;
      return doc.lesson !== undefined && open && view === 'lesson' ? { id: doc.name, step } : null;
    },
    subscribe(listener) {
      const offLesson = lessonStore.subscribe(listener);
      const offDoc = editorStore.subscribe((s, prev) => s.doc.lesson !== prev.doc.lesson && listener());
      return () => {
        offLesson();
        offDoc();
      };
    },
    set(value) {
      lessonStore.setState(value === null ? { open: false } : { open: true, view: 'lesson' });
      if (value !== null) setLessonStep(value.step);
    },
  });
  registerFollowedSource('checks', {
    get: (): readonly CheckResult[] => Object.values(liveStore.getState().checks).flatMap((v) => v.results),
    subscribe: (listener) => liveStore.subscribe((s, prev) => s.checks !== prev.checks && listener()),
  });
}
