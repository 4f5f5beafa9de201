import { gatewayReachable } from '../addressing';
import type { DeviceObject, Iface, RouteSpec } from '../kernel';
import { routeRefusal, routesByDevice } from '../route-reach';
import { qdiscKindOf, QDISC_HANDLE } from '../impair';
import { canonicalNat } from '../nat';
import { canonicalRoutes, routeDestination, routeLabel } from '../routes';
import type { Snapshot, SnapshotLink, SnapshotNetns } from '../snapshot';
import type { Step } from '../step';

/**
 * A fake kernel for tests: applies Steps to a Snapshot the way Linux would, and throws where
 * Linux would refuse (a namespace, device or master that does not exist yet, a name that is
 * taken, an address or route that is already there). Side effects it models:
 * - deleting a namespace destroys every device inside it, and the peer of each veth in it;
 * - deleting a veth end destroys its peer; deleting a bridge releases its ports;
 * - deleting a device destroys the VXLANs whose underlay it is, and the routes that name it (`dev`);
 * - removing the last IPv4 address on a gateway's subnet (with `addr del` or with its device)
 *   flushes the routes through that gateway.
 * - a route is refused through a device that is down, or through a gateway that is not on-link
 *   (on a subnet of an up device, or inside a route by device alone).
 * - MACs: a device made without an address gets one of the kernel's choosing (a tun has none, and
 *   refuses one); a bridge whose MAC was never set takes the lowest MAC of its ports whenever they
 *   change (the kernel's `br_stp_recalculate_bridge_id`), one set by `address` keeps it.
 * Not modelled: routes flushed when a device goes down, IPv6 DAD, carrier.
 */

/**
 * The simulator's state: a snapshot, plus what a snapshot does not say: which veth ends are peers,
 * and which bridges (by ifindex) still follow their ports' MACs (none was ever set on them).
 */
export type FakeKernel = {
  readonly snapshot: Snapshot;
  readonly peers: ReadonlyMap<number, number>;
  readonly followsPorts?: ReadonlySet<number>;
};

/** What the kernel would have refused: the step, its index in the list, and why. */
export class SimulationError extends Error {
  readonly step: Step;
  readonly index: number;
  constructor(step: Step, index: number, reason: string) {
    super(`step ${index} ${JSON.stringify(step)}: ${reason}`);
    this.name = 'SimulationError';
    this.step = step;
    this.index = index;
  }
}

const link = (
  ifindex: number,
  ifname: string,
  kind: SnapshotLink['kind'],
  extra: Partial<SnapshotLink> = {},
): SnapshotLink => ({
  ifindex,
  ifname,
  kind,
  up: false,
  mtu: kind === 'loopback' ? 65536 : kind === 'vxlan' ? 1450 : 1500,
  ...(kind !== 'loopback' && kind !== 'tun' && { mac: `02:5e:00:00:${hex(ifindex >> 8)}:${hex(ifindex)}` }),
  addresses: [],
  ...extra,
});
const hex = (n: number) => (n & 0xff).toString(16).padStart(2, '0');

/** A host before any topology: `lo` and two NICs (`eth0`, `eth1`) in the root namespace, no namespaces. */
export const hostSnapshot = (): Snapshot => ({
  root: [
    link(1, 'lo', 'loopback', { up: true, addresses: ['127.0.0.1/8', '::1/128'] }),
    link(2, 'eth0', 'other', { up: true, addresses: ['192.168.50.1/24'] }),
    link(3, 'eth1', 'other', { up: true }),
  ],
  namespaces: [],
});

/** A fake kernel holding `snapshot`; veth peers are guessed from netloom markers (`<key>/a` with `<key>/b`). */
export function fakeKernel(snapshot: Snapshot = hostSnapshot()): FakeKernel {
  const ends = new Map<string, number>();
  const peers = new Map<number, number>();
  const all = [...snapshot.root, ...snapshot.namespaces.flatMap((ns) => ns.links ?? [])];
  for (const l of all) {
    const m = l.kind === 'veth' ? /^(.*)\/([ab])$/.exec(l.alias ?? '') : null;
    if (m === null) continue;
    const other = ends.get(`${m[1]}/${m[2] === 'a' ? 'b' : 'a'}`);
    if (other === undefined || peers.has(other)) {
      ends.set(`${m[1]}/${m[2]}`, l.ifindex);
      continue;
    }
    peers.set(other, l.ifindex);
    peers.set(l.ifindex, other);
  }
  return { snapshot: structuredCopy(snapshot), peers };
}

