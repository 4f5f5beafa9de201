import type { Document } from './document';
import { impairSpec, QDISC_HANDLE } from './impair';
import type { Iface, KernelObject, KernelState } from './kernel';
import { parseMarker } from './ownership';
import type { Snapshot, SnapshotLink } from './snapshot';
import type { Mutable } from './result';

/**
 * Something of ours that forms no whole object: an interface with our marker but no partner
 * (half a veth), or a namespace or interface that an interrupted apply created but did not
 * get to mark (listed in `pending`). The next apply deletes it. `ifname: null` is the
 * namespace `netns` itself.
 */
export type Orphan = { readonly key: string; readonly netns: string | null; readonly ifname: string | null };

/** What an apply is about to create, recorded before it starts, so a crash cannot leave unmarked objects behind. */
export type Pending = {
  readonly netns: readonly string[];
  readonly links: readonly { readonly netns: string | null; readonly ifname: string }[];
};

/** Names the topology must not take: they belong to someone else (another topology or no one). */
export type ForeignNames = {
  readonly netns: ReadonlySet<string>;
  /** Interface names by namespace name; `''` is the root namespace. */
  readonly ifnames: ReadonlyMap<string, ReadonlySet<string>>;
};

export type Observed = {
  readonly state: KernelState;
  readonly orphans: readonly Orphan[];
  readonly foreign: ForeignNames;
};

export const ROOT_PLACE = '';

/**
 * The names each namespace id has in the documents a topology is known by (the one being
 * applied, the one applied last) and in states of it already proven. A namespace's marker sits
 * on its `lo`, where anyone can copy it; it proves nothing unless the namespace has a name these
 * give its id. An id none of them names (its document lost) is taken on the marker alone.
 */
export type NamespaceNames = ReadonlyMap<string, ReadonlySet<string>>;

export function namespaceNames(docs: readonly Document[], states: readonly KernelState[] = []): NamespaceNames {
  const names = new Map<string, Set<string>>();
  const add = (key: string, name: string) => names.set(key, (names.get(key) ?? new Set()).add(name));
  for (const doc of docs) for (const node of doc.nodes) if (node.type === 'namespace') add(node.id, node.name);
  for (const state of states) for (const o of state.values()) if (o.kind === 'netns') add(o.key, o.name);
  return names;
}

/** The kinds of interface netloom makes. */
const MADE: ReadonlySet<string> = new Set(['veth', 'bridge', 'tap', 'tun', 'vxlan']);

/**
 * Applies ownership to a snapshot: what `topology` owns, its broken leftovers, and everything
 * else's names. With `names`, a namespace whose marker claims an id under a name they do not give
 * it (a marker copied onto someone's namespace) is foreign, and so is a second namespace claiming
 * an id already claimed: never renamed, deleted or entered.
 */
