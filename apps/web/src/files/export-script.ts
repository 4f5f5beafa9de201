import { exportShellScript, validateDocument, type Document } from '@netloom/topology';

import { downloadText } from './download';

/**
 * Downloads the drawing as `<name>.sh`, a bash script with `up` and `down` commands: the same
 * text as `netloom export --format sh` (one pure function for both). Only a valid document
 * has a plan to write down; the menu item is disabled while the drawing has errors.
 */
export function exportScript(doc: Document): void {
  const valid = validateDocument(doc);
  if (!valid.ok) return;
  downloadText(`${valid.value.name}.sh`, exportShellScript(valid.value), 'text/x-shellscript');
}
