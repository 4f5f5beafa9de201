import { z } from 'zod';

import { ImpairSpec } from './impair';
import { DeviceObject, NatSpec, RouteSpec } from './kernel';

/**
 * One kernel change. Verbs mirror iproute2 (`object.verb`) so a plan reads like the commands it
 * runs. `netns` is where the command runs (`ip -n NS`; null is the root namespace) and `object`
 * the document id it serves, so every command can be traced back to the canvas.
 */
const Where = { netns: z.string().nullable(), object: z.string() };

export const Step = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.strictObject({ op: z.literal('netns.add'), ...Where, name: z.string() }),
    /** Gives the namespace an id in the root namespace, so the agent can read it without entering it. */
    z.strictObject({ op: z.literal('netns.id'), ...Where, name: z.string() }),
    z.strictObject({ op: z.literal('netns.del'), ...Where, name: z.string() }),
    z.strictObject({ op: z.literal('link.add'), ...Where, device: DeviceObject }),
    z.strictObject({ op: z.literal('link.del'), ...Where, ifname: z.string() }),
    z.strictObject({
      op: z.literal('link.set'),
      ...Where,
      ifname: z.string(),
      alias: z.string().optional(),
      /** null: leave any bridge (`nomaster`). */
      master: z.string().nullable().optional(),
      mtu: z.int().optional(),
      mac: z.string().optional(),
      stp: z.boolean().optional(),
      up: z.boolean().optional(),
      /**
       * Runs in the batch that makes the device, right after it: a tap's or tun's marker and MAC,
       * which `tuntap add` cannot take. So a tap made by an apply killed before the journal learnt
       * its ifindex is marked and proven like any other device, not left unmarked and unprovable.
       */
      atCreation: z.literal(true).optional(),
    }),
    z.strictObject({ op: z.literal('addr.add'), ...Where, ifname: z.string(), cidr: z.string() }),
    z.strictObject({ op: z.literal('addr.del'), ...Where, ifname: z.string(), cidr: z.string() }),
    z.strictObject({ op: z.literal('route.add'), ...Where, route: RouteSpec }),
    z.strictObject({ op: z.literal('route.del'), ...Where, route: RouteSpec }),
    /** `net.ipv4.ip_forward` inside namespace `name` (run from the root namespace). */
    z.strictObject({
      op: z.literal('sysctl.set'),
      ...Where,
      name: z.string(),
      key: z.literal('net.ipv4.ip_forward'),
      value: z.boolean(),
    }),
    /**
     * Replaces netloom's nftables table `table` in namespace `netns` with these rules, in one nft
     * transaction (run with `ip netns exec`); nothing else of the namespace's ruleset is touched.
     */
    z.strictObject({
      op: z.literal('nat.set'),
      netns: z.string(),
      object: z.string(),
      table: z.string(),
      nat: NatSpec,
    }),
    /** Deletes netloom's table `table` in namespace `netns` (and only it), if it is there. */
    z.strictObject({ op: z.literal('nat.del'), netns: z.string(), object: z.string(), table: z.string() }),
    /**
     * Puts netloom's root qdisc (handle `QDISC_HANDLE`) on veth end `ifname`: netem for these
     * impairments, or tbf for a rate alone (`tc qdisc replace`, run with `ip netns exec`).
     */
    z.strictObject({
      op: z.literal('qdisc.set'),
      netns: z.string(),
      object: z.string(),
      ifname: z.string(),
      impair: ImpairSpec,
    }),
    /** Deletes the root qdisc of veth end `ifname`, which is netloom's: the kernel's default comes back. */
    z.strictObject({ op: z.literal('qdisc.del'), netns: z.string(), object: z.string(), ifname: z.string() }),
  ]),
);
export type Step = z.infer<typeof Step>;
export type StepOp = Step['op'];

/**
 * Stages run in order; inside a stage, each namespace's steps form one batch and batches of
 * different namespaces may run at once. So no step may depend on another namespace's step of
 * the same stage: that is why VXLANs (whose underlay may be a veth end made from elsewhere)
 * have a stage of their own.
 */
export const STAGES = ['unconfigure', 'delete', 'netns-add', 'link-add', 'tunnel-add', 'configure'] as const;
export type Stage = (typeof STAGES)[number];

export function stageOf(step: Step): Stage {
  switch (step.op) {
    case 'route.del':
    case 'addr.del':
      return 'unconfigure';
    // One stage for both: deleting namespaces and devices are independent (the planner gives no
    // step to a device inside a namespace it deletes), and at the root both are lines of one batch,
    // so a `down` is a single `ip -force -batch -` (links first: see planChanges on lingering veths).
    case 'link.del':
    case 'netns.del':
      return 'delete';
    case 'netns.add':
    case 'netns.id':
      return 'netns-add';
    case 'link.add':
      return step.device.kind === 'vxlan' ? 'tunnel-add' : 'link-add';
    case 'link.set':
      return step.atCreation === true ? 'link-add' : 'configure';
    case 'addr.add':
    case 'route.add':
    case 'sysctl.set':
    case 'nat.set':
    case 'nat.del':
    case 'qdisc.set':
    case 'qdisc.del':
      return 'configure';
  }
}
