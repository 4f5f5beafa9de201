import type { Node } from './document';
import type { DocIface } from './interfaces';
import { quote, type Issue, type IssueCode } from './issues';
import type { Check, Lesson } from './lesson';

/**
 * The references of a lesson: what a step highlights and what its checks name must be objects of
 * the document of the right kind, as every other reference is. Ids that name an object which
 * failed its own schema (`known`, not valid) are not reported again.
 */
export type LessonContext = {
  readonly nodes: ReadonlyMap<string, Node>;
  /** Valid veth links by id. */
  readonly links: ReadonlySet<string>;
  /** Every node and link id the document has, valid or not. */
  readonly known: ReadonlySet<string>;
  /** The document's interfaces by reference (`br0`, `l1/a`). */
  readonly ifaces: ReadonlyMap<string, DocIface>;
};

export function lessonContext(
  nodes: readonly Node[],
  links: readonly { readonly id: string }[],
  ifaces: readonly DocIface[],
  known: ReadonlySet<string>,
): LessonContext {
  const byRef = new Map<string, DocIface>();
  for (const iface of ifaces) {
    const side = iface.kind === 'veth' ? iface.path[2] : undefined;
    const ref = typeof side === 'string' ? `${iface.objectId}/${side}` : iface.objectId;
    if (!byRef.has(ref)) byRef.set(ref, iface);
  }
  const byId = new Map<string, Node>();
  for (const node of nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  return { nodes: byId, links: new Set(links.map((l) => l.id)), known, ifaces: byRef };
}

type Problem = { readonly code: IssueCode; readonly message: string } | null;

const missing = (ref: string, what: string): Problem => ({
  code: 'MISSING_NODE',
  message: `there is no ${what} ${quote(ref)}; add it or fix the id`,
});

/** Any object: a node, a link, or a veth end. */
function objectRef(c: LessonContext, ref: string): Problem {
  const [id = ref, end] = ref.split('/');
  if (end === undefined)
    return c.nodes.has(id) || c.links.has(id) || c.known.has(id) ? null : missing(ref, 'node or link');
  if (c.links.has(id)) return null;
  if (c.nodes.has(id))
    return { code: 'WRONG_NODE_TYPE', message: `${quote(id)} is a node, not a veth link; write its id alone` };
  return c.known.has(id) ? null : missing(id, 'veth link');
}

/** A namespace or root node. */
function placeRef(c: LessonContext, id: string, role: string): Problem {
  const node = c.nodes.get(id);
  if (node === undefined) return c.known.has(id) ? null : missing(id, 'namespace or root node');
  if (node.type === 'namespace' || node.type === 'root') return null;
  return { code: 'WRONG_NODE_TYPE', message: `${role} a namespace or root node; ${quote(id)} is a ${node.type}` };
}

/** An interface: a device node or a veth end. */
function ifaceRef(c: LessonContext, ref: string): Problem {
  if (c.ifaces.has(ref)) return null;
  const [id = ref, end] = ref.split('/');
  if (end === undefined && c.links.has(id))
    return {
      code: 'WRONG_NODE_TYPE',
      message: `${quote(id)} is a veth pair, two interfaces; name one end: ${id}/a or ${id}/b`,
    };
  const node = c.nodes.get(id);
  if (node !== undefined && end === undefined)
    return { code: 'WRONG_NODE_TYPE', message: `${quote(id)} is a ${node.type}, not an interface` };
  return objectRef(c, ref) ?? (c.known.has(id) ? null : missing(ref, 'interface'));
}

function bridgeRef(c: LessonContext, id: string): Problem {
  const node = c.nodes.get(id);
  if (node === undefined) return c.known.has(id) ? null : missing(id, 'bridge');
  return node.type === 'bridge'
    ? null
    : { code: 'WRONG_NODE_TYPE', message: `${quote(id)} is a ${node.type}; a forwarding database is a bridge's` };
}

/** Each problem of one check, with the field it is in. */
function checkProblems(c: LessonContext, check: Check): [string, Problem][] {
  switch (check.type) {
    case 'ping':
      return [['from', placeRef(c, check.from, 'a ping leaves from')]];
    case 'exists':
      return [['object', objectRef(c, check.object)]];
    case 'linkState':
      return [['object', ifaceRef(c, check.object)]];
    case 'inNamespace':
      return [
        ['object', ifaceRef(c, check.object)],
        ['namespace', placeRef(c, check.namespace, 'an interface lives in')],
      ];
    case 'route':
      return [
        ['namespace', placeRef(c, check.namespace, 'routes belong to')],
        ['dev', check.dev === undefined ? null : devProblem(c, check.namespace, check.dev)],
      ];
    case 'fdb':
      return [
        ['bridge', bridgeRef(c, check.bridge)],
        ['port', ifaceRef(c, check.port) ?? portProblem(c, check.bridge, check.port)],
        ...(check.macOf === undefined
          ? ([] as [string, Problem][])
          : [['macOf', ifaceRef(c, check.macOf) ?? tunProblem(c, check.macOf)] as [string, Problem]]),
        ['mac', (check.mac === undefined) === (check.macOf === undefined) ? MAC_ONE_OF : null],
      ];
    default:
      return [];
  }
}

const MAC_ONE_OF: Problem = {
  code: 'BAD_CHECK',
  message: 'give the MAC (`mac`) or the interface it belongs to (`macOf`), one of the two',
};

function portProblem(c: LessonContext, bridge: string, port: string): Problem {
  const iface = c.ifaces.get(port);
  if (iface === undefined || c.nodes.get(bridge)?.type !== 'bridge' || iface.bridge?.id === bridge) return null;
  return { code: 'BAD_CHECK', message: `${quote(port)} is not a port of bridge ${quote(bridge)}` };
}

function tunProblem(c: LessonContext, ref: string): Problem {
  return c.ifaces.get(ref)?.kind === 'tun'
    ? { code: 'BAD_CHECK', message: `${quote(ref)} is a tun, which carries IP packets and has no MAC` }
    : null;
}

/** A route check's `dev`: an interface the document puts in that namespace, or `lo`. */
function devProblem(c: LessonContext, namespace: string, dev: string): Problem {
  const node = c.nodes.get(namespace);
  if (node === undefined || (node.type !== 'namespace' && node.type !== 'root') || dev === 'lo') return null;
  const here = (iface: DocIface) => (node.type === 'root' ? iface.place === null : iface.place?.id === node.id);
  if ([...c.ifaces.values()].some((iface) => here(iface) && iface.name === dev)) return null;
  const where = node.type === 'root' ? 'the root namespace' : `namespace ${quote(node.name)}`;
  return { code: 'BAD_CHECK', message: `${where} has no interface ${quote(dev)} in this document; fix the name` };
}

/** Every reference problem of a lesson, each at its path (`lesson.steps[1].checks[0].from`). */
export function lessonIssues(lesson: Lesson, c: LessonContext): Issue[] {
  const issues: Issue[] = [];
  lesson.steps.forEach((step, s) => {
    const at = ['lesson', 'steps', s] as const;
    (step.highlight ?? []).forEach((ref, h) => {
      const problem = objectRef(c, ref);
      if (problem !== null) issues.push({ path: [...at, 'highlight', h], ...problem });
    });
    (step.checks ?? []).forEach((check, k) => {
      for (const [field, problem] of checkProblems(c, check))
        if (problem !== null) issues.push({ path: [...at, 'checks', k, field], ...problem });
    });
  });
  return issues;
}
