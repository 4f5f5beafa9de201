import { z } from 'zod';

import { CidrText, IpText, Ipv4Text, MacText, ObjectId, TopologyName } from './fields';
import { Impairments } from './impair';
import { Lesson, Markdown } from './lesson';
import { IfName, NetnsName } from './names';

export { CidrText, IpText, Ipv4Text, MacText, ObjectId, TopologyName } from './fields';

/**
 * The document format, version 1: what a user draws and saves. This is the public format:
 * files people share must keep loading, so fields are only ever added (with defaults), never
 * renamed. Every object is strict: an unknown field is an error with its path.
 */

export const DOCUMENT_VERSION = 1;

/** Fields every interface-like object has. */
const InterfaceFields = {
  /** Addresses in CIDR form; IPv4 or IPv6. */
  addresses: z.array(CidrText).optional(),
  /** Omitted: the kernel's default. */
  mtu: z.int().min(68).max(65535).optional(),
  /** Omitted: netloom derives a stable one from the topology name and object id (`assignMacs`); a tun has none. */
  mac: MacText.optional(),
  /** Administrative state; default true. */
  up: z.boolean().optional(),
};

export const Route = z.lazy(() =>
  z.strictObject({
    /**
     * `default` or a destination in CIDR form. `default` is IPv4 unless `via` is IPv6; an IPv6
     * default route through a device alone is `::/0`.
     */
    to: z.union([z.literal('default'), CidrText]),
    /** The gateway. */
    via: IpText.optional(),
    /** The interface the route leaves by; inferred by the kernel from `via` when omitted. */
    dev: IfName.optional(),
  }),
);
export type Route = z.infer<typeof Route>;

const Port = z.lazy(() => z.int().min(1, 'a port is at least 1').max(65535, 'a port is at most 65535'));

/** DNAT: packets for `port` arriving at the namespace go on to `to`:`toPort`. */
export const PortForward = z.lazy(() =>
  z.strictObject({
    protocol: z.enum(['tcp', 'udp'], { error: "a port forward's protocol is tcp or udp" }),
    /** The port the namespace receives on. */
    port: Port,
    /** Only packets arriving on this interface of the namespace. Omitted: any interface. */
    dev: IfName.optional(),
    /** Only packets addressed to this address. Omitted: any address. */
    address: Ipv4Text.optional(),
    /** Where they are sent. */
    to: Ipv4Text,
    /** Omitted: the same as `port`. */
    toPort: Port.optional(),
  }),
);
export type PortForward = z.infer<typeof PortForward>;

/**
 * NAT of a namespace, applied with nftables in a table netloom owns (`inet netloom_<topology>`
 * inside the namespace). Omitted: not managed; with both lists empty, netloom's table is removed.
 */
export const Nat = z.lazy(() =>
  z.strictObject({
    /** Source NAT (masquerade) of what leaves by these interfaces of the namespace. */
    masquerade: z.array(IfName).optional(),
    forwards: z.array(PortForward).optional(),
  }),
);
export type Nat = z.infer<typeof Nat>;

export const RootNode = z.lazy(() =>
  z.strictObject({
    id: ObjectId,
    /** The host's own namespace: never created or deleted, and its settings are never changed. */
    type: z.literal('root'),
  }),
);

export const NamespaceNode = z.lazy(() =>
  z.strictObject({
    id: ObjectId,
    type: z.literal('namespace'),
    /** The name given to `ip netns add`. */
    name: NetnsName,
    /** `net.ipv4.ip_forward` inside the namespace. Omitted: left as the kernel has it (off when created). */
    forwarding: z.boolean().optional(),
    /** Static routes. Omitted: routes are not managed; `[]` removes every static route. */
    routes: z.array(Route).optional(),
    /** Masquerade and port forwards (nftables). Needs `forwarding: true` to route what it translates. */
    nat: Nat.optional(),
  }),
);

