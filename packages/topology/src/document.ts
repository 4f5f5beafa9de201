import { z } from 'zod';

import { canonicalCidr, canonicalIp } from './addressing';
import { quote } from './issues';
import { IfName, NetnsName } from './names';

/**
 * The document format, version 1: what a user draws and saves. This is the public format:
 * files people share must keep loading, so fields are only ever added (with defaults), never
 * renamed. Every object is strict: an unknown field is an error with its path.
 */

export const DOCUMENT_VERSION = 1;

const check = (test: (s: string) => boolean, message: (s: string) => string) => (s: string, ctx: z.RefinementCtx) => {
  if (!test(s)) ctx.addIssue({ code: 'custom', message: message(s) });
};

/** Document ids: stable names for nodes and links, used in paths, markers and layout. */
export const ObjectId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 characters of letters, digits, "_" and "-"');

export const TopologyName = z
  .string()
  .regex(/^[a-z0-9-]{1,32}$/, 'the topology name is 1-32 characters of lowercase letters, digits and "-"');

/** An interface address in CIDR form, written canonically (`10.0.0.1/24`, not `010.0.0.1/24`). */
export const CidrText = z.string().superRefine(
  check(
    (s) => canonicalCidr(s) !== null,
    (s) => `${quote(s)} is not an address in CIDR form such as 10.0.0.1/24`,
  ),
);

export const IpText = z.string().superRefine(
  check(
    (s) => canonicalIp(s) !== null,
    (s) => `${quote(s)} is not an IPv4 or IPv6 address`,
  ),
);

export const MacText = z
  .string()
  .regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'a MAC address looks like 02:00:00:00:00:01');

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

export const Route = z.strictObject({
  /**
   * `default` or a destination in CIDR form. `default` is IPv4 unless `via` is IPv6; an IPv6
   * default route through a device alone is `::/0`.
   */
  to: z.union([z.literal('default'), CidrText]),
  /** The gateway. */
  via: IpText.optional(),
  /** The interface the route leaves by; inferred by the kernel from `via` when omitted. */
  dev: IfName.optional(),
});
export type Route = z.infer<typeof Route>;

export const RootNode = z.strictObject({
  id: ObjectId,
  /** The host's own namespace: never created or deleted, and its settings are never changed. */
  type: z.literal('root'),
});

export const NamespaceNode = z.strictObject({
  id: ObjectId,
  type: z.literal('namespace'),
  /** The name given to `ip netns add`. */
  name: NetnsName,
  /** `net.ipv4.ip_forward` inside the namespace. Omitted: left as the kernel has it (off when created). */
  forwarding: z.boolean().optional(),
  /** Static routes. Omitted: routes are not managed; `[]` removes every static route. */
  routes: z.array(Route).optional(),
});

/** Devices live in a namespace node; omitted means the root namespace. */
const DeviceFields = { id: ObjectId, name: IfName, namespace: ObjectId.optional(), ...InterfaceFields };

export const BridgeNode = z.strictObject({
  ...DeviceFields,
  type: z.literal('bridge'),
  /** Spanning tree; default false. */
  stp: z.boolean().optional(),
});

export const TapNode = z.strictObject({ ...DeviceFields, type: z.literal('tap'), master: ObjectId.optional() });

export const TunNode = z.strictObject({ ...DeviceFields, type: z.literal('tun') });

export const VxlanNode = z.strictObject({
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
});

export const Node = z.discriminatedUnion('type', [RootNode, NamespaceNode, BridgeNode, TapNode, TunNode, VxlanNode]);
export type Node = z.infer<typeof Node>;
export type NodeType = Node['type'];
export type RootNode = z.infer<typeof RootNode>;
export type NamespaceNode = z.infer<typeof NamespaceNode>;
export type BridgeNode = z.infer<typeof BridgeNode>;
export type TapNode = z.infer<typeof TapNode>;
export type TunNode = z.infer<typeof TunNode>;
export type VxlanNode = z.infer<typeof VxlanNode>;
export type DeviceNode = BridgeNode | TapNode | TunNode | VxlanNode;

export const VethEnd = z.strictObject({
  /** A namespace or root node (the end lives there) or a bridge (the end is enslaved to it, in its namespace). */
  node: ObjectId,
  name: IfName,
  ...InterfaceFields,
});
export type VethEnd = z.infer<typeof VethEnd>;

export const VethLink = z.strictObject({ id: ObjectId, type: z.literal('veth'), a: VethEnd, b: VethEnd });
export const Link = z.discriminatedUnion('type', [VethLink]);
export type Link = z.infer<typeof Link>;
export type VethLink = z.infer<typeof VethLink>;

export const Position = z.strictObject({ x: z.number(), y: z.number() });
export type Position = z.infer<typeof Position>;

export const Document = z.strictObject({
  version: z.literal(DOCUMENT_VERSION, { error: 'this file is not netloom format version 1 (`version: 1`)' }),
  /** Scopes ownership: every kernel object carries this name in its marker. */
  name: TopologyName,
  nodes: z.array(Node),
  links: z.array(Link).default([]),
  /** Canvas positions by node id; ignored by the agent. */
  layout: z.record(z.string(), Position).optional(),
});
export type Document = z.infer<typeof Document>;
/** What a user may write: defaults not yet filled in. */
export type DocumentInput = z.input<typeof Document>;
