import {
  canonicalRoutes,
  type RouteSpec,
  type Snapshot,
  type SnapshotLink,
  type SnapshotNetns,
} from '@netloom/topology';
import { z } from 'zod';

import { inNetns, NETNS_DIR } from '../exec/netns';
import type { NlRelay } from '../exec/nl-relay';
import type { CommandRunner } from '../exec/runner';
import {
  namespaceLinks,
  parseKernelJson,
  parseNamespaceJson,
  snapshotAddresses,
  type JsonNamespace,
} from './kernel-json';
import { parseLinkDump, parseNsid, type LinkRecord } from './rtnetlink';
import { toSnapshotLinks } from './snapshot-links';

export type NamespaceId = { readonly name: string; readonly id?: number | undefined };

/**
 * What `ip -j netns list` says (every named namespace and its id in the root namespace, if it has
 * one), without a process: one request to the relay, which reads /run/netns and asks each id.
 */
export async function listNamespaces(relay: Pick<NlRelay, 'namespaces'>): Promise<NamespaceId[]> {
  const fields = (await relay.namespaces()).toString('utf8').split('\0');
  if (fields[0] === 'E') throw new Error(`cannot list ${NETNS_DIR}: ${fields[1] ?? 'unknown error'}`);
  const out: NamespaceId[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const id = Number(fields[i]);
    const name = fields[i + 1] ?? '';
    out.push(Number.isInteger(id) && id >= 0 ? { name, id } : { name });
  }
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/**
 * The kernel as it is: every interface of the root namespace and of every namespace with an id,
 * from one request to nl-relay, answered as one JSON document (kernel-json.ts), no process at
 * all. Namespaces without an id are listed but not read: netloom gives an id to every namespace
 * it creates, so those are foreign.
 */
export async function readKernel(relay: Pick<NlRelay, 'kernel'>): Promise<KernelReading> {
  const kernel = parseKernelJson(await relay.kernel());
  if (kernel.listError !== undefined) throw new Error(`cannot list ${NETNS_DIR}: ${kernel.listError}`);
  const live = new Map<string, LinkRecord>();
  const root = snapshotLinks(kernel.root, null, live);
  const listed = [...kernel.namespaces].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const inside = listed.map((ns): SnapshotNetns =>
    ns.id === undefined ? { name: ns.name } : { name: ns.name, links: snapshotLinks(ns, ns.name, live) },
  );
  // A root veth end whose peer's namespace has lost its name, or already its id (the kernel
  // withdraws it first), or whose peer is gone (IFLA_LINK 0), is being dismantled with it.
  const named = new Set(listed.flatMap((ns) => (ns.id === undefined ? [] : [ns.id])));
  const dying = new Set<string>();
  for (const [key, r] of live) {
    if (
      key.startsWith('/') &&
      ((r.linkNetnsid !== undefined && !named.has(r.linkNetnsid)) ||
        r.peerNetnsUnassigned === true ||
        (r.info.kind === 'veth' && r.iflink === 0))
    )
      dying.add(key);
  }
  return { snapshot: { root, namespaces: inside }, live, dying };
}

/**
 * `previous` with the namespaces in `names` read again, the rest as it was. After an apply whose
 * commands all ran inside those namespaces (none in the root namespace, so no namespace came or
 * went and no veth was made across), that is the whole kernel as it now is, for a fraction of
 * reading every namespace: a one-address change in a star of 500 reads one.
 */
export async function rereadNamespaces(
  relay: Pick<NlRelay, 'namespace' | 'namespaceId'>,
  previous: KernelReading,
  names: ReadonlySet<string>,
): Promise<KernelReading> {
  const live = new Map([...previous.live].filter(([key]) => !names.has(key.slice(0, key.indexOf('/')))));
  const namespaces = await Promise.all(
    previous.snapshot.namespaces.map(async (ns): Promise<SnapshotNetns> => {
      if (!names.has(ns.name)) return ns;
      const id = parseNsid(await relay.namespaceId(ns.name));
      if (id === undefined) return { name: ns.name };
      return { name: ns.name, links: snapshotLinks(parseNamespaceJson(await relay.namespace(id)), ns.name, live) };
    }),
  );
  return { ...previous, snapshot: { ...previous.snapshot, namespaces }, live };
}

/** The ifindex of each interface of one namespace (null: the root namespace); none when it cannot be read. */
export async function readLinkIndexes(
  relay: Pick<NlRelay, 'request' | 'namespaceId'>,
  netns: string | null,
): Promise<Map<string, number>> {
  const nsid = netns === null ? null : parseNsid(await relay.namespaceId(netns));
  if (nsid === undefined) return new Map();
  return new Map(parseLinkDump(await relay.request('L', nsid)).map((r) => [r.ifname, r.ifindex]));
}

/** One namespace's links and addresses; each link's live record goes into `live`. */
function snapshotLinks(ns: JsonNamespace, netns: string | null, live: Map<string, LinkRecord>): SnapshotLink[] {
  const links = namespaceLinks(ns);
  for (const r of links) live.set(liveKey(netns, r.ifname), r);
  return toSnapshotLinks(links, snapshotAddresses(ns));
}

/**
 * A snapshot, plus what the kernel says of each link right now (state, carrier, counters), and
 * the root-namespace links the kernel is already removing (veth ends whose peer's namespace was
 * deleted: `netns del` returns before the kernel has dismantled it).
 */
export type KernelReading = {
  readonly snapshot: Snapshot;
  readonly live: ReadonlyMap<string, LinkRecord>;
  readonly dying: ReadonlySet<string>;
};

export const liveKey = (netns: string | null, ifname: string): string => `${netns ?? ''}/${ifname}`;

const RouteJson = z.array(
  z.object({
    type: z.string().optional(),
    dst: z.string(),
    gateway: z.string().optional(),
    dev: z.string().optional(),
    protocol: z.string().optional(),
    table: z.string().optional(),
  }),
);
const NetconfJson = z.array(
  z.object({ family: z.string().optional(), interface: z.string().optional(), forwarding: z.boolean().optional() }),
);

/**
 * Static routes and IPv4 forwarding of the namespaces whose document manages them: one
 * `ip -j -batch -` each inside the namespace, so only namespaces that declare `routes` or `forwarding` cost a process.
 * A batch line cannot say `-6` and `route show` alone lists IPv4 only, so the batch asks each IP
 * version by its whole address space (`root 0.0.0.0/0`, `root ::/0`; `table all` keeps iproute2
 * from narrowing the dump to IPv4) and keeps the main table's unicast routes, the ones a document describes.
 */
export async function readRouting(
  runner: CommandRunner,
  snapshot: Snapshot,
  names: ReadonlySet<string>,
): Promise<Snapshot> {
  const namespaces = await Promise.all(
    snapshot.namespaces.map(async (ns): Promise<SnapshotNetns> => {
      if (!names.has(ns.name) || ns.links === undefined) return ns;
      const [file = 'nsenter', ...args] = inNetns(ns.name, ['ip', '-j', '-batch', '-']);
      const r = await runner.run(file, args, { input: ROUTING_BATCH });
      if (r.exitCode !== 0) throw new Error(`reading routes of ${ns.name} failed: ${r.stderr}`);
      const [v4 = '[]', v6 = '[]', netconfLine = '[]'] = r.stdout.split('\n').filter((l) => l.trim() !== '');
      const routes = canonicalRoutes([...staticRoutes(v4, 4), ...staticRoutes(v6, 6)]);
      const all = NetconfJson.parse(JSON.parse(netconfLine)).find((c) => c.family === 'inet' && c.interface === 'all');
      return { ...ns, routes, ...(all?.forwarding !== undefined && { forwarding: all.forwarding }) };
    }),
  );
  return { ...snapshot, namespaces };
}

const ROUTING_BATCH = 'route show table all root 0.0.0.0/0\nroute show table all root ::/0\nnetconf show\n';

/** The routes a document can describe, from one `ip -j route show` line of the given IP version. */
function staticRoutes(line: string, family: 4 | 6): RouteSpec[] {
  return RouteJson.parse(JSON.parse(line))
    .filter(
      (route) =>
        (route.table === undefined || route.table === 'main') &&
        (route.type === undefined || route.type === 'unicast') &&
        // Routes the kernel adds for an address are `proto kernel`; ours (`ip route add`) are `boot`.
        (route.protocol === undefined || route.protocol === 'boot' || route.protocol === 'static'),
    )
    .map((route): RouteSpec => ({
      to: routeTarget(route.dst, family),
      ...(route.gateway !== undefined && { via: route.gateway }),
      ...(route.dev !== undefined && { dev: route.dev }),
    }));
}

/**
 * `ip route` prints host routes without a prefix (`10.0.0.9`; the document writes `10.0.0.9/32`)
 * and the default route of either IP version as `default`; `canonicalRoute` then spells it.
 */
function routeTarget(dst: string, family: 4 | 6): string {
  if (dst === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  if (dst.includes('/')) return dst;
  return `${dst}/${family === 4 ? 32 : 128}`;
}
