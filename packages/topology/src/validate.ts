import { Document, Link, Node, VethEnd } from './document';
import { interfaceIssues } from './interface-rules';
import { documentInterfaces, type LoneEnd } from './interfaces';
import { isError, type Issue } from './issues';
import { bridgePortIssues, loopIssues } from './l2';
import { Lesson } from './lesson';
import { lessonContext, lessonIssues } from './lesson-rules';
import { DEFAULT_DOCUMENT_LIMITS, sizeIssues, type DocumentLimits } from './limits';
import { objectIssues } from './objects';
import { resolver } from './resolve';
import type { Result } from './result';
import { err, ok } from './result';
import { parseItems, salvage, touchesDropped, type Indexed } from './salvage';
import { issuesFromZod } from './schema-issues';
import { segmentIssues } from './segments';
import { vxlanPeerIssues } from './vxlan-rules';

/** What a caller may tune. */
export type ValidateOptions = {
  /** Size limits; each one left out keeps its default (`DEFAULT_DOCUMENT_LIMITS`). */
  readonly limits?: Partial<DocumentLimits>;
};

/** A document checked: the typed document when nothing is refused, and every problem, warnings included. */
export type DocumentCheck = {
  /** `null` when an issue is an error. */
  readonly document: Document | null;
  /** Errors and warnings (severity `warning`), in the order found. */
  readonly issues: readonly Issue[];
};

/**
 * Checks a document and returns it typed, or every error at once. Warnings never refuse a
 * document; `checkDocument` returns them too.
 */
export function validateDocument(input: unknown, options: ValidateOptions = {}): Result<Document, Issue[]> {
  const checked = checkDocument(input, options);
  return checked.document !== null ? ok(checked.document) : err(checked.issues.filter(isError));
}

/**
 * Every problem of a document at once. Schema problems are found per node and per link, and the
 * rules between objects run on every object that is valid on its own, or can be made so by leaving
 * out its faulty optional fields; an object past saving still has its references checked. So one
 * problem never hides another.
 */
export function checkDocument(input: unknown, options: ValidateOptions = {}): DocumentCheck {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return refuse([
      { path: [], code: 'NOT_A_DOCUMENT', message: 'a topology document is an object with version, name and nodes' },
    ]);
  }
  const raw = input as Record<string, unknown>;
  const limits = { ...DEFAULT_DOCUMENT_LIMITS, ...options.limits };
  const tooLarge = sizeIssues(raw, limits);
  if (tooLarge.length > 0) return refuse(tooLarge);
  const objectIdAt = (path: readonly PropertyKey[]): string | undefined => rawId(raw, path);
  // reportInput: zod strips each issue's input otherwise, and a missing field must be told from a wrong one.
  const parsed = Document.safeParse(input, { reportInput: true });
  const issues = parsed.success ? [] : issuesFromZod(parsed.error, objectIdAt).map((i) => explainTunMaster(raw, i));

  // When the whole document parsed, its nodes and links are the valid ones: no need to parse each again.
  const indexed = <T>(items: readonly T[]): Indexed<T>[] => items.map((item, index) => ({ item, index }));
  const nodes = parsed.success
    ? { valid: indexed(parsed.data.nodes), broken: [], dropped: [] }
    : parseItems('nodes', raw['nodes'], Node);
  const links = parsed.success
    ? { valid: indexed(parsed.data.links), broken: [], dropped: [] }
    : parseItems('links', raw['links'], Link);
  const dropped = [...nodes.dropped, ...links.dropped];
  const knownIds = new Set(rawIds(raw['nodes']));
  const r = resolver({ nodes: nodes.valid.map((n) => n.item) });
  const loneEnds = links.broken.flatMap(({ value, index }) =>
    (['a', 'b'] as const).flatMap((side): LoneEnd[] => {
      const id = value['id'];
      const end = typeof id === 'string' ? salvage(value[side], VethEnd) : null;
      if (end === null || typeof id !== 'string') return [];
      dropped.push(...end.dropped.map((p) => ['links', index, side, ...p]));
      return [{ id, index, side, end: end.item }];
    }),
  );
  const ifaces = documentInterfaces(nodes.valid, links.valid, r, loneEnds);
  const found = [
    ...objectIssues(nodes.valid, links.valid, r, knownIds, { nodes: nodes.broken, links: links.broken }),
    ...interfaceIssues(ifaces),
    ...vxlanPeerIssues(ifaces),
    ...bridgePortIssues(ifaces, limits.portsPerBridge),
    ...loopIssues(ifaces),
    ...segmentIssues(ifaces),
    ...lessonRefs(raw['lesson'], nodes.valid, links.valid, ifaces, new Set([...knownIds, ...rawIds(raw['links'])])),
  ];
  // A rule about a field left out to save its object (a route whose gateway was no address) is moot.
  issues.push(...found.filter((i) => !touchesDropped(i.path, dropped)));
  const document = parsed.success && !issues.some(isError) ? parsed.data : null;
  return { document, issues };
}

/** The lesson's references, when the lesson itself is well-formed (its own problems come from the schema). */
function lessonRefs(
  raw: unknown,
  nodes: readonly Indexed<Node>[],
  links: readonly Indexed<Link>[],
  ifaces: Parameters<typeof lessonContext>[2],
  known: ReadonlySet<string>,
): Issue[] {
  if (raw === undefined) return [];
  const lesson = Lesson.safeParse(raw);
  if (!lesson.success) return [];
  const c = lessonContext(
    nodes.map((n) => n.item),
    links.map((l) => l.item),
    ifaces,
    known,
  );
  return lessonIssues(lesson.data, c);
}

const refuse = (issues: Issue[]): DocumentCheck => ({ document: null, issues });

/** A tun has no `master` field at all; say why instead of "unknown field". */
function explainTunMaster(raw: Record<string, unknown>, issue: Issue): Issue {
  const [list, index, field] = issue.path;
  if (issue.code !== 'UNKNOWN_FIELD' || list !== 'nodes' || field !== 'master' || issue.path.length !== 3) return issue;
  const nodes = raw['nodes'];
  const node: unknown = Array.isArray(nodes) && typeof index === 'number' ? nodes[index] : undefined;
  if (!isRecord(node) || node['type'] !== 'tun') return issue;
  const message = 'a tun device carries IP packets, not Ethernet frames, so it cannot join a bridge; use a tap';
  return { ...issue, code: 'TUN_ON_BRIDGE', message };
}

function rawIds(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v: unknown) => (isRecord(v) && typeof v['id'] === 'string' ? [v['id']] : []));
}

function rawId(raw: Record<string, unknown>, path: readonly PropertyKey[]): string | undefined {
  const [list, index] = path;
  if ((list !== 'nodes' && list !== 'links') || typeof index !== 'number') return undefined;
  const items = raw[list];
  const item: unknown = Array.isArray(items) ? items[index] : undefined;
  return isRecord(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
