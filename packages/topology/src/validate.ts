import { canonicalCidr, canonicalIp, isMulticast } from './addressing';
import { Document, Link, Node, type Route, type VxlanNode } from './document';
import type { Issue, IssueCode } from './issues';
import { placeName, resolver, type Place } from './resolve';
import { interfacesByNamespace, routeRefusal } from './route-reach';
import { canonicalRoute, routeDestination, routeFamily, routeLabel } from './routes';
import type { Result } from './result';
import { err, ok } from './result';
import { issuesFromZod } from './schema-issues';

/**
 * Checks a document and returns it typed, or every problem at once. Schema problems are found
 * per node and per link, so one bad node does not hide the rules the others break.
 */
export function validateDocument(input: unknown): Result<Document, Issue[]> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return err([
      { path: [], code: 'NOT_A_DOCUMENT', message: 'a topology document is an object with version, name and nodes' },
    ]);
  }
  const raw = input as Record<string, unknown>;
  const objectIdAt = (path: readonly PropertyKey[]): string | undefined => rawId(raw, path);
  // reportInput: zod strips each issue's input otherwise, and a missing field must be told from a wrong one.
  const parsed = Document.safeParse(input, { reportInput: true });
  const issues = parsed.success ? [] : issuesFromZod(parsed.error, objectIdAt).map((i) => explainTunMaster(raw, i));

  // Semantic rules run on the nodes and links that are valid on their own.
  // When the whole document parsed, its nodes and links are the valid ones: no need to parse each again.
  const indexed = <T>(items: readonly T[]) => items.map((item, index) => ({ item, index }));
  const nodes = parsed.success ? indexed(parsed.data.nodes) : validItems(raw['nodes'], Node);
  const links = parsed.success ? indexed(parsed.data.links) : validItems(raw['links'], Link);
  const knownIds = new Set(rawIds(raw['nodes']));
  issues.push(...semanticIssues(nodes, links, knownIds));
  return issues.length === 0 && parsed.success ? ok(parsed.data) : err(issues);
}

type Indexed<T> = { readonly item: T; readonly index: number };

function validItems<T>(
  value: unknown,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): Indexed<T>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v: unknown, index) => {
    const r = schema.safeParse(v);
    return r.success ? [{ item: r.data, index }] : [];
  });
}

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

