import { copyFragment, pasteFragment } from './clipboard';
import { addedIds, deleteObjects } from './commands';
import { sessionStore } from './session';
import { editorStore } from './store';

/** User actions shared by the toolbar and the keyboard: commands applied to the current selection. */

const PASTE_OFFSET = { x: 40, y: 40 };

export function deleteSelection(): void {
  const { selected } = sessionStore.getState();
  if (selected.length === 0) return;
  editorStore.getState().commit(deleteObjects(editorStore.getState().doc, selected));
  sessionStore.getState().select([]);
}

export function copySelection(): void {
  const { selected } = sessionStore.getState();
  if (selected.length === 0) return;
  const fragment = copyFragment(editorStore.getState().doc, selected);
  if (fragment.nodes.length > 0) sessionStore.getState().set({ clipboard: fragment });
}

export function pasteClipboard(): void {
  const { clipboard } = sessionStore.getState();
  if (clipboard === null) return;
  const patch = pasteFragment(editorStore.getState().doc, clipboard, PASTE_OFFSET);
  editorStore.getState().commit(patch);
  sessionStore.getState().select(addedIds(patch));
  // Pasting again lands a further step away, not on top of the first copy.
  const moved = Object.fromEntries(
    Object.entries(clipboard.layout).map(([id, p]) => [id, { x: p.x + PASTE_OFFSET.x, y: p.y + PASTE_OFFSET.y }]),
  );
  sessionStore.getState().set({ clipboard: { ...clipboard, layout: moved } });
}

export const undo = (): void => editorStore.getState().undo();
export const redo = (): void => editorStore.getState().redo();
