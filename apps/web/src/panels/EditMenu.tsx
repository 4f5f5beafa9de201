import { copySelection, deleteSelection, pasteClipboard, redo, undo } from '../editor/actions';
import { sessionStore } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
import { useSession } from '../hooks/useSession';
import { Menu, MenuItem, MenuSeparator } from './menu/Menu';
import { SHORTCUT } from './menu/shortcuts';

/** Undo/redo, clipboard, delete, select all, layout: each but layout also has a keyboard shortcut. */
export function EditMenu() {
  const canUndo = useEditor((s) => s.undoStack.length > 0 || s.pending !== null);
  const canRedo = useEditor((s) => s.redoStack.length > 0);
  const hasSelection = useSession((s) => s.selected.length > 0);
  const api = () => sessionStore.getState().canvasApi;
  return (
    <Menu label="Edit">
      <MenuItem onSelect={undo} disabled={!canUndo} shortcut={SHORTCUT.undo}>
        Undo
      </MenuItem>
      <MenuItem onSelect={redo} disabled={!canRedo} shortcut={SHORTCUT.redo}>
        Redo
      </MenuItem>
      <MenuSeparator />
      <MenuItem onSelect={copySelection} disabled={!hasSelection} shortcut={SHORTCUT.copy}>
        Copy
      </MenuItem>
      <MenuItem onSelect={pasteClipboard} shortcut={SHORTCUT.paste}>
        Paste
      </MenuItem>
      <MenuItem onSelect={deleteSelection} disabled={!hasSelection} shortcut={SHORTCUT.delete}>
        Delete
      </MenuItem>
      <MenuItem onSelect={() => api()?.selectAll()} shortcut={SHORTCUT.selectAll}>
        Select all
      </MenuItem>
      <MenuSeparator />
      <MenuItem onSelect={() => void api()?.autoLayout()}>Auto layout</MenuItem>
    </Menu>
  );
}
