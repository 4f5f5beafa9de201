import type { Document } from '@netloom/topology';

import { editorStore } from '../editor/store';
import { openDocumentText } from './open-document';

export const AUTOSAVE_KEY = 'netloom.autosave';
const DELAY_MS = 400;

/** The last autosaved document, if it still opens. */
export function restoreAutosave(): Document | null {
  const text = localStorage.getItem(AUTOSAVE_KEY);
  if (text === null) return null;
  const opened = openDocumentText(text, 'json');
  return opened.ok ? opened.value.doc : null;
}

/** Saves the document to localStorage shortly after each change; returns the unsubscribe. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = editorStore.subscribe((state, prev) => {
    if (state.doc === prev.doc) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(editorStore.getState().doc));
      } catch (e: unknown) {
        console.warn('netloom: autosave failed (storage full or disabled)', e);
      }
    }, DELAY_MS);
  });
  return () => {
    if (timer !== null) clearTimeout(timer);
    unsubscribe();
  };
}
