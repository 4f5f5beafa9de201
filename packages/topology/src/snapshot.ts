import { z } from 'zod';

import { ImpairSpec } from './impair';
import { NatSpec, RouteSpec } from './kernel';

/**
 * What the agent reads from the kernel, before ownership is applied: every interface of the
 * root namespace and of each readable namespace. Lenient by design (foreign devices of any
 * kind appear here); `assembleState` turns it into the objects one topology owns.
 */

export const SnapshotLinkKind = z.lazy(() => z.enum(['veth', 'bridge', 'tap', 'tun', 'vxlan', 'loopback', 'other']));
export type SnapshotLinkKind = z.infer<typeof SnapshotLinkKind>;

export const SnapshotLink = z.lazy(() =>
  z.strictObject({
    ifindex: z.int(),
    ifname: z.string(),
    kind: SnapshotLinkKind,
    alias: z.string().optional(),
    /** Name of the master device in the same namespace. */
    master: z.string().optional(),
    /** Administrative state (IFF_UP). */
    up: z.boolean(),
    mtu: z.int(),
    mac: z.string().optional(),
    /** Canonical CIDRs the user could have configured (link-local IPv6 excluded). */
    addresses: z.array(z.string()),
    stp: z.boolean().optional(),
    /**
     * The root qdisc of a marked interface, when it is not the default (noqueue): its kind (from the
     * link dump), and for a netem or tbf inside a namespace, its handle and what it does (`tc -j`).
     */
    qdisc: z
      .strictObject({ kind: z.string(), handle: z.string().optional(), impair: ImpairSpec.optional() })
      .optional(),
    vxlan: z
      .strictObject({
        vni: z.int(),
        port: z.int(),
        local: z.string().optional(),
        remote: z.string().optional(),
        group: z.string().optional(),
        underlay: z.string().optional(),
      })
      .optional(),
  }),
);
export type SnapshotLink = z.infer<typeof SnapshotLink>;

export const SnapshotNetns = z.lazy(() =>
  z.strictObject({
    name: z.string(),
    /** Absent when the namespace was not read (it has no id the agent can address, so it is foreign). */
    links: z.array(SnapshotLink).optional(),
    /** Read only where the desired state manages it. */
    forwarding: z.boolean().optional(),
    routes: z.array(RouteSpec).optional(),
    /** netloom's nftables table of this topology, read only where the desired state manages NAT. */
    nat: NatSpec.optional(),
  }),
);
export type SnapshotNetns = z.infer<typeof SnapshotNetns>;

export const Snapshot = z.lazy(() =>
  z.strictObject({
    root: z.array(SnapshotLink),
    namespaces: z.array(SnapshotNetns),
  }),
);
export type Snapshot = z.infer<typeof Snapshot>;
