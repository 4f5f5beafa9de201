import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { NO_DOCUMENT_LIMITS, validateDocument, type Document, type Issue } from '@netloom/topology';
import { z } from 'zod';

import { readFileNoFollow, writeFileAtomic } from '../state/safe-files';

/** Where the document applied last came from: a file (the CLI, by its absolute path) or the designer. */
export type AppliedSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'designer' };

/**
 * The document applied last under a topology, kept in the state directory
 * (`applied/<topology>.json`) by whoever applied it, the CLI or the agent: an apply of another
 * document under the same name must be confirmed, and the agent judges drift against it.
 */
export type AppliedRecord = {
  readonly document: Document;
  /** The value and text the document was checked from (`CheckedText`), and the warnings that check gave. */
  readonly checked?: CheckedText;
  /** Names this document (its content, layout aside): a drawing quotes it as `basedOn`. */
  readonly revision: string;
  /** When it was applied (ms since the epoch); 0 when the record does not say. */
  readonly appliedAt: number;
  readonly source?: AppliedSource;
};

/**
 * A document as checked, by two names: `digest`, of the netloom build, the size limits and the
 * value read (as JavaScript holds it, keys in their order), and `text`, of the build, the limits
 * and the text it was read from. The same value checked by the same rules gives the same document
 * and warnings, whichever text (JSON or YAML, any spacing) spelled it; the same text needs no
 * parse at all, to find its record (`AppliedStore.findByText`).
 */
export type CheckedText = {
  readonly digest: string;
  readonly text?: string;
  readonly warnings: readonly Issue[];
};

export const checkedTextDigest = (build: string, limits: unknown, text: string): string =>
  createHash('sha256')
    .update(JSON.stringify(['text', build, limits]))
    .update(text)
    .digest('hex');

/**
 * The `digest` of a parsed value, or undefined for a value JSON cannot spell exactly: NaN,
 * ±Infinity and -0 (YAML has them) would be written as null or 0, so such a value is checked
 * every time. JSON.parse and the YAML readers give plain objects, arrays, strings, numbers,
 * booleans and null, and keep the text's key order, which JSON.stringify writes back.
 */
export function checkedValueDigest(build: string, limits: unknown, value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) exact = false;
    return v;
  });
  if (!exact || typeof text !== 'string') return undefined;
  return createHash('sha256')
    .update(JSON.stringify(['value', build, limits]))
    .update(text)
    .digest('hex');
}

const RecordFile = z.object({
  netloomApplied: z.literal(1),
  appliedAt: z.number(),
  source: z
    .union([
      z.strictObject({ kind: z.literal('file'), path: z.string() }),
      z.strictObject({ kind: z.literal('designer') }),
    ])
    .optional(),
  /** In records written since 2026-12: `revisionOf(document)`, and `digestOf` of both as written. */
  revision: z.string().optional(),
  digest: z.string().optional(),
  checked: z.object({ digest: z.string(), text: z.string().optional(), warnings: z.array(z.unknown()) }).optional(),
  document: z.unknown(),
});
type RecordFile = z.infer<typeof RecordFile>;

const MAX_TEXT_CANDIDATES = 4;

export class AppliedStore {
  private readonly dir: string;
  private readonly parsed = new Map<string, { version: string; record: ReturnType<typeof parseRecord> }>();

  constructor(dir: string) {
    this.dir = dir;
  }

  private file(topology: string): string {
    return join(this.dir, `${topology}.json`);
  }

  /** The record of `topology`; undefined when there is none, and a problem when it cannot be used. */
  async read(topology: string): Promise<AppliedRecord | { readonly problem: string } | undefined> {
    // An apply reads its record twice (to know the text, then to plan), the agent on every drift
    // check: parsed once per version of the file. A version seen before the read is the older one
    // whenever the two differ, so a record replaced meanwhile is read again next time.
    const version = await this.version(topology).catch(() => undefined);
    const known = this.parsed.get(topology);
    if (version !== undefined && known?.version === version) return known.record;
    let text: string | undefined;
    try {
      text = await readFileNoFollow(this.file(topology));
    } catch (e: unknown) {
      return { problem: e instanceof Error ? e.message : String(e) };
    }
    if (text === undefined) return undefined;
    const record = parseRecord(text, topology);
    if (version !== undefined) this.parsed.set(topology, { version, record });
    return record;
  }

