import { useStore } from 'zustand';

import { lessonStore, type LessonState } from './lesson-store';

export function useLessons<T>(selector: (s: LessonState) => T): T {
  return useStore(lessonStore, selector);
}
