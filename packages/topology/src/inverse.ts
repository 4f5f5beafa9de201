import type { Snapshot, SnapshotLink } from './snapshot';
import { assertNever } from './result';
import type { Step } from './step';

/**
 * What undoes one plan step, given the kernel as it was just before the step ran (`before`): the
 * step-through's Back. `steps` is empty when there is nothing to run (a namespace's id goes with
 * the namespace); `refused` says plainly why a step cannot be undone by one command (a deleted
 * namespace or device cannot be made again as it was). netloom's ownership marker (an alias) is
 * not taken off again: a marker on a device netloom made is true, and iproute2 cannot clear an
 * alias from a batch line.
 */
export type Inverse =
  { readonly ok: true; readonly steps: readonly Step[] } | { readonly ok: false; readonly refused: string };

export function inverseStep(step: Step, before: Snapshot): Inverse {
  const where = { netns: step.netns, object: step.object };
  switch (step.op) {
    case 'netns.add':
      return undo({ op: 'netns.del', ...where, name: step.name });
    case 'netns.id':
      return { ok: true, steps: [] };
    case 'netns.del':
      return refuse(
        `deleting namespace ${step.name} destroyed what was in it; it cannot be made again as it was by one command: apply the document instead`,
      );
    case 'link.add': {
      const d = step.device;
      const ifname = d.kind === 'veth' ? (d.a.netns === step.netns ? d.a.ifname : d.b.ifname) : d.iface.ifname;
      return undo({ op: 'link.del', ...where, ifname });
    }
    case 'link.del':
      return refuse(
        `deleting ${step.ifname} destroyed it with its settings; it cannot be made again as it was by one command: apply the document instead`,
      );
    case 'link.set':
      return inverseLinkSet(step, before);
    case 'addr.add':
      return undo({ op: 'addr.del', ...where, ifname: step.ifname, cidr: step.cidr });
    case 'addr.del':
      return undo({ op: 'addr.add', ...where, ifname: step.ifname, cidr: step.cidr });
    case 'route.add':
      return undo({ op: 'route.del', ...where, route: step.route });
    case 'route.del':
      return undo({ op: 'route.add', ...where, route: step.route });
    case 'sysctl.set': {
      const previous = before.namespaces.find((n) => n.name === step.name)?.forwarding;
      if (previous === undefined) return refuse(`the forwarding setting of ${step.name} was not read before this step`);
      return undo({ ...step, value: previous });
    }
    case 'nat.set':
    case 'nat.del': {
      const ns = before.namespaces.find((n) => n.name === step.netns);
      if (ns === undefined) return refuse(`namespace ${step.netns} was not read before this step`);
      const previous = ns.nat;
      if (previous === undefined)
        return step.op === 'nat.set'
          ? undo({ op: 'nat.del', netns: step.netns, object: step.object, table: step.table })
          : { ok: true, steps: [] };
      if (!previous.intact)
        return refuse(`table ${step.table} in ${step.netns} held rules netloom did not write; they cannot be put back`);
      return undo({ op: 'nat.set', netns: step.netns, object: step.object, table: step.table, nat: previous });
    }
    case 'qdisc.set':
    case 'qdisc.del': {
      const links = before.namespaces.find((n) => n.name === step.netns)?.links;
      const link = links?.find((l) => l.ifname === step.ifname);
      if (link === undefined)
        return refuse(`${step.ifname} was not in the kernel before this step, so its queueing is unknown`);
      const previous = link.qdisc?.impair;
      if (link.qdisc === undefined)
        return step.op === 'qdisc.set'
          ? undo({ op: 'qdisc.del', netns: step.netns, object: step.object, ifname: step.ifname })
          : { ok: true, steps: [] };
      if (previous === undefined || !previous.intact)
        return refuse(
          `the queueing discipline on ${step.ifname} before this step was not netloom's; it cannot be put back`,
        );
      return undo({ op: 'qdisc.set', netns: step.netns, object: step.object, ifname: step.ifname, impair: previous });
    }
    default:
      return assertNever(step, 'plan step');
  }
}

const undo = (step: Step): Inverse => ({ ok: true, steps: [step] });
const refuse = (refused: string): Inverse => ({ ok: false, refused });

function inverseLinkSet(step: Extract<Step, { op: 'link.set' }>, before: Snapshot): Inverse {
  const links: readonly SnapshotLink[] | undefined =
    step.netns === null ? before.root : before.namespaces.find((n) => n.name === step.netns)?.links;
  const link = links?.find((l) => l.ifname === step.ifname);
  if (link === undefined)
    return refuse(`${step.ifname} was not in the kernel before this step, so its settings are unknown`);
  if (step.mac !== undefined && link.mac === undefined) return refuse(`${step.ifname} had no MAC address to put back`);
  if (step.stp !== undefined && link.stp === undefined) return refuse(`the STP setting of ${step.ifname} was not read`);
  const back: Extract<Step, { op: 'link.set' }> = {
    op: 'link.set',
    netns: step.netns,
    object: step.object,
    ifname: step.ifname,
    ...(step.master !== undefined && { master: link.master ?? null }),
    ...(step.mtu !== undefined && { mtu: link.mtu }),
    ...(step.mac !== undefined && link.mac !== undefined && { mac: link.mac }),
    ...(step.stp !== undefined && link.stp !== undefined && { stp: link.stp }),
    ...(step.up !== undefined && { up: link.up }),
  };
  const changes = Object.keys(back).length > 4;
  return { ok: true, steps: changes ? [back] : [] };
}