export function assembleState(
  snapshot: Snapshot,
  topology: string,
  pending?: Pending,
  names: NamespaceNames = new Map(),
): Observed {
  const state = new Map<string, KernelObject>();
  const orphans: Orphan[] = [];
  const foreignNetns = new Set<string>();
  const foreignIfnames = new Map<string, Set<string>>();
  const ends = new Map<string, { a?: Iface; b?: Iface; other: Iface[]; link: SnapshotLink }>();

  const pendingNetns = new Set(pending?.netns ?? []);
  const isPending = (netns: string | null, ifname: string) =>
    pending?.links.some((l) => l.netns === netns && l.ifname === ifname) ?? false;

  const visit = (netns: string | null, links: readonly SnapshotLink[]) => {
    const foreign = new Set<string>();
    foreignIfnames.set(netns ?? ROOT_PLACE, foreign);
    for (const link of links) {
      const marker = parseMarker(link.alias);
      if (marker === null || marker.topology !== topology) {
        if (link.alias === undefined && isPending(netns, link.ifname))
          orphans.push({ key: link.ifname, netns, ifname: link.ifname });
        else if (link.kind !== 'loopback') foreign.add(link.ifname);
        continue;
      }
      if (link.kind === 'loopback') continue; // a namespace marker, read below
      // A marker claims what netloom made: a veth end (`/a`, `/b`) or a bridge, tap, tun or VXLAN.
      // On anything else (a marker copied onto someone's device) it proves nothing: foreign.
      if (!MADE.has(link.kind) || (marker.end !== null) !== (link.kind === 'veth')) {
        foreign.add(link.ifname);
        continue;
      }
      const iface = toIface(netns, link);
      const group = ends.get(marker.key) ?? { other: [], link };
      ends.set(marker.key, group);
      if (marker.end === 'a' && group.a === undefined && link.kind === 'veth') group.a = iface;
      else if (marker.end === 'b' && group.b === undefined && link.kind === 'veth') group.b = iface;
      else group.other.push(iface);
    }
  };

  visit(null, snapshot.root);
  // Which namespace each claimed id is: the first under a name the documents give it, else the
  // first claim (names unknown); the others carry a copy of its marker.
  const claims = new Map<string, string>();
  for (const ns of snapshot.namespaces) {
    const marker = parseMarker(ns.links?.find((l) => l.kind === 'loopback')?.alias);
    if (marker === null || marker.topology !== topology) continue;
    const known = names.get(marker.key);
    if (!claims.has(marker.key) && (known === undefined || known.has(ns.name))) claims.set(marker.key, ns.name);
  }
  for (const ns of snapshot.namespaces) {
    const lo = ns.links?.find((l) => l.kind === 'loopback');
    const marker = parseMarker(lo?.alias);
    if (ns.links === undefined || marker === null || marker.topology !== topology) {
      // Pending and unread (made, not yet given an id) is as unmarked as a read lo without alias.
      if ((ns.links === undefined || (lo !== undefined && lo.alias === undefined)) && pendingNetns.has(ns.name))
        orphans.push({ key: ns.name, netns: ns.name, ifname: null });
      else foreignNetns.add(ns.name);
      continue;
    }
    if (claims.get(marker.key) !== ns.name) {
      foreignNetns.add(ns.name);
      continue;
    }
    state.set(marker.key, {
      kind: 'netns',
      key: marker.key,
      name: ns.name,
      ...(ns.forwarding !== undefined && { forwarding: ns.forwarding }),
      ...(ns.routes !== undefined && { routes: ns.routes }),
      ...(ns.nat !== undefined && { nat: ns.nat }),
    });
    visit(ns.name, ns.links);
  }

  for (const [key, group] of ends) {
    const object = wholeObject(key, group);
    const leftovers = [...(object === null ? [group.a, group.b] : []), ...group.other];
    for (const iface of leftovers)
      if (iface !== undefined) orphans.push({ key, netns: iface.netns, ifname: iface.ifname });
    if (object === null) continue;
    if (state.has(key)) {
      // A namespace and a device claim the same id: the device is the leftover.
      for (const { netns, ifname } of object.kind === 'veth'
        ? [object.a, object.b]
        : 'iface' in object
          ? [object.iface]
          : [])
        orphans.push({ key, netns, ifname });
      continue;
    }
    state.set(key, object);
  }
  return { state, orphans, foreign: { netns: foreignNetns, ifnames: foreignIfnames } };
}

function wholeObject(
  key: string,
  group: { a?: Iface; b?: Iface; other: Iface[]; link: SnapshotLink },
): KernelObject | null {
  if (group.a !== undefined || group.b !== undefined) {
    return group.a !== undefined && group.b !== undefined ? { kind: 'veth', key, a: group.a, b: group.b } : null;
  }
  const iface = group.other.shift();
  if (iface === undefined) return null;
  const link = group.link;
  switch (link.kind) {
    case 'bridge':
      return { kind: 'bridge', key, iface, stp: link.stp ?? false };
    case 'tap':
    case 'tun':
      return { kind: link.kind, key, iface };
    case 'vxlan':
      if (link.vxlan !== undefined) return { kind: 'vxlan', key, iface, ...link.vxlan };
      break;
    default:
      break;
  }
  // Not a kind we make (or a VXLAN without its settings): the interface stays a leftover.
  group.other.unshift(iface);
  return null;
}

function toIface(netns: string | null, link: SnapshotLink): Iface {
  // By assignment, in the order the fields always had (so the rest are set below, before it is
  // returned): one per interface of the host, in cold code.
  const iface = { netns, ifname: link.ifname, mtu: link.mtu } as Mutable<Iface>;
  if (link.mac !== undefined) iface.mac = link.mac.toLowerCase();
  iface.addresses = link.addresses.length <= 1 ? [...link.addresses] : [...link.addresses].sort();
  iface.master = link.master ?? null;
  iface.up = link.up;
  if (link.kind === 'veth') Object.assign(iface, vethQdisc(netns, link));
  return iface;
}

/**
 * A veth end's impairments: those of netloom's root qdisc (the one with its handle, inside a
 * namespace), or null. Someone else's root qdisc is not netloom's: null, left alone where the
 * document asks for no impairment. One of netloom's that could not be read is not intact.
 */
function vethQdisc(netns: string | null, link: SnapshotLink): Pick<Iface, 'impair' | 'qdisc'> {
  const q = link.qdisc;
  if (netns === null || q === undefined || q.handle !== QDISC_HANDLE) return { impair: null };
  return { impair: q.impair ?? impairSpec({}, false), qdisc: q.kind };
}
