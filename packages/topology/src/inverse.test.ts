import { describe, expect, it } from 'vitest';

import { inverseStep } from './inverse';
import type { Snapshot, SnapshotLink } from './snapshot';
import type { Step } from './step';

const link = (ifname: string, extra: Partial<SnapshotLink> = {}): SnapshotLink => ({
  ifindex: 7,
  ifname,
  kind: 'veth',
  up: false,
  mtu: 1500,
  mac: '02:00:00:00:00:07',
  addresses: [],
  ...extra,
});
const before: Snapshot = {
  root: [link('br0', { kind: 'bridge', stp: false, up: true })],
  namespaces: [
    { name: 'ns1', links: [link('veth1')], forwarding: false },
    { name: 'gw', links: [], nat: { masquerade: ['up0'], forwards: [], intact: true } },
    { name: 'empty', links: [] },
  ],
};
const steps = (s: Step) => {
  const inverse = inverseStep(s, before);
  if (!inverse.ok) throw new Error(inverse.refused);
  return inverse.steps;
};

describe('inverseStep', () => {
  it('undoes what a command makes by deleting it, and what it adds by removing it', () => {
    expect(steps({ op: 'netns.add', netns: null, object: 'ns1', name: 'ns1' })).toEqual([
      { op: 'netns.del', netns: null, object: 'ns1', name: 'ns1' },
    ]);
    const veth: Step = {
      op: 'link.add',
      netns: 'ns1',
      object: 'l1',
      device: {
        kind: 'veth',
        key: 'l1',
        a: { netns: null, ifname: 'veth0', addresses: [], master: null, up: true },
        b: { netns: 'ns1', ifname: 'veth1', addresses: [], master: null, up: true },
      },
    };
    expect(steps(veth)).toEqual([{ op: 'link.del', netns: 'ns1', object: 'l1', ifname: 'veth1' }]);
    expect(steps({ op: 'addr.add', netns: 'ns1', object: 'l1', ifname: 'veth1', cidr: '10.0.0.1/24' })).toEqual([
      { op: 'addr.del', netns: 'ns1', object: 'l1', ifname: 'veth1', cidr: '10.0.0.1/24' },
    ]);
    expect(steps({ op: 'route.del', netns: 'ns1', object: 'ns1', route: { to: 'default', via: '10.0.0.2' } })).toEqual([
      { op: 'route.add', netns: 'ns1', object: 'ns1', route: { to: 'default', via: '10.0.0.2' } },
    ]);
    expect(steps({ op: 'netns.id', netns: null, object: 'ns1', name: 'ns1' })).toEqual([]);
  });

  it('puts back the values the kernel had before a link.set, sysctl or NAT change', () => {
    expect(
      steps({
        op: 'link.set',
        netns: 'ns1',
        object: 'l1',
        ifname: 'veth1',
        alias: 'netloom:lab/l1/b',
        master: 'br9',
        mtu: 1400,
        up: true,
      }),
    ).toEqual([{ op: 'link.set', netns: 'ns1', object: 'l1', ifname: 'veth1', master: null, mtu: 1500, up: false }]);
    expect(steps({ op: 'link.set', netns: null, object: 'br', ifname: 'br0', stp: true })).toEqual([
      { op: 'link.set', netns: null, object: 'br', ifname: 'br0', stp: false },
    ]);
    // The marker alone: nothing to run.
    expect(steps({ op: 'link.set', netns: 'ns1', object: 'l1', ifname: 'veth1', alias: 'netloom:lab/l1/b' })).toEqual(
      [],
    );
    expect(
      steps({ op: 'sysctl.set', netns: null, object: 'ns1', name: 'ns1', key: 'net.ipv4.ip_forward', value: true }),
    ).toEqual([
      { op: 'sysctl.set', netns: null, object: 'ns1', name: 'ns1', key: 'net.ipv4.ip_forward', value: false },
    ]);
    const nat = { masquerade: ['eth9'], forwards: [], intact: true };
    expect(steps({ op: 'nat.set', netns: 'gw', object: 'gw', table: 't', nat })).toEqual([
      { op: 'nat.set', netns: 'gw', object: 'gw', table: 't', nat: before.namespaces[1]!.nat },
    ]);
    expect(steps({ op: 'nat.set', netns: 'empty', object: 'e', table: 't', nat })).toEqual([
      { op: 'nat.del', netns: 'empty', object: 'e', table: 't' },
    ]);
  });

  it('refuses plainly what one command cannot undo', () => {
    const refused = (s: Step) => {
      const inverse = inverseStep(s, before);
      return inverse.ok ? null : inverse.refused;
    };
    expect(refused({ op: 'netns.del', netns: null, object: 'ns1', name: 'ns1' })).toMatch(/cannot be made again/);
    expect(refused({ op: 'link.del', netns: 'ns1', object: 'l1', ifname: 'veth1' })).toMatch(/cannot be made again/);
    expect(refused({ op: 'link.set', netns: 'ns1', object: 'l1', ifname: 'nope', up: true })).toMatch(
      /not in the kernel/,
    );
    expect(
      refused({ op: 'sysctl.set', netns: null, object: 'x', name: 'gw', key: 'net.ipv4.ip_forward', value: true }),
    ).toMatch(/not read/);
  });
});
