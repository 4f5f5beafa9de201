import { sessionStore } from '../editor/session';
import { EMPTY_DOCUMENT, editorStore } from '../editor/store';
import { EXAMPLES } from '../files/examples';
import { exportScript } from '../files/export-script';
import { openExample, pickFile } from '../files/open-flow';
import { replaceDrawing } from '../files/replace-drawing';
import { saveDocument } from '../files/save-document';
import { useIssues } from '../hooks/useIssues';
import { leaveDrawing } from './host/leave';
import { Menu, MenuGroup, MenuItem, MenuSeparator } from './menu/Menu';

/** New, open, save (JSON/YAML), the examples, image export, and the drawing as a shell script. */
export function FileMenu() {
  const save = (format: 'json' | 'yaml') => void saveDocument(editorStore.getState().doc, format);
  const exportImage = (format: 'svg' | 'png') => void sessionStore.getState().canvasApi?.exportImage(format);
  const errors = useIssues().all.length;
  return (
    <Menu label="File">
      <MenuItem onSelect={() => leaveDrawing(() => replaceDrawing(EMPTY_DOCUMENT))}>New</MenuItem>
      <MenuItem onSelect={pickFile}>Open…</MenuItem>
      <MenuItem onSelect={() => save('yaml')}>Save YAML</MenuItem>
      <MenuItem onSelect={() => save('json')}>Save JSON</MenuItem>
      <MenuSeparator />
      <MenuGroup label="Examples">
        {EXAMPLES.map((x) => (
          <MenuItem key={x.fileName} onSelect={() => void openExample(x)} title={`open examples/${x.fileName}`}>
            {x.name}
          </MenuItem>
        ))}
      </MenuGroup>
      <MenuSeparator />
      <MenuItem onSelect={() => exportImage('svg')}>Export SVG</MenuItem>
      <MenuItem onSelect={() => exportImage('png')}>Export PNG</MenuItem>
      <MenuItem
        onSelect={() => exportScript(editorStore.getState().doc)}
        disabled={errors > 0}
        title={
          errors > 0
            ? 'fix the problems first: a script is written from a valid drawing'
            : 'a bash script: bash NAME.sh up builds it, bash NAME.sh down removes it'
        }
      >
        Export shell script
      </MenuItem>
    </Menu>
  );
}