function semanticIssues(
  nodes: readonly Indexed<Node>[],
  links: readonly Indexed<Link>[],
  knownIds: ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], code: IssueCode, message: string, objectId: string) =>
    issues.push({ path, code, message, objectId });
  const r = resolver({ nodes: nodes.map((n) => n.item) });

  // Ids are shared by nodes and links: both are addressed by id in markers, paths and layout.
  const seenIds = new Map<string, string>();
  const claimId = (id: string, path: (string | number)[]) => {
    const first = seenIds.get(id);
    if (first !== undefined)
      add([...path, 'id'], 'DUPLICATE_ID', `id "${id}" is already used by ${first}; ids must be unique`, id);
    else seenIds.set(id, path.join('.').replace(/\.(\d+)/g, '[$1]'));
  };
  nodes.forEach(({ item, index }) => claimId(item.id, ['nodes', index]));
  links.forEach(({ item, index }) => claimId(item.id, ['links', index]));

  const missing = (id: string) => !knownIds.has(id);
  const vnis = new Map<string, string>();
  let rootSeen = false;
  const netnsNames = new Map<string, string>();
  // Interface names per namespace: "lo" exists in every namespace.
  const ifnames = new Map<string, Map<string, string>>();
  const claimIfname = (place: Place, name: string, path: (string | number)[], owner: string) => {
    const key = placeName(place);
    const names = ifnames.get(key) ?? new Map<string, string>([['lo', 'the loopback device']]);
    ifnames.set(key, names);
    const first = names.get(name);
    if (first !== undefined) {
      const where = place === null ? 'the root namespace' : `namespace "${place.name}"`;
      add(
        path,
        'DUPLICATE_NAME',
        `"${name}" is already used by ${first} in ${where}; names must be unique per namespace`,
        owner,
      );
    } else names.set(name, `"${owner}"`);
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
      if (first !== undefined)
        add(at('name'), 'DUPLICATE_NAME', `namespace name "${node.name}" is already used by "${first}"`, node.id);
      else netnsNames.set(node.name, node.id);
      issues.push(...routeIssues(node.routes ?? [], at, node.id));
      continue;
    }
    const place = r.placeOf(node);
    if (place === undefined) {
      const target = node.namespace ?? '';
      if (missing(target))
        add(at('namespace'), 'MISSING_NODE', `there is no node "${target}" to live in; add it or fix the id`, node.id);
      else if (r.byId.has(target))
        add(
          at('namespace'),
          'WRONG_NODE_TYPE',
          `"${target}" is not a namespace or root node, so "${node.name}" cannot live in it`,
          node.id,
        );
      continue;
    }
    claimIfname(place, node.name, at('name'), node.id);
    issues.push(...addressIssues(node.addresses ?? [], at('addresses'), node.id));
    if ((node.type === 'tap' || node.type === 'vxlan') && node.master !== undefined) {
      const master = r.byId.get(node.master);
      if (master === undefined) {
        if (missing(node.master))
          add(at('master'), 'MISSING_NODE', `there is no bridge "${node.master}"; add it or fix the id`, node.id);
      } else if (master.type !== 'bridge') {
        add(
          at('master'),
          'WRONG_NODE_TYPE',
          `"${node.master}" is a ${master.type}; only a bridge can be a master`,
          node.id,
        );
      } else if (r.placeOf(master) !== place && r.placeOf(master) !== undefined) {
        add(
          at('master'),
          'MASTER_ELSEWHERE',
          `bridge "${master.name}" lives in another namespace; a device can only join a bridge in its own namespace`,
          node.id,
        );
      }
    }
    if (node.type === 'vxlan') {
      issues.push(...vxlanIssues(node, at));
      // The kernel refuses a second VXLAN with the same VNI, port and IP version in one namespace (EEXIST).
      const family = [node.remote, node.group, node.local].some((ip) => ip?.includes(':')) ? 6 : 4;
      const tunnel = `${placeName(place)}|${node.vni}|${node.port ?? 4789}|${family}`;
      const first = vnis.get(tunnel);
      if (first !== undefined)
        add(
          at('vni'),
          'DUPLICATE_NAME',
          `VNI ${node.vni} on port ${node.port ?? 4789} is already used by "${first}" in this namespace; change the VNI or the port`,
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
      if (place === undefined) {
        const node = r.byId.get(end.node);
        // A bridge that lives nowhere valid has its own issue; the end is not at fault.
        if (node !== undefined && node.type !== 'bridge') {
          add(
            [...at, 'node'],
            'WRONG_NODE_TYPE',
            `a veth end attaches to a namespace, root or bridge node; "${end.node}" is a ${node.type}`,
            link.id,
          );
        } else if (missing(end.node)) {
          add([...at, 'node'], 'MISSING_NODE', `there is no node "${end.node}"; add it or fix the id`, link.id);
        }
      }
      return { end, place, at };
    });
    const [a, b] = ends;
    if (a === undefined || b === undefined || a.place === undefined || b.place === undefined) continue;
    if (a.place.bridge !== null && a.place.bridge === b.place.bridge) {
      add(
        ['links', index, 'b', 'node'],
        'VETH_LOOP',
        `both ends are on bridge "${a.place.bridge.name}"; a veth joins two different places`,
        link.id,
      );
      continue;
    }
    if (a.place.place === b.place.place && a.end.name === b.end.name) {
      add(
        ['links', index, 'b', 'name'],
        'VETH_LOOP',
        `both ends are "${a.end.name}" in the same namespace; give each end its own name`,
        link.id,
      );
      continue;
    }
    for (const { end, place, at } of ends)
      if (place !== undefined) claimIfname(place.place, end.name, [...at, 'name'], link.id);
  }

  // `lo` exists in every namespace, even one where the document puts no interface.
  const hasIfname = (place: Place, name: string) =>
    name === 'lo' || (ifnames.get(placeName(place))?.has(name) ?? false);
  // A VXLAN underlay inside a netloom namespace must be one of the document's interfaces there,
  // and never a VXLAN of the document (itself, or one whose creation it would have to wait for).
  for (const { item: node, index } of nodes) {
    if (node.type !== 'vxlan' || node.underlay === undefined) continue;
    const place = r.placeOf(node);
    if (place === undefined) continue;
    if (nodes.some(({ item: v }) => v.type === 'vxlan' && v.name === node.underlay && r.placeOf(v) === place)) {
      add(
        ['nodes', index, 'underlay'],
        'INVALID_VALUE',
        `"${node.underlay}" is a VXLAN of this drawing; a VXLAN's underlay must be another kind of interface`,
        node.id,
      );
    } else if (place !== null && !hasIfname(place, node.underlay)) {
      add(
        ['nodes', index, 'underlay'],
        'MISSING_NODE',
        `no interface "${node.underlay}" in namespace "${place.name}"; the underlay must be one of its interfaces`,
        node.id,
      );
    }
  }
  const declared = interfacesByNamespace(
    nodes.map((n) => n.item),
    links.map((l) => l.item),
    r,
  );
  for (const { item: node, index } of nodes) {
    if (node.type !== 'namespace' || node.routes === undefined) continue;
    const routes = node.routes;
    const ifaces = declared.get(node) ?? [];
    routes.forEach((route, i) => {
      if (route.dev !== undefined && !hasIfname(node, route.dev)) {
        add(
          ['nodes', index, 'routes', i, 'dev'],
          'BAD_ROUTE',
          `no interface "${route.dev}" in namespace "${node.name}"`,
          node.id,
        );
        return;
      }
      // What the kernel would refuse only when the plan reaches it, after the rest was built.
      const refusal = routeRefusal(route, ifaces, routes);
      if (refusal !== null) add(['nodes', index, 'routes', i, refusal.field], 'BAD_ROUTE', refusal.message, node.id);
    });
  }
  return issues;
}

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

function routeIssues(
  routes: readonly Route[],
  at: (...rest: (string | number)[]) => (string | number)[],
  objectId: string,
): Issue[] {
  const seen = new Set<string>();
  return routes.flatMap((route, i): Issue[] => {
    const issues: Issue[] = [];
    // An IPv4 and an IPv6 route to the same destination (two `default`s) are two routes.
    const canonical = canonicalRoute(route);
    const destination = routeDestination(canonical);
    if (seen.has(destination))
      issues.push({
        path: at('routes', i, 'to'),
        code: 'BAD_ROUTE',
        message: `a route to ${routeLabel(canonical)} is listed twice; the kernel keeps one per destination: remove one`,
        objectId,
      });
    seen.add(destination);
    if (route.via === undefined && route.dev === undefined) {
      issues.push({
        path: at('routes', i),
        code: 'BAD_ROUTE',
        message: 'a route needs a gateway (`via`) or an interface (`dev`)',
        objectId,
      });
    }
    const family = route.via === undefined ? undefined : canonicalIp(route.via)?.family;
    if (family !== undefined && route.to !== 'default' && family !== routeFamily(route)) {
      issues.push({
        path: at('routes', i, 'via'),
        code: 'BAD_ROUTE',
        message: 'the gateway and the destination are of different IP versions',
        objectId,
      });
    }
    return issues;
  });
}
