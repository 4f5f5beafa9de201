import type { Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { BOX_MIN, toFlow, type FlowView } from './to-flow';

const view: FlowView = { selected: new Set(['l1']), invalid: new Set(['tap0']), measured: new Map() };

const doc: Document = {
  version: 1,
  name: 'demo',
  nodes: [
    { id: 'br0', type: 'bridge', name: 'br0', namespace: 'host', addresses: ['10.0.0.1/24'] },
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'tap0', type: 'tap', name: 'tap0', master: 'br0', namespace: 'host' },
    { id: 'vxa', type: 'vxlan', name: 'vxa', vni: 5, local: '1.1.1.1', remote: '1.1.1.2' },
    { id: 'vxb', type: 'vxlan', name: 'vxb', vni: 5, local: '1.1.1.2', remote: '1.1.1.1' },
  ],
  links: [
    {
      id: 'l1',
      type: 'veth',
      a: { node: 'ns1', name: 'veth1', addresses: ['10.0.0.2/24'] },
      b: { node: 'br0', name: 'veth-ns1' },
    },
    { id: 'l2', type: 'veth', a: { node: 'ns1', name: 'veth2' }, b: { node: 'ghost', name: 'x' } },
  ],
  layout: { ns1: { x: 500, y: 100 }, br0: { x: 300, y: 200 } },
};

describe('toFlow', () => {
  const { nodes, edges } = toFlow(doc, view);

  it('puts boxes first and devices inside their box, relative to it', () => {
    expect(nodes.map((n) => n.id)).toEqual(['host', 'ns1', 'vxa', 'vxb', 'br0', 'tap0']);
    expect(nodes.find((n) => n.id === 'br0')).toMatchObject({ parentId: 'host', position: { x: 300, y: 200 } });
    expect(nodes.find((n) => n.id === 'vxa')).not.toHaveProperty('parentId');
  });

  it('grows a box around its children', () => {
    const host = nodes.find((n) => n.id === 'host');
    expect(host?.style?.width).toBeGreaterThan(300 + 100);
    expect(nodes.find((n) => n.id === 'ns1')?.style).toEqual({ width: BOX_MIN.width, height: BOX_MIN.height });
  });

  it('uses the layout, and a grid where there is none', () => {
    expect(nodes.find((n) => n.id === 'ns1')?.position).toEqual({ x: 500, y: 100 });
    expect(nodes.find((n) => n.id === 'host')?.position).toEqual({ x: 40, y: 40 });
  });

  it('shows names, addresses and relations on devices', () => {
    expect(nodes.find((n) => n.id === 'br0')?.data).toMatchObject({ name: 'br0', lines: ['10.0.0.1/24'] });
    expect(nodes.find((n) => n.id === 'tap0')?.data).toMatchObject({ lines: ['on br0'], invalid: true });
  });

  it('maps veths, masters and paired VXLANs to edges, skipping links to missing nodes', () => {
    expect(edges.map((e) => [e.id, e.type, e.source, e.target])).toEqual([
      ['l1', 'veth', 'ns1', 'br0'],
      ['master:tap0', 'master', 'tap0', 'br0'],
      ['tunnel:vxa:vxb', 'tunnel', 'vxa', 'vxb'],
    ]);
    expect(edges[0]).toMatchObject({ selected: true, data: { a: 'veth1 10.0.0.2/24', b: 'veth-ns1' } });
  });
});
