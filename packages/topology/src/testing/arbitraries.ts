import fc from 'fast-check';

import type { Document, NamespaceNode, Node, Route, VethEnd, VethLink } from '../document';
import { resolver } from '../resolve';
import { checkDocument } from '../validate';
import { interfacesByNamespace, routeRefusal, routesByDevice } from '../route-reach';
import { canonicalRoute, routeDestination } from '../routes';
import { aBridge, aNamespace, aRoot, aTap, aTun, aVxlan, valid } from './builders';

/**
 * fast-check arbitraries for VALID documents. Ids, namespace names and interface names come from
 * small shared pools, so two documents drawn for the same topology overlap the way successive
 * edits of one drawing do: the same id as another kind, the same name under another id, a device
 * moved to another namespace. Random choices are indexes that `build` resolves against what exists,
 * so every choice is meaningful and every result is valid (or `build` throws: a generator bug).
 */

const ID_POOL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
const NETNS_POOL = ['red', 'green', 'blue', 'ns.4'];
const IFNAME_POOL = ['br0', 'br1', 'tap0', 'tun0', 'vx0', 'v0', 'v1', 'v2', 'v3', 'port-1', 'e_5', 'veth.9'];
// Non-canonical IPv6 texts and a /119 on purpose: validation must accept them and derive canonicalise them.
const ADDRESS_POOL = [
  '10.0.0.1/24',
  '10.0.0.2/24',
  '10.0.1.1/24',
  '192.168.7.9/30',
  'fd00::1/64',
  'FD00:0:0:0:0:0:0:2/64',
  '2001:db8::a/119',
];
// '::/0': the IPv6 default route, beside the IPv4 one (`default` with an IPv6 gateway once canonical).
const ROUTE_TO = ['default', '10.9.0.0/16', '172.16.0.0/12', 'fd09::/64', '::/0'];
const VNI_POOL = [1, 42, 4096, 16_777_215];
const HOST_NICS = ['eth0', 'eth1'];

