import { canonicalCidr, canonicalIp, isMulticast } from './addressing';
import type { Link, NamespaceNode, Node, VxlanNode } from './document';
import { formatPath, quote, type Issue, type IssueCode } from './issues';
import {
  brokenIfnames,
  brokenLinkRefs,
  brokenNodeRefs,
  endRef,
  masterRef,
  namespaceRef,
  type RefContext,
  type RefProblem,
} from './references';
import { placeName, type Place, type Resolver } from './resolve';
import { impairIssues } from './impair-rules';
import { natIssues } from './nat-rules';
import { routeListIssues, routeReachIssues } from './route-rules';
import type { Broken, Indexed } from './salvage';

/**
 * The rules between objects: unique ids and names, references that resolve to the right kind of
 * node, bridges and masters in the right namespace, VXLAN peers and underlays, routes. They run on
 * the nodes and links that are valid on their own; `broken` ones (failing their own schema even
 * without their optional fields) still have their references checked.
 */
export function objectIssues(
  nodes: readonly Indexed<Node>[],
  links: readonly Indexed<Link>[],
  r: Resolver,
  knownIds: ReadonlySet<string>,
  broken: { readonly nodes: readonly Broken[]; readonly links: readonly Broken[] },
): Issue[] {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], code: IssueCode, message: string, objectId: string | undefined) =>
    issues.push({ path, code, message, ...(objectId !== undefined && { objectId }) });
  const refs: RefContext = { r, known: knownIds };
  const report = (path: (string | number)[], problem: RefProblem, objectId: string | undefined) => {
    if (problem !== null) add(path, problem.code, problem.message, objectId);
  };

  // Ids are shared by nodes and links: both are addressed by id in markers, paths and layout.
  const seenIds = new Map<string, string>();
  const claimId = (id: string, path: (string | number)[]) => {
    const first = seenIds.get(id);
    if (first !== undefined)
      add([...path, 'id'], 'DUPLICATE_ID', `id ${quote(id)} is already used by ${first}; ids must be unique`, id);
    else seenIds.set(id, formatPath(path));
  };
  for (const [list, valid, bad] of [
    ['nodes', nodes, broken.nodes],
    ['links', links, broken.links],
  ] as const)
    idsInOrder(valid, bad).forEach((id, index) => id !== undefined && claimId(id, [list, index]));

  const vnis = new Map<string, string>();
  let rootSeen = false;
  const netnsNames = new Map<string, string>();
  const netnsFolded = new Map<string, NamespaceNode>();
  // Interface names per namespace: "lo" exists in every namespace.
  const ifnames = new Map<string, Map<string, string>>();
  // VXLAN names per namespace: a VXLAN cannot be another one's underlay.
  const vxlanNames = new Set<string>();
  const claimIfname = (place: Place, name: string, path: (string | number)[], owner: string) => {
    const key = placeName(place);
    const names = ifnames.get(key) ?? new Map<string, string>([['lo', 'the loopback device']]);
    ifnames.set(key, names);
    const first = names.get(name);
    if (first !== undefined) {
      const where = place === null ? 'the root namespace' : `namespace ${quote(place.name)}`;
      add(
        path,
        'DUPLICATE_NAME',
        `${quote(name)} is already used by ${first} in ${where}; names must be unique per namespace`,
        owner,
      );
    } else names.set(name, quote(owner));
  };

  for (const { item: node, index } of nodes) {
    const at = (...rest: (string | number)[]) => ['nodes', index, ...rest];
    if (node.type === 'root') {
      if (rootSeen)
        add(at('type'), 'DUPLICATE_ROOT', 'the root namespace is declared twice; keep one root node', node.id);
      rootSeen = true;
      continue;
    }
    if (node.type === 'namespace') {
      const first = netnsNames.get(node.name);
      const folded = netnsFolded.get(node.name.toLowerCase());
      if (first !== undefined)
        add(
          at('name'),
          'DUPLICATE_NAME',
          `namespace name ${quote(node.name)} is already used by ${quote(first)}`,
          node.id,
        );
      else if (folded !== undefined)
        issues.push({
          path: at('name'),
          code: 'NAME_CASE',
          message: `namespace name ${quote(node.name)} differs from ${quote(folded.name)} (of ${quote(folded.id)}) only in case: two namespaces, easy to take one for the other; give them names that differ otherwise`,
          objectId: node.id,
          severity: 'warning',
        });
      if (first === undefined) netnsNames.set(node.name, node.id);
      if (folded === undefined) netnsFolded.set(node.name.toLowerCase(), node);
      issues.push(...routeListIssues(node.routes ?? [], at, node.id));
      continue;
    }
    const place = r.placeOf(node);
    if (place === undefined) report(at('namespace'), namespaceRef(refs, node.namespace ?? '', node.name), node.id);
    if ((node.type === 'tap' || node.type === 'vxlan') && node.master !== undefined)
      report(at('master'), masterRef(refs, node.master, place), node.id);
    if (place === undefined) continue;
    claimIfname(place, node.name, at('name'), node.id);
    issues.push(...addressIssues(node.addresses ?? [], at('addresses'), node.id));
    if (node.type === 'vxlan') {
      vxlanNames.add(`${placeName(place)}|${node.name}`);
      issues.push(...vxlanIssues(node, at));
      // The kernel refuses a second VXLAN with the same VNI, port and IP version in one namespace (EEXIST).
      const family = [node.remote, node.group, node.local].some((ip) => ip?.includes(':')) ? 6 : 4;
      const tunnel = `${placeName(place)}|${node.vni}|${node.port ?? 4789}|${family}`;
      const first = vnis.get(tunnel);
      if (first !== undefined)
        add(
          at('vni'),
          'DUPLICATE_NAME',
          `VNI ${node.vni} on port ${node.port ?? 4789} is already used by ${quote(first)} in this namespace; change the VNI or the port`,
          node.id,
        );
      else vnis.set(tunnel, node.id);
    }
  }

  for (const { item: link, index } of links) {
    const ends = (['a', 'b'] as const).map((side) => {
      const end = link[side];
      const at = ['links', index, side];
      issues.push(...addressIssues(end.addresses ?? [], [...at, 'addresses'], link.id));
      const place = r.endPlace(end);
      if (place === undefined) report([...at, 'node'], endRef(refs, end.node), link.id);
      return { end, place, at };
    });
    const [a, b] = ends;
    if (a === undefined || b === undefined || a.place === undefined || b.place === undefined) continue;
    if (a.place.bridge !== null && a.place.bridge === b.place.bridge) {
      add(
        ['links', index, 'b', 'node'],
        'VETH_LOOP',
        `both ends are on bridge ${quote(a.place.bridge.name)}; a veth joins two different places`,
        link.id,
      );
      continue;
    }
    if (a.place.place === b.place.place && a.end.name === b.end.name) {
      add(
        ['links', index, 'b', 'name'],
        'VETH_LOOP',
        `both ends are ${quote(a.end.name)} in the same namespace; give each end its own name`,
        link.id,
      );
      continue;
    }
    for (const { end, place, at } of ends)
      if (place !== undefined) claimIfname(place.place, end.name, [...at, 'name'], link.id);
  }
  for (const b of broken.nodes)
    for (const { path, problem } of brokenNodeRefs(refs, b)) report(path, problem, rawId(b.value));
  for (const b of broken.links)
    for (const { path, problem } of brokenLinkRefs(refs, b)) report(path, problem, rawId(b.value));

  // `lo` exists in every namespace, even one where the document puts no interface.
  const inBroken = brokenIfnames(r, broken);
  const hasIfname = (place: Place, name: string) =>
    name === 'lo' || (ifnames.get(placeName(place))?.has(name) ?? false) || inBroken.has(`${placeName(place)}|${name}`);
  // A VXLAN underlay inside a netloom namespace must be one of the document's interfaces there,
  // and never a VXLAN of the document (itself, or one whose creation it would have to wait for).
  for (const { item: node, index } of nodes) {
    if (node.type !== 'vxlan' || node.underlay === undefined) continue;
    const place = r.placeOf(node);
    if (place === undefined) continue;
    if (vxlanNames.has(`${placeName(place)}|${node.underlay}`)) {
      add(
        ['nodes', index, 'underlay'],
        'INVALID_VALUE',
        `${quote(node.underlay)} is a VXLAN of this drawing; a VXLAN's underlay must be another kind of interface`,
        node.id,
      );
    } else if (place !== null && !hasIfname(place, node.underlay)) {
      add(
        ['nodes', index, 'underlay'],
        'MISSING_NODE',
        `no interface ${quote(node.underlay)} in namespace ${quote(place.name)}; the underlay must be one of its interfaces`,
        node.id,
      );
    }
  }
  issues.push(
    ...routeReachIssues(nodes, links, r, hasIfname),
    ...natIssues(nodes, hasIfname),
    ...impairIssues(links, r),
  );
  return issues;
}

