import type { Node } from './document';
import { quote, type IssueCode } from './issues';
import { placeName, type Place, type Resolver } from './resolve';
import type { Broken } from './salvage';

/** What is wrong with a reference: the code and the sentence, or null when it resolves as it should. */
export type RefProblem = { readonly code: IssueCode; readonly message: string } | null;

/**
 * Reference checks, shared by valid objects and by objects that fail their own schema: a missing
 * node must show at once, not after the object's own problems are fixed. An id that names an
 * object which itself failed its schema (`known` but not resolved) is not reported again.
 */
export type RefContext = { readonly r: Resolver; readonly known: ReadonlySet<string> };

/** A device's `namespace`: a namespace or root node. */
export function namespaceRef({ r, known }: RefContext, target: string, deviceName: string | undefined): RefProblem {
  const node = r.byId.get(target);
  if (node === undefined)
    return known.has(target)
      ? null
      : { code: 'MISSING_NODE', message: `there is no node ${quote(target)} to live in; add it or fix the id` };
  if (node.type === 'root' || node.type === 'namespace') return null;
  const what = deviceName === undefined ? 'a device' : quote(deviceName);
  return {
    code: 'WRONG_NODE_TYPE',
    message: `${quote(target)} is not a namespace or root node, so ${what} cannot live in it`,
  };
}

/** A tap's or VXLAN's `master`: a bridge, in the device's own namespace (when that is known). */
export function masterRef({ r, known }: RefContext, target: string, place: Place | undefined): RefProblem {
  const master = r.byId.get(target);
  if (master === undefined)
    return known.has(target)
      ? null
      : { code: 'MISSING_NODE', message: `there is no bridge ${quote(target)}; add it or fix the id` };
  if (master.type !== 'bridge')
    return { code: 'WRONG_NODE_TYPE', message: `${quote(target)} is a ${master.type}; only a bridge can be a master` };
  const masterPlace = r.placeOf(master);
  if (place === undefined || masterPlace === undefined || masterPlace === place) return null;
  return {
    code: 'MASTER_ELSEWHERE',
    message: `bridge ${quote(master.name)} lives in another namespace; a device can only join a bridge in its own namespace`,
  };
}

/** A veth end's `node`: a namespace, root or bridge node. A bridge that lives nowhere valid has its own issue. */
export function endRef({ r, known }: RefContext, target: string): RefProblem {
  const node = r.byId.get(target);
  if (node === undefined)
    return known.has(target)
      ? null
      : { code: 'MISSING_NODE', message: `there is no node ${quote(target)}; add it or fix the id` };
  if (node.type === 'root' || node.type === 'namespace' || node.type === 'bridge') return null;
  return {
    code: 'WRONG_NODE_TYPE',
    message: `a veth end attaches to a namespace, root or bridge node; ${quote(target)} is a ${node.type}`,
  };
}

type Found = { readonly path: (string | number)[]; readonly problem: NonNullable<RefProblem> };

/** The references of a node that fails its own schema (a bad name, say), wherever they are readable. */
export function brokenNodeRefs(ctx: RefContext, { value, index }: Broken): Found[] {
  const found: Found[] = [];
  const type = value['type'];
  const name = typeof value['name'] === 'string' ? value['name'] : undefined;
  const isDevice = type === 'bridge' || type === 'tap' || type === 'tun' || type === 'vxlan';
  const namespace = value['namespace'];
  let place: Place | undefined;
  if (isDevice && typeof namespace === 'string') {
    const problem = namespaceRef(ctx, namespace, name);
    if (problem !== null) found.push({ path: ['nodes', index, 'namespace'], problem });
    const node: Node | undefined = ctx.r.byId.get(namespace);
    place = node?.type === 'namespace' ? node : node?.type === 'root' ? null : undefined;
  } else if (isDevice && namespace === undefined) place = null;
  const master = value['master'];
  if ((type === 'tap' || type === 'vxlan') && typeof master === 'string') {
    const problem = masterRef(ctx, master, place);
    if (problem !== null) found.push({ path: ['nodes', index, 'master'], problem });
  }
  return found;
}

/** The end references of a link that fails its own schema. */
export function brokenLinkRefs(ctx: RefContext, { value, index }: Broken): Found[] {
  return (['a', 'b'] as const).flatMap((side): Found[] => {
    const end = value[side];
    const target = end !== null && typeof end === 'object' ? (end as Record<string, unknown>)['node'] : undefined;
    if (typeof target !== 'string') return [];
    const problem = endRef(ctx, target);
    return problem === null ? [] : [{ path: ['links', index, side, 'node'], problem }];
  });
}

/**
 * The interface names that objects failing their own schema would put in each namespace
 * (`placeName|name`), wherever readable: a route's `dev` or a VXLAN's underlay naming one of them
 * is not also called missing.
 */
export function brokenIfnames(
  r: Resolver,
  broken: { readonly nodes: readonly Broken[]; readonly links: readonly Broken[] },
): Set<string> {
  const names = new Set<string>();
  const add = (place: Place | undefined, name: unknown) => {
    if (place !== undefined && typeof name === 'string') names.add(`${placeName(place)}|${name}`);
  };
  for (const { value } of broken.nodes) {
    const ns = value['namespace'];
    const node = typeof ns === 'string' ? r.byId.get(ns) : undefined;
    add(
      ns === undefined ? null : node?.type === 'namespace' ? node : node?.type === 'root' ? null : undefined,
      value['name'],
    );
  }
  for (const { value } of broken.links)
    for (const side of ['a', 'b']) {
      const end = value[side];
      if (end === null || typeof end !== 'object') continue;
      const { node, name } = end as Record<string, unknown>;
      const at = typeof node === 'string' ? r.byId.get(node) : undefined;
      const place =
        at?.type === 'root' ? null : at?.type === 'namespace' ? at : at?.type === 'bridge' ? r.placeOf(at) : undefined;
      add(place, name);
    }
  return names;
}
