import { writeDocument, type Document, type DocumentFormat } from '@netloom/topology';

import { downloadText } from './download';

const MIME = { json: 'application/json', yaml: 'application/yaml' } as const satisfies Record<DocumentFormat, string>;

/** Downloads the document as `<name>.json` or `<name>.yaml` (format v1, layout included). */
export function saveDocument(doc: Document, format: DocumentFormat): void {
  downloadText(`${doc.name}.${format === 'json' ? 'json' : 'yaml'}`, writeDocument(doc, format), MIME[format]);
}