type Place = { links: SnapshotLink[]; ns: SnapshotNetns | null };

export type SimulateOptions = {
  /**
   * Deleting what is already gone is a no-op, as the agent's teardown treats it (its teardown
   * batches run with `-force` and count "Cannot find device" on a deletion as done).
   */
  readonly idempotentDeletes?: boolean;
};

/** Applies `steps` in order and returns the new kernel; the input is not changed. */
export function simulate(
  start: FakeKernel | Snapshot,
  steps: readonly Step[],
  options: SimulateOptions = {},
): FakeKernel {
  const from = 'peers' in start ? start : fakeKernel(start);
  const snapshot = structuredCopy(from.snapshot);
  const peers = new Map(from.peers);
  const followsPorts = new Set(from.followsPorts);
  const all = () => [...snapshot.root, ...snapshot.namespaces.flatMap((ns) => ns.links ?? [])];
  let nextIndex = Math.max(0, ...all().map((l) => l.ifindex)) + 1;

  steps.forEach((step, index) => {
    const fail = (reason: string): never => {
      throw new SimulationError(step, index, reason);
    };
    const where = (netns: string | null) => (netns === null ? 'the root namespace' : `namespace "${netns}"`);
    const namespace = (name: string) => snapshot.namespaces.find((ns) => ns.name === name);
    const place = (netns: string | null): Place => {
      if (netns === null) return { links: snapshot.root, ns: null };
      const ns = namespace(netns) ?? fail(`${where(netns)} does not exist`);
      return { links: ns.links ?? fail(`${where(netns)} cannot be entered`), ns };
    };
    const device = (netns: string | null, ifname: string) =>
      place(netns).links.find((l) => l.ifname === ifname) ?? fail(`no device "${ifname}" in ${where(netns)}`);
    const mustBeFree = (netns: string | null, ifname: string) => {
      if (place(netns).links.some((l) => l.ifname === ifname)) fail(`"${ifname}" already exists in ${where(netns)}`);
    };
    /** The kernel's choice of a bridge's MAC: the lowest of its ports', unless one was set. */
    const recalculateBridge = (netns: string | null, bridge: string | undefined) => {
      const links = place(netns).links;
      const br = links.find((l) => l.ifname === bridge);
      if (br === undefined || !followsPorts.has(br.ifindex)) return;
      const lowest = links.flatMap((l) => (l.master === bridge && l.mac !== undefined ? [l.mac] : [])).sort()[0];
      if (lowest !== undefined) br.mac = lowest;
    };
    const rootOnly = () => {
      if (step.netns !== null) fail('namespaces are managed from the root namespace');
    };

    /** Runs `change` on a namespace's devices, then flushes the gateway routes it left unreachable. */
    const flushingRoutes = (p: Place, change: () => void) => {
      const before = p.links.flatMap((l) => l.addresses);
      change();
      if (p.ns?.routes === undefined) return;
      const after = p.links.flatMap((l) => l.addresses);
      p.ns.routes = p.ns.routes.filter(
        (r) => r.via === undefined || !gatewayReachable(before, r.via) || gatewayReachable(after, r.via),
      );
    };

    /** Removes a device and what the kernel removes with it. */
    const remove = (netns: string | null, dev: SnapshotLink) => {
      const p = place(netns);
      const i = p.links.indexOf(dev);
      if (i < 0) return;
      flushingRoutes(p, () => p.links.splice(i, 1));
      followsPorts.delete(dev.ifindex);
      for (const l of p.links) if (l.master === dev.ifname) delete l.master;
      recalculateBridge(netns, dev.master);
      if (p.ns?.routes !== undefined) p.ns.routes = p.ns.routes.filter((r) => r.dev !== dev.ifname);
      for (const vx of p.links.filter((l) => l.vxlan?.underlay === dev.ifname)) remove(netns, vx);
      const peer = peers.get(dev.ifindex);
      peers.delete(dev.ifindex);
      if (peer === undefined) return;
      peers.delete(peer);
      for (const other of [null, ...snapshot.namespaces.map((ns) => ns.name)]) {
        const found = (other === null ? snapshot.root : (namespace(other)?.links ?? [])).find(
          (l) => l.ifindex === peer,
        );
        if (found !== undefined) remove(other, found);
      }
    };

    switch (step.op) {
      case 'netns.add': {
        rootOnly();
        if (namespace(step.name) !== undefined) fail(`namespace "${step.name}" already exists`);
        snapshot.namespaces.push({
          name: step.name,
          links: [link(nextIndex++, 'lo', 'loopback')],
          forwarding: false,
          routes: [],
          nat: canonicalNat([], []),
        });
        return;
      }
      case 'netns.id':
        rootOnly();
        place(step.name);
        return;
      case 'netns.del': {
        rootOnly();
        if (options.idempotentDeletes === true && namespace(step.name) === undefined) return;
        const { links } = place(step.name);
        for (const l of [...links]) remove(step.name, l);
        snapshot.namespaces.splice(
          snapshot.namespaces.findIndex((ns) => ns.name === step.name),
          1,
        );
        return;
      }
      case 'link.add':
        return addDevice(step.netns, step.device);
      case 'link.del': {
        const gone = !place(step.netns).links.some((l) => l.ifname === step.ifname);
        if (options.idempotentDeletes === true && gone) return;
        return remove(step.netns, device(step.netns, step.ifname));
      }
      case 'link.set': {
        const dev = device(step.netns, step.ifname);
        // iproute2 sends one message; the kernel sets the address before it changes the master.
        if (step.mac !== undefined) {
          if (dev.mac === undefined) fail(`"${step.ifname}" has no MAC address (operation not supported)`);
          dev.mac = step.mac.toLowerCase();
          followsPorts.delete(dev.ifindex);
          recalculateBridge(step.netns, dev.master);
        }
        const left = dev.master;
        if (step.master !== undefined && step.master !== null) {
          const master = device(step.netns, step.master);
          if (master.kind !== 'bridge' || master === dev) fail(`"${step.master}" is not a bridge`);
          dev.master = step.master;
        } else if (step.master === null) delete dev.master;
        if (step.master !== undefined) {
          recalculateBridge(step.netns, left);
          recalculateBridge(step.netns, dev.master);
        }
        if (step.stp !== undefined) {
          if (dev.kind !== 'bridge') fail(`"${step.ifname}" is not a bridge`);
          dev.stp = step.stp;
        }
        if (step.alias === '')
          delete dev.alias; // `alias ""` clears it
        else if (step.alias !== undefined) dev.alias = step.alias;
        if (step.mtu !== undefined) dev.mtu = step.mtu;
        if (step.up !== undefined) dev.up = step.up;
        return;
      }
      case 'addr.add': {
        const dev = device(step.netns, step.ifname);
        if (dev.addresses.includes(step.cidr)) fail(`${step.cidr} is already on "${step.ifname}"`);
        dev.addresses.push(step.cidr);
        return;
      }
      case 'addr.del': {
        if (
          options.idempotentDeletes === true &&
          !place(step.netns).links.some((l) => l.ifname === step.ifname && l.addresses.includes(step.cidr))
        )
          return;
        const dev = device(step.netns, step.ifname);
        if (!dev.addresses.includes(step.cidr)) fail(`${step.cidr} is not on "${step.ifname}"`);
        flushingRoutes(place(step.netns), () => dev.addresses.splice(dev.addresses.indexOf(step.cidr), 1));
        return;
      }
      case 'route.add': {
        const ns = place(step.netns).ns ?? fail('root routes are not managed');
        if (step.route.dev !== undefined) device(step.netns, step.route.dev);
        const routes = ns.routes ?? [];
        const destination = routeDestination(step.route);
        if (routes.some((r) => routeDestination(r) === destination))
          fail(`a route to ${routeLabel(step.route)} exists`);
        // The kernel's nexthop check, by the rule validation also applies (route-reach.ts): here it
        // checks that the plan brings interfaces up, adds addresses and routes by device first.
        const ifaces = place(step.netns).links.map((l) => ({ name: l.ifname, addresses: l.addresses, up: l.up }));
        const refused = routeRefusal(step.route, ifaces, routesByDevice(routes));
        if (refused !== null) fail(`the kernel refuses the route: ${refused.message}`);
        // In canonical order, as the agent's observer reports them.
        ns.routes = canonicalRoutes([...routes, step.route]);
        return;
      }
      case 'route.del': {
        const ns = place(step.netns).ns ?? fail('root routes are not managed');
        const match = (r: RouteSpec) =>
          routeDestination(r) === routeDestination(step.route) &&
          (step.route.via === undefined || r.via === step.route.via) &&
          (step.route.dev === undefined || r.dev === step.route.dev);
        const routes = ns.routes ?? [];
        if (options.idempotentDeletes === true && !routes.some(match)) return;
        if (!routes.some(match)) fail(`no route to ${routeLabel(step.route)}`);
        ns.routes = routes.filter((r) => !match(r));
        return;
      }
      case 'nat.set': {
        const ns = place(step.netns).ns ?? fail('the root namespace is never changed');
        ns.nat = step.nat;
        return;
      }
      case 'nat.del': {
        const ns = place(step.netns).ns ?? fail('the root namespace is never changed');
        ns.nat = canonicalNat([], []);
        return;
      }
      case 'qdisc.set': {
        const link = device(step.netns, step.ifname);
        const kind = qdiscKindOf(step.impair);
        if (link.qdisc?.handle === QDISC_HANDLE && link.qdisc.kind !== kind)
          fail(`Error: Invalid qdisc name: "${kind}" cannot change a ${link.qdisc.kind}`);
        link.qdisc = { kind, handle: QDISC_HANDLE, impair: step.impair };
        return;
      }
      case 'qdisc.del': {
        const link = device(step.netns, step.ifname);
        if (link.qdisc === undefined) fail('Error: Cannot delete qdisc with handle of zero.');
        delete link.qdisc;
        return;
      }
      case 'sysctl.set': {
        rootOnly();
        const ns = place(step.name).ns ?? fail('the root namespace is never changed');
        ns.forwarding = step.value;
        return;
      }
    }

    function addDevice(netns: string | null, dev: DeviceObject) {
      place(netns);
      if (dev.kind === 'veth') {
        const [a, b] = [dev.a, dev.b].map((end) => {
          mustBeFree(end.netns, end.ifname);
          return { end, l: link(nextIndex++, end.ifname, 'veth', end.mac === undefined ? {} : { mac: end.mac }) };
        });
        if (a === undefined || b === undefined) return;
        if (a.end.netns === b.end.netns && a.end.ifname === b.end.ifname) fail('both ends have the same name');
        place(a.end.netns).links.push(a.l);
        place(b.end.netns).links.push(b.l);
        peers.set(a.l.ifindex, b.l.ifindex);
        peers.set(b.l.ifindex, a.l.ifindex);
        return;
      }
      const iface: Iface = dev.iface;
      // tun/tap are made by an ioctl inside their namespace; we require the same of every device.
      if (iface.netns !== netns) fail(`a ${dev.kind} must be created inside its own namespace`);
      mustBeFree(netns, iface.ifname);
      const extra: Partial<SnapshotLink> = {};
      // `tuntap add` takes no address: the plan sets a tap's afterwards.
      if (iface.mac !== undefined && dev.kind !== 'tap' && dev.kind !== 'tun') extra.mac = iface.mac;
      if (dev.kind === 'bridge') extra.stp = dev.stp;
      if (dev.kind === 'vxlan') {
        const { vni, port, local, remote, group, underlay } = dev;
        if (underlay !== undefined) device(netns, underlay);
        const family = (ip: string | undefined) => (ip?.includes(':') ? 6 : 4);
        const fam = family(remote ?? group ?? local);
        const clash = place(netns).links.find(
          (l) =>
            l.vxlan?.vni === vni &&
            l.vxlan.port === port &&
            family(l.vxlan.remote ?? l.vxlan.group ?? l.vxlan.local) === fam,
        );
        if (clash !== undefined) fail(`VNI ${vni} on port ${port} is already used by "${clash.ifname}"`);
        extra.vxlan = { vni, port, ...defined({ local, remote, group, underlay }) };
      }
      const made = link(nextIndex++, iface.ifname, dev.kind, extra);
      if (dev.kind === 'bridge' && extra.mac === undefined) followsPorts.add(made.ifindex);
      place(netns).links.push(made);
    }
  });
  return { snapshot, peers, followsPorts };
}

const defined = <T extends Record<string, string | undefined>>(o: T): { [K in keyof T]?: string } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };

const structuredCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
