import type { Orphan } from './assemble';
import { gatewayReachable } from './addressing';
import { ifacesOf, type Iface, type KernelKind, type KernelObject, type KernelState } from './kernel';

export type Change =
  | { readonly op: 'create'; readonly key: string; readonly after: KernelObject }
  | { readonly op: 'delete'; readonly key: string; readonly before: KernelObject }
  | {
      readonly op: 'update' | 'replace';
      readonly key: string;
      readonly before: KernelObject;
      readonly after: KernelObject;
      /** Dotted paths of the fields that differ, e.g. `a.addresses`, `vni`. */
      readonly fields: readonly string[];
    };

/**
 * Fields the kernel cannot change in place: a difference turns an update into delete-then-create
 * (terraform's replace). A rename is a replace on purpose: `ip link set name` needs the link down.
 */
const IMMUTABLE = {
  netns: ['name'],
  veth: ['a.netns', 'a.ifname', 'b.netns', 'b.ifname'],
  bridge: ['iface.netns', 'iface.ifname'],
  tap: ['iface.netns', 'iface.ifname'],
  tun: ['iface.netns', 'iface.ifname'],
  vxlan: ['iface.netns', 'iface.ifname', 'vni', 'port', 'local', 'remote', 'group', 'underlay'],
} as const satisfies Record<KernelKind, readonly string[]>;

/**
 * Pure: what must change so that `observed` becomes `desired`. Sorted by key, so plans are stable.
 * Objects the kernel removes by itself during the teardown (see `afterTeardown`) are compared as
 * they will be then: an unchanged bridge inside a deleted namespace is created again.
 */
export function diffState(desired: KernelState, observed: KernelState, orphans: readonly Orphan[] = []): Change[] {
  const changes = compare(desired, observed);
  const settled = afterTeardown(observed, changes, orphans);
  return settled === observed ? changes : compare(desired, settled);
}

function compare(desired: KernelState, observed: KernelState): Change[] {
  const keys = [...new Set([...desired.keys(), ...observed.keys()])].sort();
  const changes: Change[] = [];
  for (const key of keys) {
    const after = desired.get(key);
    const before = observed.get(key);
    if (after !== undefined && before === undefined) changes.push({ op: 'create', key, after });
    else if (after === undefined && before !== undefined) changes.push({ op: 'delete', key, before });
    else if (after !== undefined && before !== undefined) {
      const fields = changedFields(alignRoutes(before, after), after);
      if (fields.length === 0) continue;
      const immutable: readonly string[] = IMMUTABLE[after.kind];
      const replace = before.kind !== after.kind || fields.some((f) => immutable.includes(f));
      changes.push({ op: replace ? 'replace' : 'update', key, before, after, fields });
    }
  }
  return changes;
}

/** Identifies an interface across namespaces (`''` is the root namespace: no netns has that name). */
export const ifaceAt = (netns: string | null, ifname: string): string => `${netns ?? ''}/${ifname}`;

/**
 * `observed` as it will be once the deletes and replaces of `changes` have run, for the objects
 * those changes keep: the kernel destroys everything in a deleted namespace (a veth with its peer)
 * and a VXLAN with its underlay device, releases the ports of a deleted bridge and drops the routes
 * through a deleted device. Returns `observed` itself when nothing goes.
 */
