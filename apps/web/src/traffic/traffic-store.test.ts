import type { Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { trafficPair } from './traffic-store';

const DOC = {
  version: 1,
  name: 't',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'br', type: 'bridge', name: 'br0' },
    { id: 'red', type: 'namespace', name: 'red' },
    { id: 'blue', type: 'namespace', name: 'blue' },
    { id: 'brb', type: 'bridge', name: 'brb', namespace: 'blue' },
  ],
  links: [
    { id: 'rb', type: 'veth', a: { node: 'red', name: 'e0' }, b: { node: 'brb', name: 'e1' } },
    { id: 'rh', type: 'veth', a: { node: 'red', name: 'e2' }, b: { node: 'br', name: 'e3' } },
  ],
} as unknown as Document;

describe('trafficPair', () => {
  it('takes two selected namespaces, in the order selected', () => {
    expect(trafficPair(DOC, ['blue', 'red'])).toEqual({
      from: { id: 'blue', netns: 'blue' },
      to: { id: 'red', netns: 'red' },
    });
  });

  it("takes a line's two ends, a device standing for its namespace", () => {
    expect(trafficPair(DOC, ['rb'])).toEqual({ from: { id: 'red', netns: 'red' }, to: { id: 'blue', netns: 'blue' } });
  });

  it('says why not for the root namespace, one namespace twice, and a selection of another size', () => {
    expect(trafficPair(DOC, ['rh'])).toMatch(/root namespace/);
    expect(trafficPair(DOC, ['blue', 'brb'])).toMatch(/both are in namespace blue/);
    expect(trafficPair(DOC, ['red'])).toMatch(/select two namespaces/);
  });
});
