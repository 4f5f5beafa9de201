import { formatIssue, type Issue } from '@netloom/topology';
import { useRef, useState, type ChangeEvent } from 'react';

import { sessionStore } from '../editor/session';
import { EMPTY_DOCUMENT, editorStore } from '../editor/store';
import { EXAMPLES } from '../files/examples';
import { formatOf, openDocumentText } from '../files/open-document';
import { replaceDrawing } from '../files/replace-drawing';
import { saveDocument } from '../files/save-document';
import { leaveDrawing } from './host/leave';
import { OpenErrors } from './OpenErrors';

/** New, open, save (JSON/YAML), examples, and image export. */
export function FileMenu() {
  const input = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<{ file: string; issues: readonly Issue[] } | null>(null);

  const load = (text: string, file: string) => {
    const opened = openDocumentText(text, formatOf(file));
    if (!opened.ok) return setErrors({ file, issues: opened.error });
    leaveDrawing(() => {
      replaceDrawing(opened.value.doc);
      sessionStore.getState().set({ dock: opened.value.issues.length > 0 ? 'problems' : sessionStore.getState().dock });
      sessionStore.getState().canvasApi?.fitView();
    });
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file !== undefined) load(await file.text(), file.name);
  };
  const onExample = async (e: ChangeEvent<HTMLSelectElement>) => {
    const example = EXAMPLES.find((x) => x.fileName === e.target.value);
    e.target.value = '';
    if (example !== undefined) load(await example.load(), example.fileName);
  };
  const save = (format: 'json' | 'yaml') => saveDocument(editorStore.getState().doc, format);
  const exportImage = (format: 'svg' | 'png') => void sessionStore.getState().canvasApi?.exportImage(format);

  return (
    <div className="toolbar__group" role="group" aria-label="File">
      <button type="button" onClick={() => leaveDrawing(() => replaceDrawing(EMPTY_DOCUMENT))}>
        New
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Open…
      </button>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.json"
        aria-label="Open file"
        hidden
        onChange={(e) => void onFile(e)}
      />
      <button type="button" onClick={() => save('yaml')}>
        Save YAML
      </button>
      <button type="button" onClick={() => save('json')}>
        Save JSON
      </button>
      <select aria-label="Examples" value="" onChange={(e) => void onExample(e)}>
        <option value="" disabled>
          Examples…
        </option>
        {EXAMPLES.map((x) => (
          <option key={x.fileName} value={x.fileName}>
            {x.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => exportImage('svg')}>
        Export SVG
      </button>
      <button type="button" onClick={() => exportImage('png')}>
        Export PNG
      </button>
      {errors !== null && (
        <OpenErrors file={errors.file} lines={errors.issues.map(formatIssue)} onClose={() => setErrors(null)} />
      )}
    </div>
  );
}
