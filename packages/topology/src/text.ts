import type { Document } from './document';
import type { Issue } from './issues';
import { err, ok, type Result } from './result';
import { parseYamlSubset } from './yaml-subset';

/**
 * Reading and writing a document's text with the `yaml` library passed in, so that a caller can
 * load that library only when it is needed: the designer's first page load does without it (about
 * 30 KB gzip), since JSON and the YAML the fast reader takes (yaml-subset.ts) need none of it.
 * read.ts binds these to `yaml` for callers that always have it (the agent and CLI).
 */

export type DocumentFormat = 'json' | 'yaml';

/** What `yaml` is used for: reading the YAML the fast reader does not take (throws on invalid text), and writing. */
export type YamlLibrary = {
  readonly parse: (text: string) => unknown;
  readonly stringify: (value: unknown) => string;
};

/** The `yaml` library's options for reading a document: a key given twice is an error, and aliases are bounded. */
export const YAML_READ_OPTIONS = { uniqueKeys: true, maxAliasCount: 100 } as const;
/** ...and for writing one: long text is never folded. */
export const YAML_WRITE_OPTIONS = { lineWidth: 0 } as const;

export function parseTextWith(
  yamlParse: YamlLibrary['parse'],
  text: string,
  format: DocumentFormat | 'auto' = 'auto',
): Result<unknown, Issue[]> {
  const json = format === 'json' || (format === 'auto' && /^\s*[{[]/.test(text));
  // The common shapes of YAML without the `yaml` library's syntax tree (see yaml-subset.ts); the rest through it.
  const yaml = (): unknown => (parseYamlSubset(text) ?? { value: yamlParse(text) }).value;
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
 * True when reading `text` as `format` needs the `yaml` library: YAML (or text in auto mode that
 * is not JSON) that the fast reader does not take.
 */
export function needsYamlLibrary(text: string, format: DocumentFormat | 'auto' = 'auto'): boolean {
  let needed = false;
  parseTextWith(
    () => {
      needed = true;
      throw new Error('the yaml library is needed');
    },
    text,
    format,
  );
  return needed;
}

export function writeDocumentWith(
  yamlStringify: YamlLibrary['stringify'],
  doc: Document,
  format: DocumentFormat,
): string {
  const { version, name, description, nodes, links, lesson, layout, ...rest } = doc;
  const ordered = { version, name, description, nodes, links, lesson, layout, ...rest };
  return format === 'json' ? `${JSON.stringify(ordered, null, 2)}\n` : stringifyKeepingBlanks(yamlStringify, ordered);
}

/**
 * A text of spaces and line breaks alone (" \n") is one `yaml` (2.8) writes as a literal block
 * without the indentation indicator it needs (`|+` and a line of spaces), and reads back without
 * its spaces ("\n"); the fast reader reads it so too. Found by lesson.test.ts's property test: a
 * description or step saved and opened again must be the same text. Such texts are written
 * double-quoted instead (JSON's quoting is also YAML's): each stands in as a placeholder, a plain
 * scalar, while `yaml` writes, and is put back quoted after.
 */
function stringifyKeepingBlanks(yamlStringify: YamlLibrary['stringify'], value: object): string {
  const isBlank = (v: string) => v.includes('\n') && /^[ \t\n]*$/.test(v) && /[ \t]/.test(v);
  const hasBlank = (v: unknown): boolean =>
    typeof v === 'string'
      ? isBlank(v)
      : v !== null && typeof v === 'object' && Object.values(v as object).some(hasBlank);
  // Almost every document has none: then it is written as it is, with no copy.
  if (!hasBlank(value)) return yamlStringify(value);
  const whole = JSON.stringify(value);
  let tag = 'netloom_blank_text';
  while (whole.includes(tag)) tag += '_';
  const blanks: string[] = [];
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return isBlank(v) ? `${tag}${blanks.push(v) - 1}` : v;
    if (Array.isArray(v)) return v.map(swap);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  const text = yamlStringify(swap(value));
  return text.replace(new RegExp(`${tag}(\\d+)`, 'g'), (_, i: string) => JSON.stringify(blanks[Number(i)]));
}
