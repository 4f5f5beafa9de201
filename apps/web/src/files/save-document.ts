import { writeDocument, type Document, type DocumentFormat } from '@netloom/topology';

const MIME = { json: 'application/json', yaml: 'application/yaml' } as const satisfies Record<DocumentFormat, string>;

/** Downloads the document as `<name>.json` or `<name>.yaml` (format v1, layout included). */
export function saveDocument(doc: Document, format: DocumentFormat): void {
  const blob = new Blob([writeDocument(doc, format)], { type: MIME[format] });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${doc.name}.${format === 'json' ? 'json' : 'yaml'}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
