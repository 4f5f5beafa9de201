import { z } from 'zod';

import { list, Netns, RequestId, Timestamp, TopologyName } from './common';

/**
 * A namespace's kernel tables as the agent read them through netlink: what `ip addr`, `ip route`,
 * `ip neigh` and `bridge fdb` would show a class. Only namespaces a topology owns (and, in the root
 * namespace, only rows about that topology's interfaces).
 */

/** Rows per table at most; a table with more says so in `truncated`. */
export const TABLE_ROW_LIMIT = 256;
/** Namespaces one connection may watch at once. */
export const TABLES_WATCH_LIMIT = 256;

export const AddressRow = z.lazy(() =>
  z.strictObject({
    ifname: z.string(),
    /** `10.2.0.11/24`, `fe80::1/64`. */
    cidr: z.string(),
    /** As iproute2 prints it: global, link, host, site, or the number. */
    scope: z.string(),
  }),
);
export type AddressRow = z.infer<typeof AddressRow>;

/** A route of the main table (IPv4 and IPv6); `proto kernel` routes included. */
export const RouteRow = z.lazy(() =>
  z.strictObject({
    /** `default`, or the destination prefix. */
    to: z.string(),
    via: z.string().optional(),
    dev: z.string().optional(),
    /** kernel, static, boot, ra, dhcp, or the number. */
    proto: z.string(),
    /** unicast, blackhole, unreachable, prohibit, … */
    kind: z.string(),
    metric: z.int().nonnegative().optional(),
    src: z.string().optional(),
  }),
);
export type RouteRow = z.infer<typeof RouteRow>;

/** An ARP (IPv4) or NDP (IPv6) neighbour. */
export const NeighbourRow = z.lazy(() =>
  z.strictObject({
    address: z.string(),
    dev: z.string(),
    mac: z.string().optional(),
    /** REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, PERMANENT. */
    state: z.string(),
    router: z.boolean().optional(),
  }),
);
export type NeighbourRow = z.infer<typeof NeighbourRow>;

/**
 * One forwarding-database entry. Of a bridge: a MAC on one of its ports (`port`). Of a VXLAN
 * device: a MAC behind a remote VTEP (`remote`; 00:00:00:00:00:00 is where unknown MACs go).
 */
export const FdbRow = z.lazy(() =>
  z.strictObject({
    /** The bridge or the VXLAN device whose table it is. */
    device: z.string(),
    mac: z.string(),
    port: z.string().optional(),
    remote: z.string().optional(),
    vni: z.int().nonnegative().optional(),
    vlan: z.int().nonnegative().optional(),
    /** learned from a frame; permanent (an interface's own MAC, or added so); static (added, not local). */
    state: z.enum(['learned', 'permanent', 'static']),
    /** Seconds since the kernel last saw the MAC (learned entries). */
    ageSec: z.number().nonnegative().optional(),
  }),
);
export type FdbRow = z.infer<typeof FdbRow>;

export const TableName = z.lazy(() => z.enum(['addresses', 'routes', 'neighbours', 'fdb']));
export type TableName = z.infer<typeof TableName>;

/** What a `tables` message carries, without its envelope. */
export const TablesBody = z.lazy(() =>
  z.strictObject({
    addresses: list(AddressRow),
    routes: list(RouteRow),
    neighbours: list(NeighbourRow),
    fdb: list(FdbRow),
    /** Tables cut at TABLE_ROW_LIMIT rows. */
    truncated: list(TableName),
  }),
);
export type TablesBody = z.infer<typeof TablesBody>;

/**
 * The tables of one watched namespace: at once on `watchTables`, then within about a second of
 * any change (the agent listens to the kernel's address, route and neighbour notifications).
 * `error` says why there are none (the namespace is not the topology's, or is gone).
 */
export const Tables = z.lazy(() =>
  z.strictObject({
    type: z.literal('tables'),
    at: Timestamp,
    topology: z.string(),
    netns: Netns,
    ...TablesBody.unwrap().shape,
    error: z.string().optional(),
  }),
);

/** The answer to `watchTables`: what this connection now watches. */
export const TablesWatched = z.lazy(() =>
  z.strictObject({
    type: z.literal('tablesWatched'),
    id: RequestId,
    topology: z.string(),
    namespaces: list(Netns),
  }),
);

/**
 * Replaces the namespaces of one topology this connection watches the tables of (the inspector
 * shows one, the canvas overlay all); an empty list stops. The root namespace (null) shows only
 * rows about the topology's own interfaces. Answer: `tablesWatched`, then `tables`.
 */
export const WatchTablesRequest = z.lazy(() =>
  z.strictObject({
    type: z.literal('watchTables'),
    id: RequestId,
    topology: TopologyName,
    namespaces: z.array(Netns).max(TABLES_WATCH_LIMIT),
  }),
);
