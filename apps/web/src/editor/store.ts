import type { Document } from '@netloom/topology';
import { createStore, type StoreApi } from 'zustand/vanilla';

import { applyPatch, invert, isEmptyPatch, squash, type Patch } from './history';

/**
 * - `record`: one undo step;
 * - `squash`: folded into a pending step (a drag in progress) that `settle()` records as one;
 * - `ignore`: changes the document without history (never used for user edits).
 */
export type HistoryMode = 'record' | 'squash' | 'ignore';

export type EditorState = {
  readonly doc: Document;
  readonly undoStack: readonly Patch[];
  readonly redoStack: readonly Patch[];
  /** A squashed step not yet on the undo stack. */
  readonly pending: Patch | null;
  commit(patch: Patch, mode?: HistoryMode): void;
  settle(): void;
  undo(): void;
  redo(): void;
  /** Replaces the document (open, new, example): history starts afresh. */
  load(doc: Document): void;
};

export const HISTORY_LIMIT = 200;

export const EMPTY_DOCUMENT: Document = { version: 1, name: 'untitled', nodes: [], links: [] };

export function createEditorStore(initial: Document = EMPTY_DOCUMENT): StoreApi<EditorState> {
  return createStore<EditorState>()((set, get) => {
    const settled = () => {
      const { pending, undoStack } = get();
      return pending === null || isEmptyPatch(pending) ? undoStack : [...undoStack, pending].slice(-HISTORY_LIMIT);
    };
    return {
      doc: initial,
      undoStack: [],
      redoStack: [],
      pending: null,
      commit(patch, mode = 'record') {
        if (isEmptyPatch(patch)) return;
        const doc = applyPatch(get().doc, patch);
        if (mode === 'ignore') return set({ doc });
        if (mode === 'squash') {
          const { pending } = get();
          return set({ doc, pending: pending === null ? patch : squash(pending, patch), redoStack: [] });
        }
        set({ doc, undoStack: [...settled(), patch].slice(-HISTORY_LIMIT), pending: null, redoStack: [] });
      },
      settle() {
        set({ undoStack: settled(), pending: null });
      },
      undo() {
        const undoStack = settled();
        const top = undoStack[undoStack.length - 1];
        if (top === undefined) return set({ undoStack, pending: null });
        set({
          doc: applyPatch(get().doc, invert(top)),
          undoStack: undoStack.slice(0, -1),
          pending: null,
          redoStack: [...get().redoStack, top],
        });
      },
      redo() {
        const { redoStack } = get();
        const top = redoStack[redoStack.length - 1];
        if (top === undefined) return;
        set({
          doc: applyPatch(get().doc, top),
          undoStack: [...settled(), top],
          pending: null,
          redoStack: redoStack.slice(0, -1),
        });
      },
      load(doc) {
        set({ doc, undoStack: [], redoStack: [], pending: null });
      },
    };
  });
}

/** The app's one document store. */
export const editorStore = createEditorStore();
