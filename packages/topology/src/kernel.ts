import { z } from 'zod';

import { ImpairSpec } from './impair';
import { assertNever } from './result';

/**
 * The kernel objects a topology owns, as desired (derived from a document) or as observed
 * (assembled from what the kernel reports). Identity is the document id (`key`), carried in
 * the ownership marker, never an ifindex.
 */

export const RouteSpec = z.lazy(() =>
  z.strictObject({
    /** `default` or a canonical CIDR. */
    to: z.string(),
    via: z.string().optional(),
    dev: z.string().optional(),
  }),
);
export type RouteSpec = z.infer<typeof RouteSpec>;

/** One network device. `netns: null` is the root namespace. */
export const Iface = z.lazy(() =>
  z.strictObject({
    netns: z.string().nullable(),
    ifname: z.string(),
    /** Absent in desired state: the kernel's choice, not compared. */
    mtu: z.int().optional(),
    /** Lowercase. Desired state has one on every interface but a tun's (see `assignMacs`). */
    mac: z.string().optional(),
    /** Canonical CIDRs, sorted. */
    addresses: z.array(z.string()).readonly(),
    /** The bridge (in the same namespace) this device is enslaved to. */
    master: z.string().nullable(),
    /** Administrative state; carrier and operstate are telemetry, not configuration. */
    up: z.boolean(),
    /**
     * A veth end's impairments: what netloom's root qdisc does (null: there is none of netloom's).
     * Desired state has it on every veth end and nowhere else.
     */
    impair: ImpairSpec.nullable().optional(),
    /** Observed only: the kind of netloom's root qdisc there (netem, tbf), which a change of kind must delete first. */
    qdisc: z.string().optional(),
  }),
);
export type Iface = z.infer<typeof Iface>;

export const ForwardSpec = z.lazy(() =>
  z.strictObject({
    protocol: z.enum(['tcp', 'udp']),
    port: z.int(),
    dev: z.string().optional(),
    address: z.string().optional(),
    to: z.string(),
    toPort: z.int(),
  }),
);
export type ForwardSpec = z.infer<typeof ForwardSpec>;

/** The rules of netloom's nftables table in one namespace, in `canonicalNat` form. */
export const NatSpec = z.lazy(() =>
  z.strictObject({
    /** Interface names, sorted. */
    masquerade: z.array(z.string()).readonly(),
    forwards: z.array(ForwardSpec).readonly(),
    /** False when the table holds anything netloom did not write there (a rule, a chain): drift. */
    intact: z.boolean(),
  }),
);
export type NatSpec = z.infer<typeof NatSpec>;

export const NetnsObject = z.lazy(() =>
  z.strictObject({
    kind: z.literal('netns'),
    key: z.string(),
    name: z.string(),
    /** Absent in desired state: not managed. */
    forwarding: z.boolean().optional(),
    /** Absent in desired state: not managed. In `canonicalRoutes` form and order. */
    routes: z.array(RouteSpec).readonly().optional(),
    /** Absent in desired state: not managed. */
    nat: NatSpec.optional(),
  }),
);
export const VethObject = z.lazy(() =>
  z.strictObject({ kind: z.literal('veth'), key: z.string(), a: Iface, b: Iface }),
);
export const BridgeObject = z.lazy(() =>
  z.strictObject({
    kind: z.literal('bridge'),
    key: z.string(),
    iface: Iface,
    stp: z.boolean(),
  }),
);
export const TapObject = z.lazy(() => z.strictObject({ kind: z.literal('tap'), key: z.string(), iface: Iface }));
export const TunObject = z.lazy(() => z.strictObject({ kind: z.literal('tun'), key: z.string(), iface: Iface }));
export const VxlanObject = z.lazy(() =>
  z.strictObject({
    kind: z.literal('vxlan'),
    key: z.string(),
    iface: Iface,
    vni: z.int(),
    port: z.int(),
    local: z.string().optional(),
    remote: z.string().optional(),
    group: z.string().optional(),
    underlay: z.string().optional(),
  }),
);

export const KernelObject = z.lazy(() =>
  z.discriminatedUnion('kind', [NetnsObject, VethObject, BridgeObject, TapObject, TunObject, VxlanObject]),
);
export type KernelObject = z.infer<typeof KernelObject>;
export type KernelKind = KernelObject['kind'];
export type NetnsObject = z.infer<typeof NetnsObject>;
export type VethObject = z.infer<typeof VethObject>;
export type BridgeObject = z.infer<typeof BridgeObject>;
export type VxlanObject = z.infer<typeof VxlanObject>;
export const DeviceObject = z.lazy(() =>
  z.discriminatedUnion('kind', [VethObject, BridgeObject, TapObject, TunObject, VxlanObject]),
);
export type DeviceObject = z.infer<typeof DeviceObject>;

/** Every object one topology owns, by key. */
export type KernelState = ReadonlyMap<string, KernelObject>;

/** The interfaces of an object with their end names (`a`/`b` for veth, `null` otherwise). */
export function ifacesOf(obj: KernelObject): readonly { readonly end: 'a' | 'b' | null; readonly iface: Iface }[] {
  switch (obj.kind) {
    case 'netns':
      return [];
    case 'veth':
      return [
        { end: 'a', iface: obj.a },
        { end: 'b', iface: obj.b },
      ];
    case 'bridge':
    case 'tap':
    case 'tun':
    case 'vxlan':
      return [{ end: null, iface: obj.iface }];
    default:
      return assertNever(obj, 'kernel object');
  }
}
