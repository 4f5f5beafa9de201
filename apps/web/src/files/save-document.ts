import { writeDocumentWith, type Document, type DocumentFormat } from '@netloom/topology';

import { downloadText } from './download';

const MIME = { json: 'application/json', yaml: 'application/yaml' } as const satisfies Record<DocumentFormat, string>;

/** Downloads the document as `<name>.json` or `<name>.yaml` (format v1, layout included). */
export async function saveDocument(doc: Document, format: DocumentFormat): Promise<void> {
  // The yaml library is a chunk of its own (@netloom/topology/yaml), loaded for the first YAML saved.
  const stringify = format === 'yaml' ? (await import('@netloom/topology/yaml')).YAML.stringify : JSON.stringify;
  downloadText(
    `${doc.name}.${format === 'json' ? 'json' : 'yaml'}`,
    writeDocumentWith(stringify, doc, format),
    MIME[format],
  );
}
