import type { Document, LessonStep } from '@netloom/topology';
import { createStore } from 'zustand/vanilla';

import { setHighlight } from '../canvas/highlight';
import { editorStore } from '../editor/store';
import { fitOnceLaidOut } from '../panels/presenter';
import { makeRoomForLessons } from './lesson-room';

/**
 * Which lesson step the designer is at: the drawing's own lesson (`document.lesson`), its current
 * step, and how many of that step's hints are shown. Not part of the document and not undoable.
 * Small and in the first bundle: the Lessons panel (loaded on demand) reads and sets it, and so
 * may anything that moves a class through a lesson (a viewer following the presenter calls
 * `setLessonStep`).
 */
export type LessonView = 'list' | 'lesson';

export type LessonState = {
  /** The Lessons panel is shown (remembered in localStorage). */
  readonly open: boolean;
  /** The panel lists the shipped lessons, or shows the drawing's lesson. */
  readonly view: LessonView;
  /** The step shown, 0-based, within the drawing's lesson. */
  readonly step: number;
  /** How many hints of the current step are shown. */
  readonly hints: number;
};

const OPEN_KEY = 'netloom.lessons.open';

const initialOpen = (): boolean => {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(OPEN_KEY) === 'true';
  } catch {
    return false;
  }
};

export const lessonStore = createStore<LessonState>()(() => ({
  open: initialOpen(),
  view: editorStore.getState().doc.lesson === undefined ? 'list' : 'lesson',
  step: 0,
  hints: 0,
}));

/** The number of steps of the drawing's lesson (0 without one). */
export const stepCount = (doc: Pick<Document, 'lesson'> = editorStore.getState().doc): number =>
  doc.lesson?.steps.length ?? 0;

/** The current step of the drawing's lesson, or undefined when it has none. */
export function currentStep(doc: Pick<Document, 'lesson'> = editorStore.getState().doc): LessonStep | undefined {
  const { step } = lessonStore.getState();
  return doc.lesson?.steps[Math.min(step, stepCount(doc) - 1)];
}

/** The current step, 0-based. */
export const getLessonStep = (): number => lessonStore.getState().step;

/**
 * Goes to a step of the drawing's lesson, clamped to its steps (so the document goes in first: a
 * step set before its lesson is loaded ends at step 0); the step's hints start hidden again.
 */
export function setLessonStep(step: number): void {
  const last = Math.max(0, stepCount() - 1);
  const next = Math.max(0, Math.min(last, Math.trunc(step)));
  if (next !== lessonStore.getState().step) lessonStore.setState({ step: next, hints: 0 });
}

export function setLessonsOpen(open: boolean): void {
  try {
    localStorage.setItem(OPEN_KEY, String(open));
  } catch {
    // not remembered: the panel still opens
  }
  lessonStore.setState({ open });
}

/** Shows or hides the panel; the drawing is fitted again to the room it now has. */
export function toggleLessons(): void {
  const open = !lessonStore.getState().open;
  makeRoomForLessons(open);
  setLessonsOpen(open);
  fitOnceLaidOut();
}

/** Hides the panel as `toggleLessons` does (the panel's close button). */
export function closeLessons(): void {
  if (lessonStore.getState().open) toggleLessons();
}

export const setLessonView = (view: LessonView): void => lessonStore.setState({ view });

/** One more hint of the current step. */
export function revealHint(): void {
  const total = currentStep()?.hints?.length ?? 0;
  lessonStore.setState((s) => ({ hints: Math.min(total, s.hints + 1) }));
}

/** A new drawing (New, Open, a lesson, This host): its lesson, if any, starts at its first step. */
export function resetLesson(doc: Pick<Document, 'lesson'>): void {
  lessonStore.setState({ step: 0, hints: 0, view: doc.lesson === undefined ? 'list' : 'lesson' });
}

/**
 * Keeps the canvas pointing at the current step's `highlight` while the panel shows the lesson;
 * returns the unsubscribe.
 */
export function startLessonHighlight(): () => void {
  const sync = () => {
    const { open, view } = lessonStore.getState();
    const ids = open && view === 'lesson' ? (currentStep()?.highlight ?? []) : [];
    setHighlight('lesson', ids);
  };
  sync();
  const offLesson = lessonStore.subscribe(sync);
  const offDoc = editorStore.subscribe((s, prev) => {
    if (s.doc.lesson !== prev.doc.lesson) sync();
  });
  return () => {
    offLesson();
    offDoc();
    setHighlight('lesson', []);
  };
}
