import { ROOT_PLACE, type Observed } from './assemble';
import type { Document } from './document';
import type { Issue } from './issues';
import { ifacesOf, type KernelState, type VxlanObject } from './kernel';
import type { Snapshot, SnapshotLink } from './snapshot';
import type { Step } from './step';

/**
 * What the kernel would refuse halfway through an apply because of what the host already has,
 * found before the first command from what was observed: a VXLAN's underlay that does not exist,
 * the VNI and port of a VXLAN that someone else has in the same namespace (flannel.1 holds VNI 1
 * on port 8472), a UDP port another program holds (a VXLAN binds its port when it comes up), an
 * MTU larger than a foreign underlay carries. What the document alone decides is validation's.
 */

/** One bound UDP socket as `ss -uanH` lists it; `both` is an IPv6 socket that also takes IPv4 (`*:port`). */
export type UdpSocket = { readonly family: 4 | 6 | 'both'; readonly address: string; readonly port: number };

/** Bound UDP sockets by place (`ROOT_PLACE` or the namespace name), read where `udpPlacesToRead` says. */
export type UdpSockets = ReadonlyMap<string, readonly UdpSocket[]>;

/** Encapsulation a VXLAN adds to each frame: outer Ethernet 14 + IP (20 or 40) + UDP 8 + VXLAN 8. */
const HEADROOM = { 4: 50, 6: 70 } as const;

type Touched = { readonly vxlan: VxlanObject; readonly created: boolean; readonly up: boolean; readonly mtu: boolean };

/** The VXLANs the plan creates, brings up or gives an MTU, in places that exist before it runs. */
function touchedVxlans(steps: readonly Step[], desired: KernelState): Touched[] {
  const fresh = new Set(steps.flatMap((s) => (s.op === 'netns.add' ? [s.name] : [])));
  const touched = new Map<string, { created: boolean; up: boolean; mtu: boolean }>();
  for (const step of steps) {
    const obj = desired.get(step.object);
    if (obj?.kind !== 'vxlan' || (obj.iface.netns !== null && fresh.has(obj.iface.netns))) continue;
    const t = touched.get(obj.key) ?? { created: false, up: false, mtu: false };
    if (step.op === 'link.add') t.created = true;
    if (step.op === 'link.set' && step.ifname === obj.iface.ifname) {
      if (step.up === true) t.up = true;
      if (step.mtu !== undefined) t.mtu = true;
    }
    touched.set(obj.key, t);
  }
  return [...touched].flatMap(([key, t]) => {
    const vxlan = desired.get(key);
    return vxlan?.kind === 'vxlan' ? [{ vxlan, ...t }] : [];
  });
}

/** The namespaces (null: the root one) whose UDP sockets `findHostConflicts` needs: where the plan brings a VXLAN up. */
export function udpPlacesToRead(steps: readonly Step[], desired: KernelState): (string | null)[] {
  return [...new Set(touchedVxlans(steps, desired).flatMap((t) => (t.up ? [t.vxlan.iface.netns] : [])))];
}

const familyOf = (v: {
  readonly local?: string | undefined;
  readonly remote?: string | undefined;
  readonly group?: string | undefined;
}): 4 | 6 => ((v.remote ?? v.group ?? v.local ?? '').includes(':') ? 6 : 4);

/**
 * The problems, each on the document path of the field to change. Pure: `snapshot` and `observed`
 * are the reading the plan was made from, `udp` the sockets of `udpPlacesToRead`.
 */
export function findHostConflicts(
  doc: Pick<Document, 'nodes'>,
  desired: KernelState,
  steps: readonly Step[],
  snapshot: Snapshot,
  observed: Observed,
  udp: UdpSockets = new Map(),
): Issue[] {
  const touched = touchedVxlans(steps, desired);
  // Only VXLANs meet what the host has; a plan that touches none (a converged re-apply) has nothing to check.
  if (touched.length === 0) return [];
  const issues: Issue[] = [];
  const index = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const linksOf = (netns: string | null): readonly SnapshotLink[] =>
    netns === null ? snapshot.root : (snapshot.namespaces.find((ns) => ns.name === netns)?.links ?? []);
  const declared = new Set(
    [...desired.values()].flatMap((o) =>
      ifacesOf(o).map(({ iface }) => `${iface.netns ?? ROOT_PLACE}/${iface.ifname}`),
    ),
  );

  for (const { vxlan, created, up, mtu } of touched) {
    const netns = vxlan.iface.netns;
    const place = netns ?? ROOT_PLACE;
    const where = netns === null ? 'the root namespace' : `namespace "${netns}"`;
    const foreign = observed.foreign.ifnames.get(place) ?? new Set<string>();
    const links = linksOf(netns);
    const family = familyOf(vxlan);
    const at = index.get(vxlan.key);
    const add = (field: string, message: string) =>
      issues.push({
        path: at === undefined ? [] : ['nodes', at, field],
        code: 'HOST_CONFLICT',
        objectId: vxlan.key,
        message,
      });
    const underlay = vxlan.underlay;
    const ours = underlay !== undefined && declared.has(`${place}/${underlay}`);

    if (created && underlay !== undefined && !ours && underlay !== 'lo' && !foreign.has(underlay)) {
      add(
        'underlay',
        `${where} has no interface "${underlay}" for the VXLAN to leave by; name an interface it has (ip link shows them), or draw it`,
      );
    }
    if (created) {
      const clash = links.find(
        (l) =>
          l.kind === 'vxlan' &&
          foreign.has(l.ifname) &&
          l.vxlan?.vni === vxlan.vni &&
          l.vxlan.port === vxlan.port &&
          familyOf(l.vxlan) === family,
      );
      if (clash !== undefined)
        add(
          'vni',
          `"${clash.ifname}" in ${where}, which this topology did not create, already has VNI ${vxlan.vni} on UDP port ${vxlan.port} (the kernel allows one VXLAN per VNI and port in a namespace); choose another vni or port`,
        );
    }
    if (up) {
      // A VXLAN's own socket is the kernel's: the wildcard address of its family, shared by every
      // VXLAN of that family and port. Anything else on the port belongs to a program.
      const kernels = new Set(
        links.flatMap((l) =>
          l.kind === 'vxlan' && l.up && l.vxlan !== undefined ? [`${familyOf(l.vxlan)}/${l.vxlan.port}`] : [],
        ),
      );
      const wildcard = family === 4 ? '0.0.0.0' : '::';
      const held = (udp.get(place) ?? []).find(
        (s) =>
          s.port === vxlan.port &&
          (s.family === family || s.family === 'both') &&
          !(s.family === family && s.address === wildcard && kernels.has(`${family}/${s.port}`)),
      );
      if (held !== undefined)
        add(
          'port',
          `UDP port ${vxlan.port} in ${where} is held by another program (${held.family === 6 ? `[${held.address}]` : held.address}:${held.port}), so the kernel cannot bring the VXLAN up; choose another port, or stop that program (ss -uanp 'sport = :${vxlan.port}' names it)`,
        );
    }
    if (mtu && underlay !== undefined && !ours && vxlan.iface.mtu !== undefined) {
      const lower = links.find((l) => l.ifname === underlay);
      const most = lower === undefined ? undefined : lower.mtu - HEADROOM[family];
      if (lower !== undefined && most !== undefined && vxlan.iface.mtu > most)
        add(
          'mtu',
          `MTU ${vxlan.iface.mtu} is more than the underlay "${underlay}" carries: its MTU ${lower.mtu} less ${HEADROOM[family]} bytes of VXLAN over IPv${family} leaves ${most}; set mtu to ${most} or less`,
        );
    }
  }
  return issues;
}
