import {
  checkDocument,
  Document,
  isError,
  parseText,
  validateDocument,
  type DocumentFormat,
  type Issue,
  type Result,
} from '@netloom/topology';
import { err, ok } from '@netloom/topology';

import { knownIssues } from '../editor/selectors';

/**
 * Text → a document the editor can hold. A file that breaks only semantic rules (a duplicate
 * name, a missing node) still opens, so the user can fix it on the canvas; its problems show in
 * the Problems list. A file whose shape is wrong (unknown field, wrong version) is refused with
 * every problem.
 */
export function openDocumentText(
  text: string,
  format: DocumentFormat | 'auto' = 'auto',
): Result<{ doc: Document; issues: Issue[] }, Issue[]> {
  const parsed = parseText(text, format);
  if (!parsed.ok) return parsed;
  const strict = checkDocument(parsed.value);
  if (strict.document !== null) {
    knownIssues(strict.document, strict.issues);
    return ok({ doc: strict.document, issues: [] });
  }
  const shaped = Document.safeParse(parsed.value);
  if (!shaped.success) return err(strict.issues.filter(isError));
  const checked = validateDocument(shaped.data);
  return ok({ doc: shaped.data, issues: checked.ok ? [] : checked.error });
}

export const formatOf = (fileName: string): DocumentFormat | 'auto' =>
  /\.json$/i.test(fileName) ? 'json' : /\.ya?ml$/i.test(fileName) ? 'yaml' : 'auto';