function afterTeardown(observed: KernelState, changes: readonly Change[], orphans: readonly Orphan[]): KernelState {
  const gone = new Set(changes.flatMap((c) => (c.op === 'delete' || c.op === 'replace' ? [c.key] : [])));
  const kept = keptAddresses(changes);
  if (gone.size === 0 && orphans.length === 0 && kept.size === 0) return observed;
  const state = new Map(observed);
  const doomedNetns = new Set<string>();
  const dying = new Set<string>();
  const kill = (obj: KernelObject) => {
    if (obj.kind === 'netns') doomedNetns.add(obj.name);
    for (const { iface } of ifacesOf(obj)) dying.add(ifaceAt(iface.netns, iface.ifname));
  };
  for (const key of gone) {
    const obj = observed.get(key);
    if (obj !== undefined) kill(obj);
  }
  // Leftovers are deleted first, and take with them what the kernel ties to them.
  for (const o of orphans) {
    if (o.ifname === null && o.netns !== null) doomedNetns.add(o.netns);
    else if (o.ifname !== null) dying.add(ifaceAt(o.netns, o.ifname));
  }
  const dies = (obj: KernelObject) =>
    ifacesOf(obj).some(({ iface }) => iface.netns !== null && doomedNetns.has(iface.netns)) ||
    (obj.kind === 'vxlan' && obj.underlay !== undefined && dying.has(ifaceAt(obj.iface.netns, obj.underlay)));
  for (let more = true; more;) {
    more = false;
    for (const [key, obj] of state) {
      if (gone.has(key) || !dies(obj)) continue;
      state.delete(key);
      kill(obj);
      more = true;
    }
  }
  const release = (i: Iface): Iface =>
    i.master !== null && dying.has(ifaceAt(i.netns, i.master)) ? { ...i, master: null } : i;
  // Each namespace's addresses before the teardown, and those it keeps through it (one pass).
  const addresses = new Map<string, { before: string[]; after: string[] }>();
  for (const obj of observed.values()) {
    for (const { iface } of ifacesOf(obj)) {
      if (iface.netns === null) continue;
      const at = ifaceAt(iface.netns, iface.ifname);
      const entry = addresses.get(iface.netns) ?? { before: [], after: [] };
      entry.before.push(...iface.addresses);
      if (!dying.has(at) && state.has(obj.key)) entry.after.push(...(kept.get(at) ?? iface.addresses));
      addresses.set(iface.netns, entry);
    }
  }
  for (const [key, obj] of state) {
    if (gone.has(key)) continue;
    if (obj.kind === 'netns') {
      // A route through a deleted device goes with it; one through a gateway goes when the last
      // address on the gateway's subnet is removed (the kernel flushes it; the plan adds it again).
      const { before = [], after = [] } = addresses.get(obj.name) ?? {};
      const routes = obj.routes?.filter(
        (r) =>
          (r.dev === undefined || !dying.has(ifaceAt(obj.name, r.dev))) &&
          (r.via === undefined || !gatewayReachable(before, r.via) || gatewayReachable(after, r.via)),
      );
      if (routes !== undefined && routes.length !== obj.routes?.length) state.set(key, { ...obj, routes });
    } else if (obj.kind === 'veth') state.set(key, { ...obj, a: release(obj.a), b: release(obj.b) });
    else state.set(key, { ...obj, iface: release(obj.iface) });
  }
  return state;
}

/** Interfaces that updates take addresses from (by `ifaceAt`), with the addresses they keep. */
function keptAddresses(changes: readonly Change[]): Map<string, readonly string[]> {
  const kept = new Map<string, readonly string[]>();
  for (const c of changes) {
    if (c.op !== 'update') continue;
    const afterIfaces = ifacesOf(c.after);
    ifacesOf(c.before).forEach(({ iface }, i) => {
      const next = afterIfaces[i]?.iface;
      const keeps = next === undefined ? iface.addresses : iface.addresses.filter((a) => next.addresses.includes(a));
      if (keeps.length !== iface.addresses.length) kept.set(ifaceAt(iface.netns, iface.ifname), keeps);
    });
  }
  return kept;
}

/** The kernel fills in a route's `dev` from its gateway; where desired leaves `dev` out, so do we. */
function alignRoutes(before: KernelObject, after: KernelObject): KernelObject {
  if (before.kind !== 'netns' || after.kind !== 'netns' || before.routes === undefined || after.routes === undefined)
    return before;
  const wanted = after.routes;
  const routes = before.routes.map((route) => {
    const match = wanted.find((w) => w.to === route.to && w.via === route.via);
    if (match === undefined || match.dev !== undefined || route.via === undefined) return route;
    return { to: route.to, via: route.via };
  });
  return { ...before, routes };
}

/**
 * Only fields present in desired state are compared: an omitted mtu (or a tun's mac, which has none) means "the kernel's
 * choice". Optional identity fields (vxlan `remote`...) are compared both ways, since their
 * absence is meaningful there.
 */
function changedFields(before: KernelObject, after: KernelObject): string[] {
  const out: string[] = [];
  collectChanged(before, after, '', out);
  if (after.kind === 'vxlan') {
    const observed: Readonly<Record<string, unknown>> = before;
    for (const f of VXLAN_IDENTITY)
      if (after[f] === undefined && observed[f] !== undefined && !isRecord(observed[f])) out.push(f);
  }
  return out.sort();
}

const VXLAN_IDENTITY = ['local', 'remote', 'group', 'underlay'] as const;

/**
 * Appends the dotted path of every leaf of `desired` whose value `observed` does not have at the
 * same path; arrays are leaves and compare as whole values. Allocates only for differences: a
 * converged re-apply compares every field of every object.
 */
function collectChanged(observed: unknown, desired: unknown, path: string, out: string[]): void {
  if (isRecord(desired)) {
    const inner = isRecord(observed) ? observed : undefined;
    for (const key in desired) {
      const value = desired[key];
      if (value !== undefined) collectChanged(inner?.[key], value, path === '' ? key : `${path}.${key}`, out);
    }
  } else if (isRecord(observed) || !sameLeaf(observed, desired)) {
    out.push(path);
  }
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