/** Each item's id by index, valid or broken, so the first of two equal ids is the one kept. */
function idsInOrder(valid: readonly Indexed<{ id: string }>[], broken: readonly Broken[]): (string | undefined)[] {
  const ids: (string | undefined)[] = [];
  for (const { item, index } of valid) ids[index] = item.id;
  for (const b of broken) ids[b.index] = rawId(b.value);
  return ids;
}

/** The id of an object that failed its schema, if it has a readable one. */
const rawId = (value: Record<string, unknown>): string | undefined =>
  typeof value['id'] === 'string' ? value['id'] : undefined;

/** What iproute2 checks of a VXLAN's addresses before it asks the kernel. */
function vxlanIssues(node: VxlanNode, at: (...rest: (string | number)[]) => (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  const add = (field: string, message: string) =>
    issues.push({ path: at(field), code: 'VXLAN_PEER', message, objectId: node.id });
  const { local, remote, group } = node;
  if (remote !== undefined && group !== undefined)
    add('group', 'a VXLAN has either a unicast `remote` or a multicast `group`, not both');
  if (group !== undefined && !isMulticast(group))
    add('group', `${group} is not a multicast address; use \`remote\` for a single peer`);
  if (group !== undefined && node.underlay === undefined)
    add('group', 'a multicast `group` needs an `underlay`: the interface on which to join the group');
  if (remote !== undefined && isMulticast(remote)) add('remote', `${remote} is a multicast address; use \`group\``);
  if (local !== undefined && isMulticast(local))
    add('local', `${local} is a multicast address; \`local\` is this host's own unicast address`);
  const peer = remote ?? group;
  if (local !== undefined && peer !== undefined && canonicalIp(local)?.family !== canonicalIp(peer)?.family) {
    add('local', '`local` and the peer address are of different IP versions');
  }
  return issues;
}

function addressIssues(addresses: readonly string[], path: (string | number)[], objectId: string): Issue[] {
  const seen = new Set<string>();
  return addresses.flatMap((address, i): Issue[] => {
    const canonical = canonicalCidr(address) ?? address;
    if (!seen.has(canonical)) {
      seen.add(canonical);
      return [];
    }
    return [{ path: [...path, i], code: 'DUPLICATE_NAME', message: `address ${address} is listed twice`, objectId }];
  });
}