  /**
   * The record whose document was checked from exactly `text` under `digest` (`checkedTextDigest`):
   * found without parsing the text, among the records of topologies whose name the text contains
   * (a document holds its own name; usually one record qualifies). Undefined when none does.
   */
  async findByText(text: string, digest: string): Promise<AppliedRecord | undefined> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const candidates = files
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter((name) => text.includes(name));
    // Many names in one text (a short name, or many topologies): parsing the text is the cheaper way.
    if (candidates.length > MAX_TEXT_CANDIDATES) return undefined;
    for (const name of candidates) {
      const r = await this.read(name);
      if (r !== undefined && !('problem' in r) && r.checked?.text === digest) return r;
    }
    return undefined;
  }

  /**
   * Which version of the record is on disk (records are replaced whole, by rename, so a new one
   * is a new inode), or undefined when there is none: cheap to ask on every drift check.
   */
  async version(topology: string): Promise<string | undefined> {
    const s = await lstat(this.file(topology)).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    });
    return s === undefined ? undefined : `${s.ino}:${s.mtimeMs}:${s.size}`;
  }

  /** Every record, and the files that could not be used (empty, cut short, not a document). */
  async readAll(): Promise<{ records: AppliedRecord[]; problems: { file: string; problem: string }[] }> {
    const files = await readdir(this.dir).catch(() => [] as string[]); // no directory yet: nothing recorded
    const records: AppliedRecord[] = [];
    const problems: { file: string; problem: string }[] = [];
    for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
      const r = await this.read(file.slice(0, -'.json'.length));
      if (r === undefined) continue;
      if ('problem' in r) problems.push({ file: join(this.dir, file), problem: r.problem });
      else records.push(r);
    }
    return { records, problems };
  }

  async write(
    document: Document,
    source: AppliedSource | undefined,
    appliedAt = Date.now(),
    checked?: CheckedText,
  ): Promise<AppliedRecord> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const revision = revisionOf(document);
    const body = {
      netloomApplied: 1,
      appliedAt,
      ...(source !== undefined && { source }),
      revision,
      digest: digestOf(revision, checked, document),
      ...(checked !== undefined && { checked }),
      document,
    };
    this.parsed.delete(document.name);
    await writeFileAtomic(this.file(document.name), JSON.stringify(body));
    return {
      document,
      revision,
      appliedAt,
      ...(source !== undefined && { source }),
      ...(checked !== undefined && { checked }),
    };
  }

  async remove(topology: string): Promise<void> {
    this.parsed.delete(topology);
    await rm(this.file(topology), { force: true });
  }
}

function parseRecord(text: string, topology: string): AppliedRecord | { readonly problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    // A kill during an older netloom's write could leave it empty or cut short.
    return { problem: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const wrapped = RecordFile.safeParse(json);
  const record = wrapped.success ? wrapped.data : undefined;
  const fast = record === undefined ? undefined : trusted(record);
  if (fast !== undefined)
    return fast.document.name === topology ? { ...fast, ...sourceOf(record) } : misnamed(fast.document);
  // Older netlooms kept the bare document, or no digest; one edited by hand fails its digest.
  // It was applied under whatever limits that run had.
  const parsed = validateDocument(record !== undefined ? record.document : json, { limits: NO_DOCUMENT_LIMITS });
  if (!parsed.ok) return { problem: 'not a valid netloom document' };
  if (parsed.value.name !== topology) return misnamed(parsed.value);
  return {
    document: parsed.value,
    revision: revisionOf(parsed.value),
    appliedAt: record?.appliedAt ?? 0,
    ...sourceOf(record),
  };

  function misnamed(doc: Document) {
    return { problem: `holds topology "${doc.name}", not "${topology}"` };
  }
}

const sourceOf = (record: RecordFile | undefined) => (record?.source === undefined ? {} : { source: record.source });

/**
 * The recorded document, unchecked, when it is byte for byte what netloom validated and wrote:
 * checking a large document again is most of a converged re-apply's time, and the state directory
 * is root's alone. Anything else (an older record, one edited by hand) is checked in full.
 */
function trusted(record: RecordFile): Omit<AppliedRecord, 'source'> | undefined {
  const { digest, revision } = record;
  // Sealed with the rest: warnings as this build's check wrote them.
  const checked = record.checked as CheckedText | undefined;
  if (digest === undefined || revision === undefined || digestOf(revision, checked, record.document) !== digest)
    return undefined;
  const document = record.document as Document;
  revisions.set(document, revision);
  return { document, revision, appliedAt: record.appliedAt, ...(checked !== undefined && { checked }) };
}

/** Seals a record's revision, check and document exactly as written. */
const digestOf = (revision: string, checked: CheckedText | undefined, document: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify([revision, checked ?? null, document]))
    .digest('hex');

/** A name for the document's content: the same for the same topology, whatever its key order or layout. */
export function revisionOf(doc: Document): string {
  const known = revisions.get(doc);
  if (known !== undefined) return known;
  const { layout: _, ...content } = doc;
  const revision = createHash('sha256').update(stableJson(content)).digest('hex').slice(0, 16);
  revisions.set(doc, revision);
  return revision;
}

/**
 * Revisions already known, by document (documents are never changed once made): a record's
 * sealed one, or one computed. Rewriting a record whose document is unchanged (the same value
 * from another text) would otherwise hash the whole document again, ~10 ms at 500 namespaces.
 */
const revisions = new WeakMap<Document, string>();

/**
 * JSON with every object's keys sorted, so that key order does not change the text. Written by
 * JSON.stringify, handed each object with its keys re-inserted in order: ~4x faster than joining
 * the text by hand (it was ~30 ms of each revision of a 500-namespace document, and a re-apply
 * from another file takes two). An object with a key JavaScript would not keep in insertion order
 * (an array index such as "7" comes first whatever the order, `__proto__` is no plain key), or an
 * array holding undefined, is written by hand instead: the text is the same either way.
 */
function stableJson(value: unknown): string {
  let unordered = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object') return v;
    // JSON.stringify writes `null` for a hole or undefined in an array, where the text by hand has nothing.
    if (Array.isArray(v)) {
      if (v.includes(undefined)) unordered = true;
      return v;
    }
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      if (k === '__proto__' || ARRAY_INDEX.test(k)) unordered = true;
      else sorted[k] = (v as Record<string, unknown>)[k];
    }
    return sorted;
  });
  return unordered ? stableJsonByHand(value) : text;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

function stableJsonByHand(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJsonByHand).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = (value as Record<string, unknown>)[k];
        return v === undefined ? [] : [`${JSON.stringify(k)}:${stableJsonByHand(v)}`];
      })
      .join(',')}}`;
  return JSON.stringify(value);
}
