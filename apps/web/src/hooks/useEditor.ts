import { useStore } from 'zustand';

import { editorStore, type EditorState } from '../editor/store';

export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(editorStore, selector);
}
