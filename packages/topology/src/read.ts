import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

import type { Document } from './document';
import type { Issue } from './issues';
import { err, ok, type Result } from './result';
import { validateDocument } from './validate';
import { parseYamlSubset } from './yaml-subset';

const YAML_OPTIONS = { uniqueKeys: true, maxAliasCount: 100 } as const;

export type DocumentFormat = 'json' | 'yaml';

/**
 * Text (JSON or YAML: JSON is YAML, but JSON errors read better from JSON.parse) → a valid
 * document, or every problem with its path.
 */
export function readDocument(text: string, format: DocumentFormat | 'auto' = 'auto'): Result<Document, Issue[]> {
  const parsed = parseText(text, format);
  return parsed.ok ? validateDocument(parsed.value) : parsed;
}

export function parseText(text: string, format: DocumentFormat | 'auto' = 'auto'): Result<unknown, Issue[]> {
  const json = format === 'json' || (format === 'auto' && /^\s*[{[]/.test(text));
  // The common shapes of YAML without the `yaml` library's syntax tree (see yaml-subset.ts); the rest through it.
  const yaml = (): unknown => (parseYamlSubset(text) ?? { value: parseYaml(text, YAML_OPTIONS) }).value;
  try {
    return ok(json ? (JSON.parse(text) as unknown) : yaml());
  } catch (e: unknown) {
    // In auto mode, `{version: 1, ...}` is YAML flow style, not broken JSON: report JSON's error only if YAML fails too.
    if (json && format === 'auto') {
      try {
        return ok(yaml());
      } catch {
        // fall through to the JSON error, which reads better
      }
    }
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return err([
      { path: [], code: 'NOT_A_DOCUMENT', message: `the file is not valid ${json ? 'JSON' : 'YAML'}: ${reason}` },
    ]);
  }
}

/**
 * The document as text, its fields in the order of the format (version, name, description, nodes,
 * links, lesson, layout) whatever order the object has them in. Multi-line text (Markdown) is
 * written by `yaml` as a literal block (`|`), which the fast reader takes.
 */
export function writeDocument(doc: Document, format: DocumentFormat): string {
  const { version, name, description, nodes, links, lesson, layout, ...rest } = doc;
  const ordered = { version, name, description, nodes, links, lesson, layout, ...rest };
  return format === 'json' ? `${JSON.stringify(ordered, null, 2)}\n` : stringifyYaml(ordered, { lineWidth: 0 });
}
