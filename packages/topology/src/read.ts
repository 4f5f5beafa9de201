import type { Document } from './document';
import type { Issue } from './issues';
import type { Result } from './result';
import { parseTextWith, writeDocumentWith, type DocumentFormat } from './text';
import { validateDocument } from './validate';
import { YAML } from './yaml';

/**
 * Text (JSON or YAML: JSON is YAML, but JSON errors read better from JSON.parse) → a valid
 * document, or every problem with its path.
 */
export function readDocument(text: string, format: DocumentFormat | 'auto' = 'auto'): Result<Document, Issue[]> {
  const parsed = parseText(text, format);
  return parsed.ok ? validateDocument(parsed.value) : parsed;
}

export function parseText(text: string, format: DocumentFormat | 'auto' = 'auto'): Result<unknown, Issue[]> {
  return parseTextWith(YAML.parse, text, format);
}

/**
 * The document as text, its fields in the order of the format (version, name, description, nodes,
 * links, lesson, layout) whatever order the object has them in. Multi-line text (Markdown) is
 * written by `yaml` as a literal block (`|`), which the fast reader takes.
 */
export function writeDocument(doc: Document, format: DocumentFormat): string {
  return writeDocumentWith(YAML.stringify, doc, format);
}