/** Devices live in a namespace node; omitted means the root namespace. */
const DeviceFields = { id: ObjectId, name: IfName, namespace: ObjectId.optional(), ...InterfaceFields };

export const BridgeNode = z.lazy(() =>
  z.strictObject({
    ...DeviceFields,
    type: z.literal('bridge'),
    /** Spanning tree; default false. */
    stp: z.boolean().optional(),
  }),
);

export const TapNode = z.lazy(() =>
  z.strictObject({ ...DeviceFields, type: z.literal('tap'), master: ObjectId.optional() }),
);

export const TunNode = z.lazy(() => z.strictObject({ ...DeviceFields, type: z.literal('tun') }));

export const VxlanNode = z.lazy(() =>
  z.strictObject({
    ...DeviceFields,
    type: z.literal('vxlan'),
    /** VXLAN network identifier, 1..16777215. */
    vni: z.int().min(1, 'a VNI is at least 1').max(16_777_215, 'a VNI is at most 16777215'),
    /** UDP destination port; default 4789 (IANA). */
    port: z.int().min(1, 'a port is at least 1').max(65535, 'a port is at most 65535').optional(),
    local: IpText.optional(),
    /** Unicast peer. Exclusive with `group`; with neither, the FDB learns peers. */
    remote: IpText.optional(),
    /** Multicast group. */
    group: IpText.optional(),
    /** The interface (in the same namespace) the tunnel's UDP packets leave by. */
    underlay: IfName.optional(),
    master: ObjectId.optional(),
  }),
);

export const Node = z.lazy(() =>
  z.discriminatedUnion('type', [RootNode, NamespaceNode, BridgeNode, TapNode, TunNode, VxlanNode]),
);
export type Node = z.infer<typeof Node>;
export type NodeType = Node['type'];
export type RootNode = z.infer<typeof RootNode>;
export type NamespaceNode = z.infer<typeof NamespaceNode>;
export type BridgeNode = z.infer<typeof BridgeNode>;
export type TapNode = z.infer<typeof TapNode>;
export type TunNode = z.infer<typeof TunNode>;
export type VxlanNode = z.infer<typeof VxlanNode>;
export type DeviceNode = BridgeNode | TapNode | TunNode | VxlanNode;

export const VethEnd = z.lazy(() =>
  z.strictObject({
    /** A namespace or root node (the end lives there) or a bridge (the end is enslaved to it, in its namespace). */
    node: ObjectId,
    name: IfName,
    ...InterfaceFields,
    /** Delay, jitter, loss, duplication, reordering and a rate limit of what leaves by this end (tc). */
    impairments: Impairments.optional(),
  }),
);
export type VethEnd = z.infer<typeof VethEnd>;

export const VethLink = z.lazy(() => z.strictObject({ id: ObjectId, type: z.literal('veth'), a: VethEnd, b: VethEnd }));
export const Link = z.lazy(() => z.discriminatedUnion('type', [VethLink]));
export type Link = z.infer<typeof Link>;
export type VethLink = z.infer<typeof VethLink>;

export const Position = z.lazy(() => z.strictObject({ x: z.number(), y: z.number() }));
export type Position = z.infer<typeof Position>;

export const Document = z.lazy(() =>
  z.strictObject({
    version: z.literal(DOCUMENT_VERSION, { error: 'this file is not netloom format version 1 (`version: 1`)' }),
    /** Scopes ownership: every kernel object carries this name in its marker. */
    name: TopologyName,
    /** What the topology is for, in Markdown (the first thing a Lessons panel or a reader shows). */
    description: Markdown.optional(),
    nodes: z.array(Node),
    links: z.array(Link).default([]),
    /** Steps a teacher walks through, with their checks against the live kernel (lesson.ts). */
    lesson: Lesson.optional(),
    /** Canvas positions by node id; ignored by the agent. */
    layout: z.record(z.string(), Position).optional(),
  }),
);
export type Document = z.infer<typeof Document>;
/** What a user may write: defaults not yet filled in. */
export type DocumentInput = z.input<typeof Document>;
