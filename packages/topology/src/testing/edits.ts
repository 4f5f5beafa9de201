import fc from 'fast-check';

import type { Step } from '../step';
import { simulate, SimulationError, type FakeKernel } from './simulate';

/**
 * Changes a person makes by hand between two applies (`ip link del`, `ip link set down`, ...),
 * as arbitraries. Each edit picks its target among what exists when it runs; an edit the kernel
 * would refuse (its target went with an earlier edit) is skipped, as a person would shrug.
 */

const WHAT = [
  'delete',
  'down',
  'up',
  'mtu',
  'mac',
  'unmaster',
  'addr.del',
  'addr.add',
  'unalias',
  'netns.del',
  'forwarding',
  'route.del',
  'foreign',
] as const;
export type HandEdit = { readonly what: (typeof WHAT)[number]; readonly target: number };

export const arbHandEdits: fc.Arbitrary<HandEdit[]> = fc.array(
  fc.record({ what: fc.constantFrom(...WHAT), target: fc.nat({ max: 1000 }) }),
  { maxLength: 4 },
);

export function applyHandEdits(kernel: FakeKernel, edits: readonly HandEdit[]): FakeKernel {
  return edits.reduce((k, edit) => {
    const step = stepFor(k, edit);
    if (step === null) return k;
    try {
      return simulate(k, [step]);
    } catch (e: unknown) {
      if (e instanceof SimulationError) return k;
      throw e;
    }
  }, kernel);
}

function stepFor({ snapshot }: FakeKernel, { what, target }: HandEdit): Step | null {
  const object = 'by-hand';
  // Devices a person might touch: not the host's own NICs, not loopbacks.
  const devices = [
    ...snapshot.root.map((link) => ({ netns: null, link })),
    ...snapshot.namespaces.flatMap((ns) => (ns.links ?? []).map((link) => ({ netns: ns.name, link }))),
  ].filter(({ link }) => link.kind !== 'loopback' && link.kind !== 'other');
  const namespaces = snapshot.namespaces.filter((ns) => ns.links !== undefined);
  const pick = <T>(list: readonly T[]): T | undefined => list[target % Math.max(1, list.length)];
  const dev = pick(devices);
  const ns = pick(namespaces);
  const on = dev === undefined ? null : { netns: dev.netns, object, ifname: dev.link.ifname };
  switch (what) {
    case 'delete':
      return on && { op: 'link.del', ...on };
    case 'down':
    case 'up':
      return on && { op: 'link.set', ...on, up: what === 'up' };
    case 'mtu':
      return on && { op: 'link.set', ...on, mtu: 1300 };
    case 'mac':
      // Refused on a tun (no MAC), which makes the edit a no-op there.
      return on && { op: 'link.set', ...on, mac: '02:99:00:00:00:01' };
    case 'unmaster':
      return on && { op: 'link.set', ...on, master: null };
    case 'unalias':
      // Not on a veth end: its unmarked half would become foreign and its marked half an orphan,
      // whose deletion takes the foreign half (and a VXLAN riding on it) along; the snapshot
      // does not say which ends are peers, so no plan can foresee that.
      return on && dev?.link.kind !== 'veth' ? { op: 'link.set', ...on, alias: '' } : null;
    case 'addr.del': {
      const cidr = dev?.link.addresses[0];
      return on && cidr !== undefined ? { op: 'addr.del', ...on, cidr } : null;
    }
    case 'addr.add':
      return on && { op: 'addr.add', ...on, cidr: '10.99.0.1/24' };
    case 'netns.del':
      return ns === undefined ? null : { op: 'netns.del', netns: null, object, name: ns.name };
    case 'forwarding':
      return ns === undefined
        ? null
        : {
            op: 'sysctl.set',
            netns: null,
            object,
            name: ns.name,
            key: 'net.ipv4.ip_forward',
            value: !(ns.forwarding ?? false),
          };
    case 'route.del': {
      const route = ns?.routes?.[0];
      return ns === undefined || route === undefined ? null : { op: 'route.del', netns: ns.name, object, route };
    }
    case 'foreign': {
      // Someone else's device, with a name no document here uses.
      const where = target % 2 === 0 || ns === undefined ? null : ns.name;
      const iface = { netns: where, ifname: 'zz-foreign', addresses: [], master: null, up: true };
      return { op: 'link.add', netns: where, object, device: { kind: 'tap', key: object, iface } };
    }
  }
}
