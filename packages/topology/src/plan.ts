import type { Orphan } from './assemble';
import { ifaceAt, type Change } from './diff';
import { ifacesOf, type DeviceObject, type Iface, type KernelObject, type NetnsObject, type RouteSpec } from './kernel';
import { qdiscKindOf } from './impair';
import { natIsEmpty, natTableName } from './nat';
import { formatMarker } from './ownership';
import { assertNever } from './result';
import { STAGES, stageOf, type Step, type StepOp } from './step';

/** Order inside a namespace's batch of one stage. */
const OP_ORDER = {
  'route.del': 0,
  'addr.del': 1,
  'link.del': 2,
  'netns.del': 3,
  'netns.add': 4,
  'netns.id': 5,
  'link.add': 6,
  'link.set': 7,
  'sysctl.set': 8,
  'addr.add': 9,
  'route.add': 10,
  'nat.del': 11,
  'nat.set': 12,
  'qdisc.del': 13,
  'qdisc.set': 14,
} as const satisfies Record<StepOp, number>;

/** Bridges exist before the ports that join them; veths before the VXLANs that ride on them. */
const CREATE_ORDER = { bridge: 0, tap: 1, tun: 2, veth: 3, vxlan: 4 } as const satisfies Record<
  DeviceObject['kind'],
  number
>;

/**
 * Changes → the ordered steps that perform them. Teardown before build-up; namespaces, then
 * devices created straight into their namespaces, then masters, addresses, up, routes.
 * Devices inside a namespace that is deleted go with it (the kernel removes them), so they get
 * no step of their own: that is what makes `down` one `netns del` per namespace.
 */
export function planChanges(topology: string, changes: readonly Change[], orphans: readonly Orphan[] = []): Step[] {
  const doomed = new Set([
    ...changes.flatMap((c) =>
      (c.op === 'delete' || c.op === 'replace') && c.before.kind === 'netns' ? [c.before.name] : [],
    ),
    ...orphans.flatMap((o) => (o.ifname === null && o.netns !== null ? [o.netns] : [])),
  ]);
  const survives = (netns: string | null) => netns === null || !doomed.has(netns);
  // A VXLAN goes with its underlay device: the kernel deletes it when the underlay is deleted.
  const dying = new Set([
    ...changes.flatMap((c) =>
      c.op === 'delete' || c.op === 'replace'
        ? ifacesOf(c.before).map(({ iface }) => ifaceAt(iface.netns, iface.ifname))
        : [],
    ),
    ...orphans.flatMap((o) => (o.ifname === null ? [] : [ifaceAt(o.netns, o.ifname)])),
  ]);
  // `netns del` returns before the kernel has dismantled the namespace, so a veth from it to a
  // surviving namespace lingers there a moment: if this plan makes that name again, delete the
  // veth explicitly (synchronous) rather than let the new one collide with it.
  const made = new Set(
    changes.flatMap((c) =>
      c.op === 'create' || c.op === 'replace'
        ? ifacesOf(c.after).map(({ iface }) => ifaceAt(iface.netns, iface.ifname))
        : [],
    ),
  );
  const goesAlong = (obj: KernelObject) => {
    const ifaces = ifacesOf(obj).map(({ iface }) => iface);
    const withNamespace =
      !ifaces.every((i) => survives(i.netns)) &&
      !ifaces.some((i) => survives(i.netns) && made.has(ifaceAt(i.netns, i.ifname)));
    return (
      withNamespace ||
      (obj.kind === 'vxlan' && obj.underlay !== undefined && dying.has(ifaceAt(obj.iface.netns, obj.underlay)))
    );
  };
  const steps: Step[] = [];
  for (const orphan of orphans) {
    if (orphan.ifname === null && orphan.netns !== null) {
      steps.push({ op: 'netns.del', netns: null, object: orphan.key, name: orphan.netns });
    } else if (orphan.ifname !== null && survives(orphan.netns)) {
      steps.push({ op: 'link.del', netns: orphan.netns, object: orphan.key, ifname: orphan.ifname });
    }
  }
  for (const change of changes) {
    switch (change.op) {
      case 'create':
        steps.push(...createSteps(topology, change.after));
        break;
      case 'delete':
        steps.push(...deleteSteps(change.before, goesAlong, survives));
        break;
      case 'replace':
        steps.push(...deleteSteps(change.before, goesAlong, survives), ...createSteps(topology, change.after));
        break;
      case 'update':
        steps.push(...updateSteps(change.before, change.after));
        if (change.before.kind === 'netns' && change.after.kind === 'netns')
          steps.push(...natSteps(topology, change.before, change.after));
        break;
      default:
        assertNever(change, 'change');
    }
  }
  return sortSteps(steps);
}

