import { gatewayProblem } from './address-rules';
import { canonicalIp } from './addressing';
import type { Link, Node, Route } from './document';
import { quote, type Issue } from './issues';
import type { Place, Resolver } from './resolve';
import { interfacesByNamespace, routeRefusal, routesByDevice } from './route-reach';
import { canonicalRoute, routeDestination, routeFamily, routeLabel } from './routes';
import type { Indexed } from './salvage';

type At = (...rest: (string | number)[]) => (string | number)[];

/** The rules of one namespace's route list on its own: one route per destination, a gateway or a device, one IP version. */
export function routeListIssues(routes: readonly Route[], at: At, objectId: string): Issue[] {
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

/**
 * What the kernel would refuse of each route only when the plan reaches it, after the rest was
 * built: a `dev` the namespace does not have, a gateway it cannot reach or may not use.
 */
export function routeReachIssues(
  nodes: readonly Indexed<Node>[],
  links: readonly Indexed<Link>[],
  r: Resolver,
  hasIfname: (place: Place, name: string) => boolean,
): Issue[] {
  const issues: Issue[] = [];
  const declared = interfacesByNamespace(
    nodes.map((n) => n.item),
    links.map((l) => l.item),
    r,
  );
  for (const { item: node, index } of nodes) {
    if (node.type !== 'namespace' || node.routes === undefined) continue;
    const routes = node.routes;
    const ifaces = declared.get(node) ?? [];
    const held = ifaces.flatMap((i) => i.addresses.map((cidr) => ({ cidr, ifname: i.name })));
    const byDevice = routesByDevice(routes);
    const at = (i: number, field?: string) => ['nodes', index, 'routes', i, ...(field === undefined ? [] : [field])];
    routes.forEach((route, i) => {
      if (route.dev !== undefined && !hasIfname(node, route.dev)) {
        issues.push({
          path: at(i, 'dev'),
          code: 'BAD_ROUTE',
          message: `no interface ${quote(route.dev)} in namespace ${quote(node.name)}`,
          objectId: node.id,
        });
        return;
      }
      // A gateway of the other IP version than the destination is its own problem, reported as such.
      const family = route.via === undefined ? undefined : canonicalIp(route.via)?.family;
      if (family !== undefined && route.to !== 'default' && family !== routeFamily(route)) return;
      const gateway = route.via === undefined ? null : gatewayProblem(route.via, held);
      if (gateway !== null)
        issues.push({
          path: at(i, 'via'),
          code: 'BAD_ROUTE',
          message: gateway.message,
          objectId: node.id,
          ...(gateway.severity === 'warning' && { severity: 'warning' as const }),
        });
      if (gateway?.severity === 'error') return;
      const refusal = routeRefusal(route, ifaces, byDevice);
      if (refusal !== null)
        issues.push({ path: at(i, refusal.field), code: 'BAD_ROUTE', message: refusal.message, objectId: node.id });
    });
  }
  return issues;
}