const choice = fc.nat({ max: 1000 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const ifaceSpec = fc.record({
  addresses: fc.uniqueArray(choice, { maxLength: 2, selector: (n) => n % ADDRESS_POOL.length }),
  mtu: maybe(fc.constantFrom(1280, 1400, 9000)),
  mac: maybe(fc.constantFrom('02:00:00:00:00:0A', '02:aa:bb:cc:dd:01')),
  up: maybe(fc.boolean()),
});
type IfaceSpec = typeof ifaceSpec extends fc.Arbitrary<infer T> ? T : never;

const namespaceSpec = fc.record({
  id: choice,
  name: choice,
  forwarding: maybe(fc.boolean()),
  routes: maybe(fc.array(fc.record({ to: choice, via: fc.boolean(), dev: maybe(choice) }), { maxLength: 3 })),
});

const deviceSpec = fc.record({
  kind: fc.constantFrom('bridge', 'bridge', 'tap', 'tun', 'vxlan'),
  id: choice,
  place: choice,
  explicitRoot: fc.boolean(),
  name: choice,
  master: maybe(choice),
  stp: maybe(fc.boolean()),
  iface: ifaceSpec,
  vni: choice,
  port: maybe(fc.constantFrom(4789, 8472, 1)),
  local: fc.boolean(),
  peer: fc.constantFrom('none', 'remote', 'group'),
  v6: fc.boolean(),
  underlay: maybe(choice),
});

const endSpec = fc.record({ node: choice, name: choice, iface: ifaceSpec });

export const documentSpec = fc.record({
  root: maybe(fc.constantFrom('host', 'root')),
  namespaces: fc.array(namespaceSpec, { maxLength: 3 }),
  devices: fc.array(deviceSpec, { maxLength: 7 }),
  veths: fc.array(fc.record({ id: choice, a: endSpec, b: endSpec }), { maxLength: 5 }),
  layout: fc.boolean(),
});
export type DocumentSpec = typeof documentSpec extends fc.Arbitrary<infer T> ? T : never;

/** Valid documents named `name`. */
export const arbDocument = (name = 'lab'): fc.Arbitrary<Document> =>
  documentSpec.map((spec) => buildDocument(name, spec));

/** The first pool entry at or after `n` (cyclically) that `free` accepts, or null. */
function probe<T>(pool: readonly T[], n: number, free: (t: T) => boolean): T | null {
  for (let i = 0; i < pool.length; i += 1) {
    const t = pool[(n + i) % pool.length];
    if (t !== undefined && free(t)) return t;
  }
  return null;
}

const interfaceFields = (spec: IfaceSpec) => ({
  ...(spec.addresses.length > 0 && {
    addresses: spec.addresses.map((n) => ADDRESS_POOL[n % ADDRESS_POOL.length] ?? ''),
  }),
  ...(spec.mtu !== null && { mtu: spec.mtu }),
  ...(spec.mac !== null && { mac: spec.mac }),
  ...(spec.up !== null && { up: spec.up }),
});

type Iface = { readonly place: string; readonly name: string; readonly vxlan: boolean };

export function buildDocument(name: string, spec: DocumentSpec): Document {
  const ids = new Set<string>();
  const takeId = (n: number) => probe(ID_POOL, n, (id) => !ids.has(id));
  const nodes: Node[] = [];
  const links: VethLink[] = [];
  if (spec.root !== null) {
    ids.add(spec.root);
    nodes.push(aRoot(spec.root));
  }

  const namespaces: NamespaceNode[] = [];
  const routeSpecs = new Map<string, DocumentSpec['namespaces'][number]['routes']>();
  for (const ns of spec.namespaces) {
    const id = takeId(ns.id);
    const netns = probe(NETNS_POOL, ns.name, (n) => !namespaces.some((x) => x.name === n));
    if (id === null || netns === null) continue;
    ids.add(id);
    routeSpecs.set(id, ns.routes);
    namespaces.push(aNamespace(id, netns, { ...(ns.forwarding !== null && { forwarding: ns.forwarding }) }));
  }
  const places = ['', ...namespaces.map((ns) => ns.id)]; // '' is the root namespace
  const ifaces: Iface[] = [];
  const freeName = (place: string, n: number, except?: string) =>
    probe(IFNAME_POOL, n, (x) => x !== except && !ifaces.some((i) => i.place === place && i.name === x));
  const placeOf = (node: { namespace?: string | undefined }) =>
    node.namespace === undefined || node.namespace === spec.root ? '' : node.namespace;

  const devices: { node: Node; spec: DocumentSpec['devices'][number] }[] = [];
  const bridges: { id: string; place: string }[] = [];
  const vnis = new Set<string>();
  for (const d of spec.devices) {
    const place = places[d.place % places.length] ?? '';
    const id = takeId(d.id);
    const ifname = freeName(place, d.name);
    // The kernel allows one VXLAN per (namespace, VNI, port, address family); we keep (namespace, VNI, port) unique.
    const port = d.port ?? 4789;
    const vni = probe(VNI_POOL, d.vni, (v) => !vnis.has(`${place}/${v}/${port}`));
    if (id === null || ifname === null || (d.kind === 'vxlan' && vni === null)) continue;
    ids.add(id);
    ifaces.push({ place, name: ifname, vxlan: d.kind === 'vxlan' });
    const namespace =
      place !== '' ? { namespace: place } : spec.root !== null && d.explicitRoot ? { namespace: spec.root } : {};
    const common = { ...namespace, ...interfaceFields(d.iface) };
    const add = (node: Node) => devices.push({ node, spec: d });
    if (d.kind === 'bridge') {
      bridges.push({ id, place });
      add(aBridge(id, ifname, { ...common, ...(d.stp !== null && { stp: d.stp }) }));
    } else if (d.kind === 'tap') add(aTap(id, ifname, common));
    // A tun has no MAC: the kernel refuses one (the simulator too).
    else if (d.kind === 'tun') add(aTun(id, ifname, (({ mac: _m, ...rest }) => rest)(common)));
    else {
      vnis.add(`${place}/${vni}/${port}`);
      const ip = (v4: string, v6: string) => (d.v6 ? v6 : v4);
      add(
        aVxlan(id, ifname, vni ?? 1, {
          ...common,
          ...(d.port !== null && { port: d.port }),
          ...(d.local && { local: ip('192.168.50.1', 'fd50::1') }),
          ...(d.peer === 'remote' && { remote: ip('192.168.50.2', 'FD50::0002') }),
          ...(d.peer === 'group' && { group: ip('239.1.1.1', 'ff05::1:3') }),
        }),
      );
    }
  }
  // Masters, once every bridge exists: a bridge in the same namespace.
  for (const { node, spec: d } of devices) {
    if (d.master === null || (node.type !== 'tap' && node.type !== 'vxlan')) continue;
    const mine = bridges.filter((b) => b.place === placeOf(node));
    const master = mine[d.master % Math.max(1, mine.length)];
    if (master !== undefined) node.master = master.id;
  }

  const attachable = [
    ...(spec.root === null ? [] : [spec.root]),
    ...namespaces.map((ns) => ns.id),
    ...bridges.map((b) => b.id),
  ];
  const placeOfEnd = (node: string) => bridges.find((b) => b.id === node)?.place ?? (node === spec.root ? '' : node);
  // Bridges joined by veths, so no veth closes a layer-2 loop unless every bridge it joins runs STP.
  const segment = new Map<string, string>(bridges.map((b) => [b.id, b.id]));
  const segmentOf = (id: string): string => {
    const up = segment.get(id) ?? id;
    return up === id ? id : segmentOf(up);
  };
  const stpOn = (id: string) =>
    devices.some(({ node }) => node.id === id && node.type === 'bridge' && node.stp === true);
  const closesLoop = (a: string, b: string) =>
    segment.has(a) &&
    segment.has(b) &&
    segmentOf(a) === segmentOf(b) &&
    !bridges.every((br) => segmentOf(br.id) !== segmentOf(a) || stpOn(br.id));
  for (const v of spec.veths) {
    const [a, b] = [v.a, v.b].map((e) => attachable[e.node % Math.max(1, attachable.length)]);
    const id = takeId(v.id);
    if (a === undefined || b === undefined || id === null || (a === b && bridges.some((br) => br.id === a))) continue;
    if (closesLoop(a, b)) continue;
    if (segment.has(a) && segment.has(b)) segment.set(segmentOf(a), segmentOf(b));
    const [aPlace, bPlace] = [placeOfEnd(a), placeOfEnd(b)];
    const aName = freeName(aPlace, v.a.name);
    const bName = aName === null ? null : freeName(bPlace, v.b.name, aPlace === bPlace ? aName : undefined);
    if (aName === null || bName === null) continue;
    ids.add(id);
    ifaces.push({ place: aPlace, name: aName, vxlan: false }, { place: bPlace, name: bName, vxlan: false });
    const end = (node: string, ifname: string, s: IfaceSpec): VethEnd => ({
      node,
      name: ifname,
      ...interfaceFields(s),
    });
    links.push({ id, type: 'veth', a: end(a, aName, v.a.iface), b: end(b, bName, v.b.iface) });
  }

  // Underlays, once every interface exists: one of the namespace's interfaces (or a host NIC in root), never a VXLAN.
  for (const { node, spec: d } of devices) {
    if (node.type !== 'vxlan') continue;
    const place = placeOf(node);
    const candidates = [
      ...(place === '' ? HOST_NICS : []),
      ...ifaces.filter((x) => x.place === place && !x.vxlan).map((x) => x.name),
    ];
    const underlay = d.underlay === null ? undefined : candidates[d.underlay % Math.max(1, candidates.length)];
    if (underlay !== undefined) node.underlay = underlay;
    else delete node.group; // iproute2 refuses a multicast group without a device to join it on
  }

  // Routes, once every interface exists; only those the kernel would take (a gateway on-link
  // through an interface that is up), as validation asks.
  const allNodes = [...nodes, ...namespaces, ...devices.map((d) => d.node)];
  const interfaces = interfacesByNamespace(allNodes, links, resolver({ nodes: allNodes }));
  for (const ns of namespaces) {
    const routeSpec = routeSpecs.get(ns.id);
    if (routeSpec === null || routeSpec === undefined) continue;
    const declared = interfaces.get(ns) ?? [];
    const names = declared.map((x) => x.name);
    const routes: Route[] = [];
    for (const r of routeSpec) {
      const to = ROUTE_TO[r.to % ROUTE_TO.length] ?? 'default';
      const dev = r.dev === null ? undefined : names[r.dev % names.length];
      const via = r.via || dev === undefined ? (to.includes(':') ? 'fd00::fe' : '10.0.0.254') : undefined;
      const route = { to, ...(via !== undefined && { via }), ...(dev !== undefined && { dev }) };
      const destination = routeDestination(canonicalRoute(route));
      if (routes.some((x) => routeDestination(canonicalRoute(x)) === destination)) continue;
      if (routeRefusal(route, declared, routesByDevice([...routes, route])) === null) routes.push(route);
    }
    ns.routes = routes;
  }

  const layout = spec.layout
    ? { layout: Object.fromEntries(allNodes.map((n, i) => [n.id, { x: i * 10, y: 100 - i }])) }
    : {};
  return withoutRefusedMtus({ version: 1, name, nodes: allNodes, links, ...layout });
}

/**
 * The document without the MTUs the kernel would refuse, as validation finds them: a VXLAN's
 * larger than its underlay carries (its `mtu` goes), or below IPv6's 1280 where it has IPv6
 * addresses (they go, and the routes through them). The pools make these too often to draw around.
 */
function withoutRefusedMtus(doc: Document): Document {
  for (let round = 0; round < 4; round += 1) {
    const checked = checkDocument(doc);
    if (checked.document !== null) return checked.document;
    let changed = false;
    for (const issue of checked.issues) {
      const [list, index, side, field] = issue.path;
      const node = list === 'nodes' && typeof index === 'number' ? doc.nodes[index] : undefined;
      const link = list === 'links' && typeof index === 'number' ? doc.links[index] : undefined;
      // A route through the IPv6 addresses taken away goes too.
      if (issue.code === 'BAD_ROUTE' && node?.type === 'namespace' && side === 'routes' && typeof field === 'number') {
        node.routes = node.routes?.filter((_, i) => i !== field);
        changed = true;
      }
      if (issue.code !== 'BAD_MTU') continue;
      const iface =
        node !== undefined && node.type !== 'root' && node.type !== 'namespace'
          ? node
          : link?.[side === 'b' ? 'b' : 'a'];
      if (iface === undefined) continue;
      if ((node !== undefined ? side : field) === 'mtu' && node?.type === 'vxlan') delete iface.mtu;
      else iface.addresses = (iface.addresses ?? []).filter((a) => !a.includes(':'));
      changed = true;
    }
    if (!changed) break;
  }
  return valid(doc);
}
