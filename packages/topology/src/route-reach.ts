import { givesOnLinkSubnet } from './address-rules';
import { canonicalIp, cidrContains } from './addressing';
import type { Link, NamespaceNode, Node, Route } from './document';
import { quote } from './issues';
import { isDevice, type Place, type Resolver } from './resolve';
import { canonicalRoute, routeDestination, routeFamily } from './routes';

/** An interface of a namespace as the document declares it. */
export type DeclaredIface = { readonly name: string; readonly addresses: readonly string[]; readonly up: boolean };

/** Every namespace has one, up (netloom brings it up), with the loopback addresses. */
const LOOPBACK: DeclaredIface = { name: 'lo', addresses: ['127.0.0.1/8', '::1/128'], up: true };

/**
 * The interfaces the document puts in each namespace: its devices and veth ends, and `lo`. One
 * pass over the document, not one per namespace: a drawing of 500 namespaces each with a default
 * route would otherwise be scanned 500 times.
 */
export function interfacesByNamespace(
  nodes: readonly Node[],
  links: readonly Link[],
  r: Resolver,
): Map<NamespaceNode, DeclaredIface[]> {
  const byNamespace = new Map<NamespaceNode, DeclaredIface[]>();
  for (const n of nodes) if (n.type === 'namespace') byNamespace.set(n, [LOOPBACK]);
  const add = (place: Place | undefined, name: string, addresses: readonly string[] | undefined, up?: boolean) => {
    if (place !== undefined && place !== null)
      byNamespace.get(place)?.push({ name, addresses: addresses ?? [], up: up !== false });
  };
  for (const n of nodes) if (isDevice(n)) add(r.placeOf(n), n.name, n.addresses, n.up);
  for (const l of links) for (const end of [l.a, l.b]) add(r.endPlace(end)?.place, end.name, end.addresses, end.up);
  return byNamespace;
}

/** The routes by device alone (a `dev`, no `via`): gateways inside them are on-link. */
export const routesByDevice = (routes: readonly Route[]): Route[] =>
  routes.filter((o) => o.via === undefined && o.dev !== undefined);

/** Which field of a route the kernel would refuse, and a sentence saying why and what to do. */
export type RouteRefusal = { readonly field: 'dev' | 'via'; readonly message: string };

/**
 * Why the kernel would refuse `route` in a namespace with these interfaces and routes, or null.
 * The kernel adds no route through a down interface (either IP version), and a gateway must be
 * on-link: on the subnet of an address of the interface, or inside a route by device alone
 * (the plan adds those first: `byDevice`, the namespace's routes with a `dev` and no `via`). An
 * IPv6 link-local gateway is on-link only with its `dev`; an IPv4 address on a network of 0.0.0.0
 * (a /0) puts nothing on-link: the kernel makes no subnet route for it.
 */
export function routeRefusal(
  route: Route,
  ifaces: readonly DeclaredIface[],
  byDevice: readonly Route[],
): RouteRefusal | null {
  const dev = ifaces.find((i) => i.name === route.dev);
  if (dev !== undefined && !dev.up)
    return {
      field: 'dev',
      message: `interface ${quote(dev.name)} is down (\`up: false\`), and the kernel adds no route through a down interface; bring it up, or route another way`,
    };
  const gateway = route.via === undefined ? null : canonicalIp(route.via);
  // A gateway of the other IP version than the destination is its own problem, reported as such.
  if (gateway === null || (route.to !== 'default' && routeFamily(route) !== gateway.family)) return null;
  if (gateway.family === 6 && cidrContains('fe80::/10', gateway.address))
    return route.dev === undefined
      ? {
          field: 'via',
          message: `${gateway.address} is link-local: it means something only on one link, so name that interface with \`dev\``,
        }
      : null;
  const onLink = ifaces.filter(
    (i) =>
      (route.dev === undefined || i.name === route.dev) &&
      (i.addresses.some((a) => givesOnLinkSubnet(a) && cidrContains(a, gateway.address)) ||
        byDevice.some((o) => o.dev === i.name && cidrContains(routeDestination(canonicalRoute(o)), gateway.address))),
  );
  if (onLink.length === 0)
    return {
      field: 'via',
      message:
        route.dev === undefined
          ? `gateway ${gateway.address} is on none of this namespace's subnets, so the kernel would refuse the route; give one of its interfaces an address on the gateway's subnet`
          : `gateway ${gateway.address} is not on a subnet of ${quote(route.dev)}, so the kernel would refuse the route; give ${quote(route.dev)} an address on the gateway's subnet, or leave \`dev\` out`,
    };
  if (onLink.every((i) => !i.up)) {
    const names = onLink.map((i) => quote(i.name)).join(', ');
    return {
      field: 'via',
      message: `gateway ${gateway.address} is reached only through ${names}, down (\`up: false\`), and the kernel adds no route through a down interface; bring ${onLink.length === 1 ? 'it' : 'one'} up`,
    };
  }
  return null;
}
