import type { Document } from '@netloom/topology';

import { liveStore, type AppliedDrawing } from '../agent/live-store';
import { editorStore } from '../editor/store';
import { openDocumentValue } from './open-document';

export const AUTOSAVE_KEY = 'netloom.autosave';
/** The applied topology the autosaved drawing is (`LiveState.applied`), so a reload keeps showing it live. */
export const AUTOSAVE_APPLIED_KEY = 'netloom.autosave.applied';
const DELAY_MS = 400;

/** The last autosaved document, if it still opens. */
export function restoreAutosave(): Document | null {
  const text = localStorage.getItem(AUTOSAVE_KEY);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const opened = openDocumentValue(value);
  return opened.ok ? opened.value.doc : null;
}

/** Which applied topology the autosaved drawing was, if any. */
export function restoreApplied(): AppliedDrawing | null {
  try {
    const saved = JSON.parse(localStorage.getItem(AUTOSAVE_APPLIED_KEY) ?? 'null') as unknown;
    if (typeof saved !== 'object' || saved === null || !('topology' in saved) || typeof saved.topology !== 'string')
      return null;
    const revision = 'revision' in saved && typeof saved.revision === 'string' ? saved.revision : undefined;
    return { topology: saved.topology, ...(revision !== undefined && { revision }) };
  } catch {
    return null; // not ours, or from an older netloom: the drawing is simply not applied
  }
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
  const unsubscribeApplied = liveStore.subscribe((state, prev) => {
    if (state.applied === prev.applied) return;
    try {
      if (state.applied === null) localStorage.removeItem(AUTOSAVE_APPLIED_KEY);
      else localStorage.setItem(AUTOSAVE_APPLIED_KEY, JSON.stringify(state.applied));
    } catch (e: unknown) {
      console.warn('netloom: autosave failed (storage full or disabled)', e);
    }
  });
  return () => {
    if (timer !== null) clearTimeout(timer);
    unsubscribe();
    unsubscribeApplied();
  };
}
