import type { Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { countersAt, drawingPlaces, entryAt } from './drawing-live';
import { initialLive, liveKey, type LiveState } from './live-store';

/** examples/01-netns-veth.yaml as the host runs it. */
const applied: Document = {
  version: 1,
  name: 'netns-veth',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
  ],
  links: [
    {
      id: 'l1',
      type: 'veth',
      a: { node: 'host', name: 'veth-host', addresses: ['10.1.1.1/24'] },
      b: { node: 'ns1', name: 'veth-ns1', addresses: ['10.1.1.2/24'] },
    },
  ],
};

const hostEnd = {
  topology: 'netns-veth',
  object: 'l1/a',
  netns: null,
  ifname: 'veth-host',
  admin: 'up' as const,
  oper: 'UP',
  carrier: true,
  present: true,
};
const counters = {
  counters: {
    rxBytes: 1,
    txBytes: 1,
    rxPackets: 1,
    txPackets: 1,
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
  },
  history: [1],
};
const live = (patch: Partial<LiveState>): LiveState => ({
  ...initialLive,
  links: { [liveKey('netns-veth', 'l1/a')]: hostEnd },
  counters: { [liveKey('netns-veth', 'l1/a')]: counters },
  ...patch,
});
const place = (doc: Document, object: string) => drawingPlaces(doc).get(object);

describe('live state of the drawing', () => {
  it('shows the kernel state of the drawing applied from this page', () => {
    const s = live({ applied: { topology: 'netns-veth' } });
    expect(entryAt(s, 'l1/a', place(applied, 'l1/a'))).toBe(hostEnd);
    expect(countersAt(s, 'l1/a', place(applied, 'l1/a'))).toBe(counters);
  });

  it('shows nothing on a new drawing whose link id is another topology’s (l1)', () => {
    const fresh: Document = {
      version: 1,
      name: 'fresh',
      nodes: [
        { id: 'a', type: 'namespace', name: 'fresh-a' },
        { id: 'b', type: 'namespace', name: 'fresh-b' },
      ],
      links: [{ id: 'l1', type: 'veth', a: { node: 'a', name: 'eth0' }, b: { node: 'b', name: 'eth0' } }],
    };
    const s = live({ applied: { topology: 'netns-veth' } });
    expect(entryAt(s, 'l1/a', place(fresh, 'l1/a'))).toBeUndefined();
    expect(countersAt(s, 'l1/a', place(fresh, 'l1/a'))).toBeUndefined();
  });

  it('shows nothing on a drawing that shares the name but was never applied from this page', () => {
    const s = live({ applied: null });
    expect(entryAt(s, 'l1/a', place(applied, 'l1/a'))).toBeUndefined();
  });

  it('shows nothing for an object the drawing has renamed or moved since it was applied', () => {
    const renamed: Document = {
      ...applied,
      links: applied.links.map((l) => ({ ...l, a: { ...l.a, name: 'veth-renamed' } })),
    };
    const s = live({ applied: { topology: 'netns-veth' } });
    expect(entryAt(s, 'l1/a', place(renamed, 'l1/a'))).toBeUndefined();
    expect(entryAt(s, 'l1/a', place(applied, 'l1/a'))).toBe(hostEnd);
  });

  it('places veth ends at a bridge in the bridge’s namespace, and devices in theirs', () => {
    const doc: Document = {
      version: 1,
      name: 't',
      nodes: [
        { id: 'ns1', type: 'namespace', name: 'n1' },
        { id: 'br', type: 'bridge', name: 'br0', namespace: 'ns1' },
      ],
      links: [{ id: 'l1', type: 'veth', a: { node: 'br', name: 'v1' }, b: { node: 'ns1', name: 'v2' } }],
    };
    expect(Object.fromEntries(drawingPlaces(doc))).toEqual({
      br: { topology: 't', netns: 'n1', ifname: 'br0' },
      'l1/a': { topology: 't', netns: 'n1', ifname: 'v1' },
      'l1/b': { topology: 't', netns: 'n1', ifname: 'v2' },
    });
  });
});
