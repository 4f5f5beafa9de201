import { describe, expect, it } from 'vitest';

import { driftChanges } from './drift';

describe('driftChanges', () => {
  it('turns missing, drifted and orphaned objects into the changes a plan would repair', () => {
    const report = {
      topology: 't',
      converged: false,
      objects: [
        { id: 'ns1', kind: 'netns', state: 'present' as const, interfaces: [] },
        { id: 'l1', kind: 'veth', state: 'drifted' as const, fields: ['a.up'], interfaces: [] },
        { id: 'br0', kind: 'bridge', state: 'missing' as const, interfaces: [] },
      ],
      orphans: [{ netns: 'nlt-a', ifname: 'eth9' }],
    };
    expect(driftChanges(report)).toEqual([
      { op: 'update', key: 'l1', kind: 'veth', fields: ['a.up'] },
      { op: 'create', key: 'br0', kind: 'bridge' },
      { op: 'delete', key: 'nlt-a/eth9', kind: 'orphan' },
    ]);
  });
});
