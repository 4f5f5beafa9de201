import { useEffect } from 'react';

import { copySelection, deleteSelection, pasteClipboard, redo, undo } from '../editor/actions';
import { sessionStore } from '../editor/session';
import { lessonStore, setLessonStep, toggleLessons } from '../lessons/lesson-store';
import { togglePresenter } from '../panels/presenter';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

const showsLesson = () => lessonStore.getState().open && lessonStore.getState().view === 'lesson';

/**
 * Delete, Escape, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y), Ctrl+C / Ctrl+V, Ctrl+A, F (fit view), P
 * (presenter view; Escape leaves it too), L (the lessons), and Page Down / Page Up for the next and
 * previous lesson step while the lessons show one (what a presentation clicker sends); not while
 * typing in a field.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (e.key === 'Delete' || e.key === 'Backspace') deleteSelection();
      else if (mod && key === 'z' && e.shiftKey) redo();
      else if (mod && key === 'z') undo();
      else if (mod && key === 'y') redo();
      else if (mod && key === 'c') copySelection();
      else if (mod && key === 'v') pasteClipboard();
      else if (mod && key === 'a') sessionStore.getState().canvasApi?.selectAll();
      else if (e.key === 'Escape' && sessionStore.getState().presenter) togglePresenter();
      else if (e.key === 'Escape') sessionStore.getState().select([]);
      else if (!mod && !e.altKey && key === 'p') togglePresenter();
      else if (!mod && !e.altKey && key === 'f') sessionStore.getState().canvasApi?.fitView();
      else if (!mod && !e.altKey && key === 'l') toggleLessons();
      else if ((e.key === 'PageDown' || e.key === 'PageUp') && showsLesson())
        setLessonStep(lessonStore.getState().step + (e.key === 'PageDown' ? 1 : -1));
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
