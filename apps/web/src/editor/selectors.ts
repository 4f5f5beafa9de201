import { checkDocument, formatPath, isError, isWarning, type Document, type Issue } from '@netloom/topology';

export type IssueIndex = {
  /** The errors: each one blocks Plan and Apply. */
  readonly all: readonly Issue[];
  /** Warnings: accepted as written but probably a mistake; listed, never blocking, not indexed below. */
  readonly warnings: readonly Issue[];
  /** By node or link id. */
  readonly byObject: ReadonlyMap<string, readonly Issue[]>;
  /** By exact path text (`nodes[2].name`). */
  readonly byPath: ReadonlyMap<string, readonly Issue[]>;
};

let last: { readonly key: readonly unknown[]; readonly value: IssueIndex } | null = null;

/**
 * Every validation problem of the document, errors indexed, warnings beside them. Memoised on the parts that validation
 * reads, so a drag (which only changes `layout` values) costs nothing here.
 */
export function selectIssues(doc: Document): IssueIndex {
  const key = memoKey(doc);
  if (last !== null && last.key.every((k, i) => k === key[i])) return last.value;
  const value = indexOf(checkDocument(doc).issues);
  last = { key, value };
  return value;
}

/**
 * Tells `selectIssues` what checking `doc` found when it was just checked (opening a file does),
 * so the canvas does not check it a second time before its first frame: a tenth of a second at
 * 1000 namespaces (bench/web.ts).
 */
export function knownIssues(doc: Document, issues: readonly Issue[]): void {
  last = { key: memoKey(doc), value: indexOf(issues) };
}

function indexOf(issues: readonly Issue[]): IssueIndex {
  const all = issues.filter(isError);
  return {
    all,
    warnings: issues.filter(isWarning),
    byObject: group(all, (i) => i.objectId),
    byPath: group(all, (i) => formatPath(i.path)),
  };
}

function memoKey(doc: Document): readonly unknown[] {
  return [doc.name, doc.nodes, doc.links, Object.keys(doc.layout ?? {}).join('\n'), doc.version];
}

function group(issues: readonly Issue[], keyOf: (i: Issue) => string | undefined): Map<string, Issue[]> {
  const out = new Map<string, Issue[]>();
  for (const issue of issues) {
    const k = keyOf(issue);
    if (k === undefined) continue;
    out.set(k, [...(out.get(k) ?? []), issue]);
  }
  return out;
}

/** Issues at `path` or below it (`nodes[2].addresses` also returns `nodes[2].addresses[0]`). */
export function issuesUnder(index: IssueIndex, path: readonly (string | number)[]): Issue[] {
  const prefix = formatPath(path);
  return index.all.filter((i) => {
    const p = formatPath(i.path);
    return p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`);
  });
}

export const hasErrors = (index: IssueIndex): boolean => index.all.length > 0;
