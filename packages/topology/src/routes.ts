import { canonicalCidr, canonicalIp } from './addressing';
import type { Route } from './document';
import type { RouteSpec } from './kernel';

/**
 * The IP version of a route. A destination in CIDR form says it; `default` takes its gateway's,
 * and without a gateway it is IPv4, as `ip route add default dev X` is (an IPv6 default route
 * through a device alone is written `::/0`).
 */
export function routeFamily(route: { readonly to: string; readonly via?: string | undefined }): 4 | 6 {
  if (route.to !== 'default') return route.to.includes(':') ? 6 : 4;
  return route.via !== undefined && canonicalIp(route.via)?.family === 6 ? 6 : 4;
}

/**
 * One spelling per route, shared by the document and what the kernel reports: CIDRs canonical,
 * a default route `default` (`0.0.0.0/0` and a gatewayed `::/0` become it; the gateway keeps the
 * IP version), except an IPv6 default route without a gateway, which stays `::/0`.
 */
export function canonicalRoute(route: Route | RouteSpec): RouteSpec {
  const via = route.via === undefined ? undefined : (canonicalIp(route.via)?.address ?? route.via);
  const cidr = route.to === 'default' ? 'default' : (canonicalCidr(route.to) ?? route.to);
  const to = cidr === '0.0.0.0/0' || (cidr === '::/0' && via !== undefined) ? 'default' : cidr;
  return { to, ...(via !== undefined && { via }), ...(route.dev !== undefined && { dev: route.dev }) };
}

/**
 * A canonical route's destination as a CIDR (`default` as `0.0.0.0/0` or `::/0`): its identity in
 * a namespace's table, which holds one route per destination.
 */
export function routeDestination(route: RouteSpec): string {
  if (route.to !== 'default') return route.to;
  return routeFamily(route) === 4 ? '0.0.0.0/0' : '::/0';
}

/** How messages and plans name a route's destination: `default` says its IP version, as it alone does not. */
export const routeLabel = (route: RouteSpec): string =>
  route.to === 'default' ? `default (IPv${routeFamily(route)})` : route.to;

/**
 * Canonical routes in a total order (destination, gateway, device), so two lists of the same
 * routes compare equal however the document or the kernel ordered them.
 */
export function canonicalRoutes(routes: readonly (Route | RouteSpec)[]): RouteSpec[] {
  const key = (r: RouteSpec) => [r.to, r.via ?? '', r.dev ?? ''];
  return routes.map(canonicalRoute).sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? '') < (b[i] ?? '') ? -1 : 1;
    return 0;
  });
}