/** Stable: stage, then op, then creation order of kinds, then the order changes were listed in (by key). */
export function sortSteps(steps: readonly Step[]): Step[] {
  const rank = (s: Step) => [
    STAGES.indexOf(stageOf(s)),
    OP_ORDER[s.op],
    s.op === 'link.add' ? CREATE_ORDER[s.device.kind] : 0,
  ];
  return steps
    .map((step, index) => ({ step, index, r: rank(step) }))
    .sort((x, y) => x.r[0]! - y.r[0]! || x.r[1]! - y.r[1]! || x.r[2]! - y.r[2]! || x.index - y.index)
    .map(({ step }) => step);
}

function createSteps(topology: string, obj: KernelObject): Step[] {
  if (obj.kind === 'netns') return [...createNetns(topology, obj), ...natSteps(topology, undefined, obj)];
  const link: Step = { op: 'link.add', netns: createdFrom(obj), object: obj.key, device: obj };
  // `tuntap add` takes neither marker nor MAC: they follow in its own batch (`atCreation`).
  const marked = !macAtCreation(obj) && obj.kind !== 'veth' ? [obj.iface] : [];
  const marking = marked.map((iface): Step => ({
    op: 'link.set',
    netns: iface.netns,
    object: obj.key,
    ifname: iface.ifname,
    alias: formatMarker(topology, obj.key),
    ...(iface.mac !== undefined && { mac: iface.mac }),
    atCreation: true,
  }));
  const configure = ifacesOf(obj).flatMap(({ end, iface }): Step[] => [
    {
      op: 'link.set',
      netns: iface.netns,
      object: obj.key,
      ifname: iface.ifname,
      ...(marked.length === 0 && { alias: formatMarker(topology, obj.key, end) }),
      ...(iface.master !== null && { master: iface.master }),
      ...(iface.mtu !== undefined && { mtu: iface.mtu }),
      up: iface.up,
    },
    ...iface.addresses.map((cidr): Step => ({
      op: 'addr.add',
      netns: iface.netns,
      object: obj.key,
      ifname: iface.ifname,
      cidr,
    })),
    ...qdiscSteps(obj.key, undefined, iface),
  ]);
  return [link, ...marking, ...configure];
}

/**
 * A device made with `link add` takes its MAC there (`address`), so it never shows a random one;
 * `tuntap add` takes none, so a tap's is set right after, in the same batch, with its marker.
 */
export const macAtCreation = (device: DeviceObject): boolean => device.kind !== 'tap' && device.kind !== 'tun';

function createNetns(topology: string, ns: NetnsObject): Step[] {
  const where = { netns: null, object: ns.key, name: ns.name };
  return [
    { op: 'netns.add', ...where },
    { op: 'netns.id', ...where },
    // The namespace's marker lives on its loopback, which a learner expects up anyway.
    { op: 'link.set', netns: ns.name, object: ns.key, ifname: 'lo', alias: formatMarker(topology, ns.key), up: true },
    ...(ns.forwarding === undefined ? [] : [forwarding(ns, ns.forwarding)]),
    ...byDeviceFirst(ns.routes ?? []).map((route): Step => ({
      op: 'route.add',
      netns: ns.name,
      object: ns.key,
      route,
    })),
  ];
}

/**
 * netloom's table made to hold `after.nat`: replaced whole (one nft transaction) when it differs,
 * deleted when no rule is left. Nothing when NAT is not managed. A deleted namespace takes its
 * tables along, so deletes need no step.
 */
function natSteps(topology: string, before: NetnsObject | undefined, after: NetnsObject): Step[] {
  if (after.nat === undefined) return [];
  const where = { netns: after.name, object: after.key, table: natTableName(topology) };
  const had = before?.nat;
  if (natIsEmpty(after.nat))
    return had === undefined || (natIsEmpty(had) && had.intact) ? [] : [{ op: 'nat.del', ...where }];
  if (had !== undefined && JSON.stringify(had) === JSON.stringify(after.nat)) return [];
  return [{ op: 'nat.set', ...where, nat: after.nat }];
}

/** Routes by device alone first: a gateway inside one of them is on-link only once it exists. */
const byDeviceFirst = (routes: readonly RouteSpec[]): RouteSpec[] => [
  ...routes.filter((r) => r.via === undefined),
  ...routes.filter((r) => r.via !== undefined),
];

const forwarding = (ns: NetnsObject, value: boolean): Step => ({
  op: 'sysctl.set',
  netns: null,
  object: ns.key,
  name: ns.name,
  key: 'net.ipv4.ip_forward',
  value,
});

/**
 * A veth touching the root namespace is made from there (the root namespace has no name to
 * pass to `netns`); a tun/tap must be made inside its namespace (it is an ioctl, not netlink).
 */
