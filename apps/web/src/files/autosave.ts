import type { Document } from '@netloom/topology';

import { liveStore, type AppliedDrawing } from '../agent/live-store';
import { knownIssues, selectIssues } from '../editor/selectors';
import { editorStore } from '../editor/store';
import { BUILD_CHECKS, checkFor, savedWarnings } from './autosave-check';
import { openDocumentValue } from './open-document';

export const AUTOSAVE_KEY = 'netloom.autosave';
/** What checking the autosaved text found (autosave-check.ts), so a reload need not check it again. */
export const AUTOSAVE_CHECK_KEY = 'netloom.autosave.check';
/** The applied topology the autosaved drawing is (`LiveState.applied`), so a reload keeps showing it live. */
export const AUTOSAVE_APPLIED_KEY = 'netloom.autosave.applied';
const DELAY_MS = 400;

/**
 * The last autosaved document, if it still opens. Checked as any document opened, unless this
 * build saved it without errors: then the check saved with it stands (its warnings are listed).
 * A document restored without errors and without such a check is saved again with its check, for
 * the next reload.
 */
export function restoreAutosave(): Document | null {
  const text = localStorage.getItem(AUTOSAVE_KEY);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const warnings = savedWarnings(text, localStorage.getItem(AUTOSAVE_CHECK_KEY), BUILD_CHECKS);
  if (warnings !== null) {
    // This text is what the editor saved, a document that opened (parsing it again changes nothing).
    const doc = value as Document;
    knownIssues(doc, warnings);
    return doc;
  }
  const opened = openDocumentValue(value);
  if (!opened.ok) return null;
  // Opened without errors, its check is known (open-document.ts): saved with the document as the
  // editor saves it (the text may lack what parsing fills in, such as `links`), it costs no check.
  const { doc, issues } = opened.value;
  if (issues.length === 0) {
    try {
      const saved = JSON.stringify(doc);
      if (saved !== text) localStorage.setItem(AUTOSAVE_KEY, saved);
      saveCheck(saved, doc);
    } catch {
      // Storage full or disabled: the next reload checks the document again.
    }
  }
  return doc;
}

/** Saves what checking `doc` (whose text is `text`) found, or clears a check of another text. */
function saveCheck(text: string, doc: Document): void {
  const check = checkFor(text, selectIssues(doc), BUILD_CHECKS);
  if (check === null) localStorage.removeItem(AUTOSAVE_CHECK_KEY);
  else localStorage.setItem(AUTOSAVE_CHECK_KEY, JSON.stringify(check));
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
        const { doc } = editorStore.getState();
        const text = JSON.stringify(doc);
        localStorage.setItem(AUTOSAVE_KEY, text);
        saveCheck(text, doc);
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
