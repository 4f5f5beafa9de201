import type {
  BridgeNode,
  Document,
  NamespaceNode,
  Node,
  RootNode,
  TapNode,
  TunNode,
  VethEnd,
  VethLink,
  VxlanNode,
} from '../document';
import { formatIssue, formatPath, type IssueCode } from '../issues';
import { validateDocument } from '../validate';

/**
 * Small builders for documents, so a test states only what it is about. Each returns plain
 * format-v1 data; `extra` adds or overrides fields. Invalid documents are made from valid ones
 * with `withField` / `withoutField`, so every bad case differs from a good one in one place.
 */

type Extra<T, Fixed extends keyof T> = Partial<Omit<T, Fixed>>;

export const aRoot = (id = 'host'): RootNode => ({ id, type: 'root' });

export const aNamespace = (
  id: string,
  name: string = id,
  extra: Extra<NamespaceNode, 'id' | 'type' | 'name'> = {},
): NamespaceNode => ({
  id,
  type: 'namespace',
  name,
  ...extra,
});

export const aBridge = (
  id: string,
  name: string = id,
  extra: Extra<BridgeNode, 'id' | 'type' | 'name'> = {},
): BridgeNode => ({
  id,
  type: 'bridge',
  name,
  ...extra,
});

export const aTap = (id: string, name: string = id, extra: Extra<TapNode, 'id' | 'type' | 'name'> = {}): TapNode => ({
  id,
  type: 'tap',
  name,
  ...extra,
});

export const aTun = (id: string, name: string = id, extra: Extra<TunNode, 'id' | 'type' | 'name'> = {}): TunNode => ({
  id,
  type: 'tun',
  name,
  ...extra,
});

export const aVxlan = (
  id: string,
  name: string = id,
  vni = 42,
  extra: Extra<VxlanNode, 'id' | 'type' | 'name' | 'vni'> = {},
): VxlanNode => ({ id, type: 'vxlan', name, vni, ...extra });

/** One veth end: `node` is a namespace, root or bridge node id. */
export const anEnd = (node: string, name: string, extra: Extra<VethEnd, 'node' | 'name'> = {}): VethEnd => ({
  node,
  name,
  ...extra,
});

/** `a` and `b` are ends, or `[node, name]` pairs for short. */
export function aVeth(
  id: string,
  a: VethEnd | readonly [string, string],
  b: VethEnd | readonly [string, string],
): VethLink {
  const end = (e: VethEnd | readonly [string, string]): VethEnd => ('node' in e ? e : anEnd(e[0], e[1]));
  return { id, type: 'veth', a: end(a), b: end(b) };
}

/**
 * A veth inside namespace `ns` (id `on-<ns>`) whose end `v0` has `addresses`: puts their subnets
 * on-link there, so routes through gateways on them are valid.
 */
export const aSubnetLink = (ns: string, ...addresses: string[]): VethLink =>
  aVeth(`on-${ns}`, anEnd(ns, 'v0', { addresses }), [ns, 'v1']);

export type DocumentParts = {
  readonly name?: string;
  readonly nodes?: readonly Node[];
  readonly links?: readonly VethLink[];
};

/** A version-1 document named `lab` (by default) with the given nodes and links. */
export const aDocument = ({ name = 'lab', nodes = [], links = [] }: DocumentParts = {}): Document => ({
  version: 1,
  name,
  nodes: [...nodes],
  links: [...links],
});

/**
 * The example of DESIGN.md ("bridge-demo"): a root node, a namespace with a default route, a
 * bridge with an address, a tap and a VXLAN on it, and a veth from the namespace to the bridge.
 */
export const aBridgeDemo = (): Document =>
  aDocument({
    name: 'bridge-demo',
    nodes: [
      aRoot('host'),
      aNamespace('ns1', 'netns1', { forwarding: false, routes: [{ to: 'default', via: '1.2.3.101' }] }),
      aBridge('br0', 'br0', { namespace: 'host', addresses: ['1.2.3.101/24'], stp: false }),
      aTap('tap0', 'tap0', { namespace: 'host', master: 'br0' }),
      aVxlan('vx', 'vxlan42', 42, {
        namespace: 'host',
        port: 4789,
        local: '192.168.50.1',
        remote: '192.168.50.2',
        underlay: 'eth1',
        master: 'br0',
      }),
    ],
    links: [aVeth('l1', anEnd('ns1', 'veth1', { addresses: ['1.2.3.1/24'] }), anEnd('br0', 'veth-ns1'))],
  });

type Path = readonly (string | number)[];

/** A deep copy of `value` with the field at `path` set to `field` (any value, valid or not). */
export function withField(value: unknown, path: Path, field: unknown): unknown {
  const copy: unknown = structuredCopy(value);
  const [parent, last] = walk(copy, path);
  (parent as Record<string | number, unknown>)[last] = field;
  return copy;
}

/** A deep copy of `value` without the field at `path`. */
export function withoutField(value: unknown, path: Path): unknown {
  const copy: unknown = structuredCopy(value);
  const [parent, last] = walk(copy, path);
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else delete (parent as Record<string | number, unknown>)[last];
  return copy;
}

function walk(root: unknown, path: Path): [object, string | number] {
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('withField/withoutField need a non-empty path');
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown>)[key];
    if (parent === null || typeof parent !== 'object') throw new Error(`no object at ${JSON.stringify(path)}`);
  }
  return [parent as object, last];
}

const structuredCopy = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/** The validated document, or an exception listing every issue (a test fixture that is invalid is a test bug). */
export function valid(input: unknown): Document {
  const result = validateDocument(input);
  if (!result.ok) throw new Error(`fixture is not a valid document:\n${result.error.map(formatIssue).join('\n')}`);
  return result.value;
}

/** Every issue of `input` as `[path, code]` (`[]` when valid), so a test states the whole answer. */
export function problems(input: unknown): [string, IssueCode][] {
  const result = validateDocument(input);
  return result.ok ? [] : result.error.map((i) => [formatPath(i.path), i.code]);
}
