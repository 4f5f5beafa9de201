import type { Issue } from '@netloom/topology';
import { createStore } from 'zustand/vanilla';

import { showDock, sessionStore } from '../editor/session';
import { leaveDrawing } from '../panels/host/leave';
import type { Example } from './examples';
import { formatOf, openDocumentText } from './open-document';
import { replaceDrawing } from './replace-drawing';

/**
 * Opening a document, from wherever it is asked (File menu, the empty canvas's hint): a file the
 * person picks or an example. A document that does not read leaves the drawing as it was and
 * says why (`openErrors`, shown by OpenErrorsDialog).
 */

export const openErrors = createStore<{ file: string; issues: readonly Issue[] } | null>()(() => null);

export async function openText(text: string, file: string): Promise<void> {
  const opened = await openDocumentText(text, formatOf(file));
  if (!opened.ok) return openErrors.setState({ file, issues: opened.error }, true);
  leaveDrawing(() => {
    replaceDrawing(opened.value.doc);
    if (opened.value.issues.length > 0) showDock('problems');
    sessionStore.getState().canvasApi?.fitView();
  });
}

export async function openExample(example: Example): Promise<void> {
  await openText(await example.load(), example.fileName);
}

/** The browser's file chooser (an input made for the occasion: any button can offer it). */
export function pickFile(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.yaml,.yml,.json';
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file !== undefined) void file.text().then((text) => openText(text, file.name));
  });
  input.click();
}
