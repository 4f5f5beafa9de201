import type { Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { applyPatch, diffDocuments, invert, isEmptyPatch, squash } from './history';

const base: Document = {
  version: 1,
  name: 'demo',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'br0', type: 'bridge', name: 'br0', namespace: 'host' },
  ],
  links: [{ id: 'l1', type: 'veth', a: { node: 'ns1', name: 'veth1' }, b: { node: 'br0', name: 'veth-ns1' } }],
  layout: { ns1: { x: 10, y: 20 } },
};

describe('patches', () => {
  it('turn one document into the other and back', () => {
    const after: Document = {
      ...base,
      name: 'renamed',
      nodes: [base.nodes[0]!, base.nodes[2]!, { id: 'tap0', type: 'tap', name: 'tap0' }],
      layout: { ns1: { x: 11, y: 20 }, tap0: { x: 0, y: 0 } },
    };
    const patch = diffDocuments(base, after);
    expect(applyPatch(base, patch)).toEqual(after);
    expect(applyPatch(after, invert(patch))).toEqual(base);
  });

  it('put a removed node back at its index on undo', () => {
    const after = { ...base, nodes: base.nodes.filter((n) => n.id !== 'ns1') };
    const restored = applyPatch(after, invert(diffDocuments(base, after)));
    expect(restored.nodes.map((n) => n.id)).toEqual(['host', 'ns1', 'br0']);
  });

  it('leave untouched parts of the document as the same objects', () => {
    const after = { ...base, layout: { ns1: { x: 99, y: 20 } } };
    const next = applyPatch(base, diffDocuments(base, after));
    expect(next.nodes).toBe(base.nodes);
    expect(next.links).toBe(base.links);
  });

  it('squash a sequence into one with the same effect', () => {
    const mid = { ...base, layout: { ns1: { x: 50, y: 50 } } };
    const end = { ...mid, layout: { ns1: { x: 90, y: 90 } } };
    const one = squash(diffDocuments(base, mid), diffDocuments(mid, end));
    expect(applyPatch(base, one)).toEqual(end);
    expect(applyPatch(end, invert(one))).toEqual(base);
  });

  it('squash an add then a remove into nothing', () => {
    const added = { ...base, nodes: [...base.nodes, { id: 'tun0', type: 'tun' as const, name: 'tun0' }] };
    expect(isEmptyPatch(squash(diffDocuments(base, added), diffDocuments(added, base)))).toBe(true);
  });

  it('drop an emptied layout instead of writing layout: {}', () => {
    const noLayout = { version: 1 as const, name: 'x', nodes: [], links: [] };
    const withLayout = { ...noLayout, layout: { a: { x: 1, y: 1 } } };
    expect(applyPatch(withLayout, diffDocuments(withLayout, noLayout))).toEqual(noLayout);
  });
});