function createdFrom(obj: DeviceObject): string | null {
  if (obj.kind === 'veth') return obj.a.netns === null || obj.b.netns === null ? null : obj.a.netns;
  return obj.iface.netns;
}

function deleteSteps(
  obj: KernelObject,
  goesAlong: (obj: KernelObject) => boolean,
  survives: (netns: string | null) => boolean,
): Step[] {
  if (obj.kind === 'netns') return [{ op: 'netns.del', netns: null, object: obj.key, name: obj.name }];
  const ifaces = ifacesOf(obj).map((i) => i.iface);
  // Deleting one end of a veth removes its peer; deleting a namespace removes what is inside.
  if (goesAlong(obj)) return [];
  // From a surviving end: the namespace of the other may be deleted by a batch of the same stage.
  const end = ifaces.find((i) => survives(i.netns)) ?? ifaces[0];
  return end === undefined ? [] : [{ op: 'link.del', netns: end.netns, object: obj.key, ifname: end.ifname }];
}

function updateSteps(before: KernelObject, after: KernelObject): Step[] {
  if (before.kind === 'netns' && after.kind === 'netns') return updateNetns(before, after);
  const beforeIfaces = ifacesOf(before);
  const steps = ifacesOf(after).flatMap(({ iface }, i) => {
    const old = beforeIfaces[i]?.iface;
    return old === undefined ? [] : updateIface(after.key, old, iface);
  });
  if (before.kind === 'bridge' && after.kind === 'bridge' && before.stp !== after.stp) {
    steps.push({
      op: 'link.set',
      netns: after.iface.netns,
      object: after.key,
      ifname: after.iface.ifname,
      stp: after.stp,
    });
  }
  return steps;
}

function updateIface(key: string, before: Iface, after: Iface): Step[] {
  const where = { netns: after.netns, object: key, ifname: after.ifname };
  const set = {
    ...(after.master !== before.master && { master: after.master }),
    ...(after.mtu !== undefined && after.mtu !== before.mtu && { mtu: after.mtu }),
    ...(after.mac !== undefined && after.mac !== before.mac && { mac: after.mac }),
    ...(after.up !== before.up && { up: after.up }),
  };
  return [
    ...before.addresses
      .filter((a) => !after.addresses.includes(a))
      .map((cidr): Step => ({ op: 'addr.del', ...where, cidr })),
    ...(Object.keys(set).length > 0 ? [{ op: 'link.set' as const, ...where, ...set }] : []),
    ...after.addresses
      .filter((a) => !before.addresses.includes(a))
      .map((cidr): Step => ({ op: 'addr.add', ...where, cidr })),
    ...qdiscSteps(key, before, after),
  ];
}

/**
 * netloom's root qdisc on a veth end made to do `after.impair`: replaced when it differs (a
 * replace changes a qdisc of the same kind in place and takes the place of someone else's), after
 * deleting netloom's own one of another kind (the kernel changes no qdisc's kind); deleted when
 * the document asks for none. Someone else's root qdisc where the document asks for none stays.
 */
function qdiscSteps(key: string, before: Iface | undefined, after: Iface): Step[] {
  if (after.impair === undefined || after.netns === null) return [];
  const where = { netns: after.netns, object: key, ifname: after.ifname };
  const had = before?.impair ?? null;
  if (after.impair === null) return had === null ? [] : [{ op: 'qdisc.del', ...where }];
  if (had !== null && JSON.stringify(had) === JSON.stringify(after.impair)) return [];
  const kindChanges = before?.qdisc !== undefined && before.qdisc !== qdiscKindOf(after.impair);
  return [
    ...(kindChanges ? [{ op: 'qdisc.del' as const, ...where }] : []),
    { op: 'qdisc.set', ...where, impair: after.impair },
  ];
}

function updateNetns(before: NetnsObject, after: NetnsObject): Step[] {
  const steps: Step[] = [];
  if (after.forwarding !== undefined && after.forwarding !== before.forwarding)
    steps.push(forwarding(after, after.forwarding));
  if (after.routes !== undefined) {
    // The kernel fills in the `dev` of a gateway route; a wanted route without one matches any (as in diffState).
    const same = (had: RouteSpec, want: RouteSpec) =>
      had.to === want.to &&
      had.via === want.via &&
      (want.dev === undefined ? had.via !== undefined : had.dev === want.dev);
    const had = before.routes ?? [];
    for (const route of had)
      if (!after.routes.some((w) => same(route, w)))
        steps.push({ op: 'route.del', netns: after.name, object: after.key, route });
    for (const route of byDeviceFirst(after.routes))
      if (!had.some((h) => same(h, route)))
        steps.push({ op: 'route.add', netns: after.name, object: after.key, route });
  }
  return steps;
}
