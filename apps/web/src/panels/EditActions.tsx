import { copySelection, deleteSelection, pasteClipboard, redo, undo } from '../editor/actions';
import { sessionStore } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
import { useSession } from '../hooks/useSession';

/** Undo/redo, clipboard, delete, layout, fit and theme: each also has a keyboard shortcut. */
export function EditActions() {
  const canUndo = useEditor((s) => s.undoStack.length > 0 || s.pending !== null);
  const canRedo = useEditor((s) => s.redoStack.length > 0);
  const hasSelection = useSession((s) => s.selected.length > 0);
  const theme = useSession((s) => s.theme);
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('netloom.theme', next);
    sessionStore.getState().set({ theme: next });
  };
  const api = () => sessionStore.getState().canvasApi;
  return (
    <div className="toolbar__group" role="group" aria-label="Edit">
      <button type="button" onClick={undo} disabled={!canUndo} title="Ctrl+Z">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Ctrl+Shift+Z">
        Redo
      </button>
      <button type="button" onClick={copySelection} disabled={!hasSelection} title="Ctrl+C">
        Copy
      </button>
      <button type="button" onClick={pasteClipboard} title="Ctrl+V">
        Paste
      </button>
      <button type="button" onClick={deleteSelection} disabled={!hasSelection} title="Delete">
        Delete
      </button>
      <button type="button" onClick={() => void api()?.autoLayout()}>
        Auto layout
      </button>
      <button type="button" onClick={() => api()?.fitView()}>
        Fit view
      </button>
      <button type="button" onClick={toggleTheme} aria-pressed={theme === 'dark'}>
        Dark theme
      </button>
    </div>
  );
}
