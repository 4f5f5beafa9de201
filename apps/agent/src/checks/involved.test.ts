import { validateDocument } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { involvedNamespaces } from './involved';

const parsed = validateDocument({
  version: 1,
  name: 'lab',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'ns2', type: 'namespace', name: 'netns2' },
    { id: 'ns3', type: 'namespace', name: 'netns3' },
    { id: 'br', type: 'bridge', name: 'br0', addresses: ['10.0.0.1/24'] },
  ],
  links: [
    {
      id: 'l1',
      type: 'veth',
      a: { node: 'ns1', name: 'eth0', addresses: ['10.0.0.11/24'] },
      b: { node: 'br', name: 'p1' },
    },
    {
      id: 'l2',
      type: 'veth',
      a: { node: 'ns2', name: 'eth0', addresses: ['10.0.0.12/24'] },
      b: { node: 'br', name: 'p2' },
    },
    { id: 'l3', type: 'veth', a: { node: 'ns3', name: 'eth0' }, b: { node: 'ns2', name: 'eth1' } },
  ],
  lesson: {
    steps: [
      { text: 'ping', checks: [{ type: 'ping', from: 'ns1', to: '10.0.0.12' }] },
      { text: 'route', checks: [{ type: 'route', namespace: 'ns3', to: 'default' }] },
      { text: 'link', checks: [{ type: 'linkState', object: 'l3/a', state: 'up' }] },
      { text: 'fdb', checks: [{ type: 'fdb', bridge: 'br', port: 'l1/b', macOf: 'l1/a' }] },
      { text: 'moved', checks: [{ type: 'inNamespace', object: 'l2/a', namespace: 'ns2' }] },
      { text: 'exists', checks: [{ type: 'exists', object: 'ns3' }] },
      { text: 'none' },
    ],
  },
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));

describe('involvedNamespaces', () => {
  const involved = involvedNamespaces(parsed.value);
  const of = (step: number) =>
    [...new Set([...(involved.own.get(step) ?? []), ...(involved.far.get(step) ?? [])])].sort((a, b) =>
      String(a).localeCompare(String(b)),
    );

  it('a ping: where it leaves from and where the document puts its address, not the namespaces it does not touch', () => {
    expect(of(0)).toEqual(['netns1', 'netns2']);
    expect([...(involved.own.get(0) ?? [])]).toEqual(['netns1']);
  });

  it('a route: the namespace read; a veth end: both ends (the carrier follows the peer)', () => {
    expect(of(1)).toEqual(['netns3']);
    expect(of(2)).toEqual(['netns2', 'netns3']);
  });

  it('an FDB check: the bridge, the port and the MAC owner; inNamespace and exists: the object and the namespace', () => {
    expect(of(3)).toEqual(['netns1', null]);
    expect(of(4)).toEqual(['netns2', null]);
    expect(of(5)).toEqual(['netns3']);
  });

  it('a step without checks involves nothing', () => {
    expect(of(6)).toEqual([]);
  });
});
