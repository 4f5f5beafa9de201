import { describe, expect, it } from 'vitest';

import { namespacesTouched } from './touched';

describe('namespacesTouched', () => {
  it('finds the namespace a step runs in', () => {
    expect(
      namespacesTouched([
        { op: 'addr.del', netns: 'red', object: 'r', ifname: 'eth0', cidr: '10.0.0.2/24' },
        { op: 'addr.add', netns: 'red', object: 'r', ifname: 'eth0', cidr: '10.0.0.3/24' },
      ]),
    ).toEqual({ root: false, names: new Set(['red']) });
  });

  it('finds the namespace a veth peer lands in, and the root namespace that made it', () => {
    const end = (netns: string | null, ifname: string) => ({ netns, ifname, addresses: [], master: null, up: true });
    const t = namespacesTouched([
      {
        op: 'link.add',
        netns: null,
        object: 'v',
        device: { kind: 'veth', key: 'v', a: end(null, 'v-red'), b: end('blue', 'eth0') },
      },
    ]);
    expect(t.root).toBe(true);
    expect([...t.names]).toEqual(['blue']);
  });

  it('counts namespace creation and deletion as root changes', () => {
    expect(namespacesTouched([{ op: 'netns.del', netns: null, object: 'n', name: 'red' }]).root).toBe(true);
  });
});
