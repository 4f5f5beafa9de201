import {
  checkDocument,
  Document,
  isError,
  needsYamlLibrary,
  parseTextWith,
  validateDocument,
  type DocumentFormat,
  type Issue,
  type Result,
} from '@netloom/topology';
import { err, ok } from '@netloom/topology';

import { knownIssues } from '../editor/selectors';

type Opened = Result<{ doc: Document; issues: Issue[] }, Issue[]>;

/**
 * Text → a document the editor can hold (see openDocumentValue). Asynchronous because YAML that
 * the fast reader does not take is read by the `yaml` library, which is loaded then.
 */
export async function openDocumentText(text: string, format: DocumentFormat | 'auto' = 'auto'): Promise<Opened> {
  const parse = needsYamlLibrary(text, format) ? (await import('@netloom/topology/yaml')).YAML.parse : refuseYaml;
  const parsed = parseTextWith(parse, text, format);
  return parsed.ok ? openDocumentValue(parsed.value) : parsed;
}

/**
 * A parsed value (JSON) → a document the editor can hold. A file that breaks only semantic rules
 * (a duplicate name, a missing node) still opens, so the user can fix it on the canvas; its
 * problems show in the Problems list. A file whose shape is wrong (unknown field, wrong version)
 * is refused with every problem.
 */
export function openDocumentValue(value: unknown): Opened {
  const strict = checkDocument(value);
  if (strict.document !== null) {
    knownIssues(strict.document, strict.issues);
    return ok({ doc: strict.document, issues: [] });
  }
  const shaped = Document.safeParse(value);
  if (!shaped.success) return err(strict.issues.filter(isError));
  const checked = validateDocument(shaped.data);
  return ok({ doc: shaped.data, issues: checked.ok ? [] : checked.error });
}

/** needsYamlLibrary said no: never called. */
const refuseYaml = (): never => {
  throw new Error('the yaml library was not loaded');
};

export const formatOf = (fileName: string): DocumentFormat | 'auto' =>
  /\.json$/i.test(fileName) ? 'json' : /\.ya?ml$/i.test(fileName) ? 'yaml' : 'auto';
