import { describe, expect, it } from 'vitest';

import { assembleState } from './assemble';
import { deriveDesired } from './derive';
import { diffState } from './diff';
import type { Document, VxlanNode } from './document';
import { formatPath } from './issues';
import { planChanges } from './plan';
import { findHostConflicts, udpPlacesToRead, type UdpSocket } from './preflight';
import type { Snapshot } from './snapshot';
import { aDocument, aKernelLink, aNamespace, anOwnedNetns, aRoot, aSnapshot, aVeth, aVxlan, valid } from './testing';

/** The problems `doc` meets on a host that has `snapshot`, with `udp` the root namespace's sockets. */
function conflicts(doc: Document, snapshot: Snapshot, udp: UdpSocket[] = []) {
  const desired = deriveDesired(valid(doc));
  const observed = assembleState(snapshot, doc.name);
  const steps = planChanges(doc.name, diffState(desired, observed.state, observed.orphans), observed.orphans);
  return findHostConflicts(doc, desired, steps, snapshot, observed, new Map([['', udp]])).map((i) => [
    formatPath(i.path),
    i.code,
  ]);
}

const eth1 = (extra = {}) => aKernelLink('eth1', 'other', { up: true, mtu: 1500, ...extra });
const vxDoc = (extra: Partial<VxlanNode> = {}, vni = 42) =>
  aDocument({ nodes: [aRoot(), aVxlan('vx', 'vx0', vni, { remote: '192.168.9.2', ...extra })] });
const flannel = aKernelLink('flannel.1', 'vxlan', { up: true, vxlan: { vni: 1, port: 8472, local: '192.168.9.1' } });

describe('findHostConflicts', () => {
  it('finds nothing for a VXLAN over an interface the host has, on a free VNI and port', () => {
    expect(conflicts(vxDoc({ underlay: 'eth1', mtu: 1450 }), aSnapshot([eth1(), flannel]))).toEqual([]);
  });

  it('refuses an underlay the root namespace does not have', () => {
    expect(conflicts(vxDoc({ underlay: 'eth7' }), aSnapshot([eth1()]))).toEqual([
      ['nodes[1].underlay', 'HOST_CONFLICT'],
    ]);
  });

  it('accepts an underlay the document itself makes there', () => {
    const doc = aDocument({
      nodes: [aRoot(), aNamespace('n', 'red'), aVxlan('vx', 'vx0', 42, { remote: '10.0.0.2', underlay: 'u0' })],
      links: [aVeth('l', ['host', 'u0'], ['n', 'u1'])],
    });
    expect(conflicts(doc, aSnapshot())).toEqual([]);
  });

  it("refuses the VNI and port of someone else's VXLAN of the same address family (flannel.1: VNI 1, port 8472)", () => {
    expect(conflicts(vxDoc({ port: 8472 }, 1), aSnapshot([flannel]))).toEqual([['nodes[1].vni', 'HOST_CONFLICT']]);
    expect(conflicts(vxDoc({ port: 4789 }, 1), aSnapshot([flannel]))).toEqual([]);
    expect(conflicts(vxDoc({ port: 8472, remote: 'fd00::2' }, 1), aSnapshot([flannel]))).toEqual([]);
  });

  it('refuses a UDP port a program holds, of the family or both, but not the socket of a VXLAN on it', () => {
    const doc = vxDoc({ port: 8472 });
    const udp = (family: UdpSocket['family'], address: string): UdpSocket[] => [{ family, address, port: 8472 }];
    expect(conflicts(doc, aSnapshot(), udp(4, '127.0.0.1'))).toEqual([['nodes[1].port', 'HOST_CONFLICT']]);
    expect(conflicts(doc, aSnapshot(), udp('both', '*'))).toEqual([['nodes[1].port', 'HOST_CONFLICT']]);
    expect(conflicts(doc, aSnapshot(), udp(6, '::'))).toEqual([]);
    // flannel.1's socket: a second VXLAN on its port shares it.
    expect(conflicts(doc, aSnapshot([flannel]), udp(4, '0.0.0.0'))).toEqual([]);
    expect(conflicts(doc, aSnapshot(), udp(4, '0.0.0.0'))).toEqual([['nodes[1].port', 'HOST_CONFLICT']]);
  });

  it('does not look at the sockets of a VXLAN that stays down', () => {
    const doc = vxDoc({ port: 8472, up: false });
    expect(conflicts(doc, aSnapshot(), [{ family: 4, address: '127.0.0.1', port: 8472 }])).toEqual([]);
  });

  it('refuses an MTU larger than a foreign underlay carries after encapsulation (50 bytes over IPv4, 70 over IPv6)', () => {
    expect(conflicts(vxDoc({ underlay: 'eth1', mtu: 1451 }), aSnapshot([eth1()]))).toEqual([
      ['nodes[1].mtu', 'HOST_CONFLICT'],
    ]);
    expect(conflicts(vxDoc({ underlay: 'eth1', mtu: 1450 }), aSnapshot([eth1()]))).toEqual([]);
    expect(conflicts(vxDoc({ underlay: 'eth1', mtu: 1431, remote: 'fd00::2' }), aSnapshot([eth1()]))).toEqual([
      ['nodes[1].mtu', 'HOST_CONFLICT'],
    ]);
    expect(conflicts(vxDoc({ underlay: 'eth1', mtu: 8950 }), aSnapshot([eth1({ mtu: 9000 })]))).toEqual([]);
  });

  it('finds nothing in a namespace the plan creates: nobody else can be in it yet', () => {
    const doc = aDocument({
      nodes: [aNamespace('n', 'red'), aVxlan('vx', 'vx0', 1, { namespace: 'n', port: 8472, remote: '10.0.0.2' })],
    });
    const desired = deriveDesired(valid(doc));
    const steps = planChanges(doc.name, diffState(desired, new Map()));
    expect(udpPlacesToRead(steps, desired)).toEqual([]);
  });

  it('reads the sockets of an existing namespace where the plan brings a VXLAN up, and of no other', () => {
    const doc = aDocument({
      nodes: [aNamespace('n', 'red'), aVxlan('vx', 'vx0', 1, { namespace: 'n', port: 8472, remote: '10.0.0.2' })],
    });
    const desired = deriveDesired(valid(doc));
    const observed = assembleState(aSnapshot([], [anOwnedNetns('lab', 'n', 'red')]), 'lab');
    const steps = planChanges(doc.name, diffState(desired, observed.state));
    expect(udpPlacesToRead(steps, desired)).toEqual(['red']);
  });
});
