import { z } from 'zod';

import { CidrText, IpText, MacText, ObjectId } from './fields';
import { IfName } from './names';

/**
 * A lesson in a document: numbered steps a teacher walks a class through, each with Markdown
 * text, the objects to point at, and checks the agent runs against the live kernel. Part of
 * format v1 (optional, so every older file still loads). Checks are declarative and only read
 * the kernel: a ping, or a look at links, routes and a bridge's forwarding database.
 */

/** Markdown: a description or a step's text. Long enough for a chapter, short enough to refuse a dump. */
export const Markdown = z.lazy(() => z.string().max(20_000, 'Markdown text is at most 20000 characters'));

/**
 * A node or link id, or one end of a veth link (`l1/a`, `l1/b`): the same references the
 * agent's live state uses (`linkState.object`).
 */
export const ObjectRef = z.lazy(() =>
  z.string().regex(/^[A-Za-z0-9_-]{1,64}(?:\/[ab])?$/, 'an object is a node or link id, or a veth end such as l1/a'),
);
export type ObjectRef = z.infer<typeof ObjectRef>;

/** An interface: a device node (bridge, tap, tun, VXLAN) or a veth end (`l1/a`). */
export const InterfaceRef = ObjectRef;

/**
 * Ping from a namespace (or root) node to an address: one echo request and half a second for its
 * reply (`-c 1 -W 0.5`, longer by the delays the document puts on links), so a check that stops
 * passing is known at once. `size` and `dontFragment` make the MTU lessons: `ping -s SIZE -M do`.
 */
export const PingCheck = z.lazy(() =>
  z.strictObject({
    type: z.literal('ping'),
    /** The namespace or root node the ping leaves from. */
    from: ObjectId,
    to: IpText,
    /** Default `succeeds`: a challenge can also require that something does not get through. */
    expect: z.enum(['succeeds', 'fails']).optional(),
    /** ICMP payload bytes (`ping -s`); the IPv4 packet is 28 bytes more. Default: ping's 56. */
    size: z.int().min(0).max(65_507).optional(),
    /** Set DF (IPv4) / forbid fragmentation (`ping -M do`): a packet larger than the path's MTU fails. */
    dontFragment: z.boolean().optional(),
  }),
);

/** An object of the document is in the kernel, owned by this topology (its marker). */
export const ExistsCheck = z.lazy(() => z.strictObject({ type: z.literal('exists'), object: ObjectRef }));

/**
 * An interface's state. `up`: administratively up and with a carrier (a veth whose peer is down,
 * or a tap no program holds, has none); `down`: anything else.
 */
export const LinkStateCheck = z.lazy(() =>
  z.strictObject({
    type: z.literal('linkState'),
    object: InterfaceRef,
    state: z.enum(['up', 'down']),
  }),
);

/**
 * A namespace has a route: to `default` or a CIDR, an entry of its main table (`ip route show
 * to exact`); to an address, the route the kernel picks for it (`ip route get`). `via` and
 * `dev` narrow it to that gateway and that interface.
 */
export const RouteCheck = z.lazy(() =>
  z.strictObject({
    type: z.literal('route'),
    /** A namespace or root node. */
    namespace: ObjectId,
    to: z.union([z.literal('default'), CidrText, IpText]),
    via: IpText.optional(),
    dev: IfName.optional(),
  }),
);

/** An interface lives in a namespace (or the root namespace, with a root node). */
export const InNamespaceCheck = z.lazy(() =>
  z.strictObject({
    type: z.literal('inNamespace'),
    object: InterfaceRef,
    namespace: ObjectId,
  }),
);

/**
 * A bridge has learned a MAC on one of its ports (`bridge fdb`, a learned entry, not a
 * permanent one). The MAC is written out (`mac`) or is that of an interface of the document
 * (`macOf`: the one netloom gives it, or its `mac`); exactly one of the two.
 */
export const FdbCheck = z.lazy(() =>
  z.strictObject({
    type: z.literal('fdb'),
    bridge: ObjectId,
    /** A port of the bridge: a veth end at it, or a tap or VXLAN whose master it is. */
    port: InterfaceRef,
    mac: MacText.optional(),
    macOf: InterfaceRef.optional(),
  }),
);

export const Check = z.lazy(() =>
  z.discriminatedUnion('type', [PingCheck, ExistsCheck, LinkStateCheck, RouteCheck, InNamespaceCheck, FdbCheck]),
);
export type Check = z.infer<typeof Check>;
export type CheckType = Check['type'];
export type PingCheck = z.infer<typeof PingCheck>;
export type RouteCheck = z.infer<typeof RouteCheck>;
export type FdbCheck = z.infer<typeof FdbCheck>;

/** At most this many checks in one step: each may be a ping, and a step's checks run together. */
export const MAX_CHECKS_PER_STEP = 64;

export const LessonStep = z.lazy(() =>
  z.strictObject({
    title: z.string().max(200, 'a step title is at most 200 characters').optional(),
    /** What the teacher says, in Markdown. */
    text: Markdown,
    /** Objects the canvas points at during this step. */
    highlight: z.array(ObjectRef).max(256).optional(),
    /** What the kernel must show for the step to be done (✓/✗ beside it). */
    checks: z.array(Check).max(MAX_CHECKS_PER_STEP, `a step has at most ${MAX_CHECKS_PER_STEP} checks`).optional(),
    /** Revealed one at a time, for a challenge. Markdown. */
    hints: z.array(Markdown).max(32).optional(),
  }),
);
export type LessonStep = z.infer<typeof LessonStep>;

export const Lesson = z.lazy(() =>
  z.strictObject({
    /**
     * A challenge: the topology is broken on purpose and the student repairs it. The designer
     * shows the first step's text as the goal, its checks as what must turn green, and its hints
     * one at a time. Default false.
     */
    challenge: z.boolean().optional(),
    steps: z.array(LessonStep).min(1, 'a lesson has at least one step').max(200, 'a lesson has at most 200 steps'),
  }),
);
export type Lesson = z.infer<typeof Lesson>;
