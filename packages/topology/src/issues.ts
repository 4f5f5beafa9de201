/** One problem with a document: where, what, and (in `message`) what to do about it. */
export type Issue = {
  /** Path into the document, e.g. `['links', 0, 'a', 'name']`. */
  readonly path: readonly (string | number)[];
  readonly code: IssueCode;
  /** A sentence a person can act on. */
  readonly message: string;
  /** The node or link the problem belongs to, so the canvas can point at it. */
  readonly objectId?: string;
};

export const ISSUE_CODES = [
  'NOT_A_DOCUMENT',
  'UNKNOWN_FIELD',
  'MISSING_FIELD',
  'INVALID_VALUE',
  'DUPLICATE_ID',
  'DUPLICATE_ROOT',
  'DUPLICATE_NAME',
  'MISSING_NODE',
  'WRONG_NODE_TYPE',
  'TUN_ON_BRIDGE',
  'MASTER_ELSEWHERE',
  'VETH_LOOP',
  'VXLAN_PEER',
  'BAD_ROUTE',
  'FOREIGN_CLASH',
  'FOREIGN_INSIDE',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** `['links', 0, 'a', 'name']` → `links[0].a.name`; the empty path is the document itself. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(document)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** `links[0].a.name: "x" is …` — the form the CLI prints, one per line. */
export const formatIssue = (issue: Issue): string => `${formatPath(issue.path)}: ${issue.message}`;

/**
 * Gives a problem found outside the document (by the engine, against the kernel) the path of the
 * node or link it concerns, where the document has it, so it reads like any other: `nodes[2]: …`.
 */
export function locateIssues(
  issues: readonly Issue[],
  doc: { readonly nodes: readonly { readonly id: string }[]; readonly links: readonly { readonly id: string }[] },
): Issue[] {
  return issues.map((issue) => {
    if (issue.path.length > 0 || issue.objectId === undefined) return issue;
    const node = doc.nodes.findIndex((n) => n.id === issue.objectId);
    if (node >= 0) return { ...issue, path: ['nodes', node] };
    const link = doc.links.findIndex((l) => l.id === issue.objectId);
    return link >= 0 ? { ...issue, path: ['links', link] } : issue;
  });
}
