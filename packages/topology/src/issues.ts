import { z } from 'zod';

/** One problem with a document: where, what, and (in `message`) what to do about it. */
export type Issue = {
  /** Path into the document, e.g. `['links', 0, 'a', 'name']`. */
  readonly path: readonly (string | number)[];
  readonly code: IssueCode;
  /** A sentence a person can act on. */
  readonly message: string;
  /** The node or link the problem belongs to, so the canvas can point at it. */
  readonly objectId?: string;
  /**
   * Absent or `error`: the document is refused. `warning`: accepted and applied as written, but
   * probably not what the person meant (an address the kernel takes that no host should have).
   */
  readonly severity?: Severity;
};

export type Severity = 'error' | 'warning';

export const isWarning = (issue: Issue): boolean => issue.severity === 'warning';
export const isError = (issue: Issue): boolean => issue.severity !== 'warning';

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
  /** NAT naming an interface the namespace does not have, or in a namespace that does not forward. */
  'BAD_NAT',
  /** Impairments that need a delay and have none, or on a veth end in the root namespace. */
  'BAD_IMPAIRMENT',
  'FOREIGN_CLASH',
  'FOREIGN_INSIDE',
  /** An interface carries the topology's marker but not the MAC netloom gave it: not deleted. */
  'FOREIGN_MARKER',
  /** An address the kernel refuses or drops on an interface, or one no host should have (warning). */
  'BAD_ADDRESS',
  'BAD_MAC',
  'BAD_MTU',
  /** More ports on one bridge than the kernel takes. */
  'BRIDGE_FULL',
  /** Bridges joined in a cycle without spanning tree: a broadcast storm. */
  'L2_LOOP',
  /** Past a size limit (namespaces, links, objects, ports per bridge). */
  'TOO_LARGE',
  /** Warnings: one address or MAC twice on one layer-2 segment. */
  'DUPLICATE_ADDRESS',
  'DUPLICATE_MAC',
  /** Warning: two namespace names that differ only in case. */
  'NAME_CASE',
  /** Something on the host the kernel would refuse the plan for halfway (the preflight). */
  'HOST_CONFLICT',
  /** A lesson's check that cannot be run as written (a port of another bridge, a MAC of a tun). */
  'BAD_CHECK',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * A value the user wrote, quoted for a message: JSON string escaping, so a newline or a control
 * character shows as `\n` and a message stays one line (and a terminal reads no escape sequence). Every name, id or unparsed text goes
 * through it; an address that parsed (digits, dots, colons) is written as is.
 */
export const quote = (value: string): string =>
  // JSON leaves DEL, the C1 controls (a terminal reads U+009B as an escape) and the line separators as they are.
  JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** A path key that reads as itself after a dot; any other (an unknown field "a b") is quoted in brackets. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['links', 0, 'a', 'name']` → `links[0].a.name`; the empty path is the document itself. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(document)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : !PLAIN_KEY.test(p) ? `[${quote(p)}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** `links[0].a.name: "x" is …` — the form the CLI prints, one per line; a warning says so first. */
export const formatIssue = (issue: Issue): string =>
  `${isWarning(issue) ? 'warning: ' : ''}${formatPath(issue.path)}: ${issue.message}`;

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

/**
 * The schema of an Issue stored and read back (the page saves the warnings it found with the
 * document, to skip checking it again on reload): what `Issue` says, checked.
 */
const StoredIssues = z.lazy(() =>
  z.array(
    z.object({
      path: z.array(z.union([z.string(), z.number()])),
      code: z.enum(ISSUE_CODES),
      message: z.string(),
      objectId: z.string().optional(),
      severity: z.enum(['error', 'warning']).optional(),
    }),
  ),
);

/** `value` as a list of issues, or null when it is not one (storage another build wrote, or a hand edit). */
export function parseIssues(value: unknown): Issue[] | null {
  const parsed = StoredIssues.safeParse(value);
  if (!parsed.success) return null;
  return parsed.data.map(({ objectId, severity, ...issue }) => ({
    ...issue,
    ...(objectId !== undefined && { objectId }),
    ...(severity !== undefined && { severity }),
  }));
}
