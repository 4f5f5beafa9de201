import { validateDocument } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { pingOnceArgv, reachabilityPairs } from './reachability';

const doc = validateDocument({
  version: 1,
  name: 'star',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'nlt-a' },
    { id: 'ns2', type: 'namespace', name: 'nlt-b' },
  ],
  links: [
    {
      id: 'l1',
      type: 'veth',
      a: { node: 'host', name: 'va', addresses: ['10.0.0.1/24'] },
      b: { node: 'ns1', name: 'eth0', addresses: ['10.0.0.2/24'] },
    },
    {
      id: 'l2',
      type: 'veth',
      a: { node: 'host', name: 'vb', addresses: ['10.0.1.1/24'] },
      b: { node: 'ns2', name: 'eth0', addresses: ['10.0.1.2/24'] },
    },
  ],
});

describe('reachabilityPairs', () => {
  it('pairs every namespace with every address outside it', () => {
    if (!doc.ok) throw new Error('fixture');
    const pairs = reachabilityPairs(doc.value);
    expect(
      pairs
        .filter((p) => p.from === 'nlt-a')
        .map((p) => p.to)
        .sort(),
    ).toEqual(['10.0.0.1', '10.0.1.1', '10.0.1.2']);
    expect(
      pairs
        .filter((p) => p.from === null)
        .map((p) => p.to)
        .sort(),
    ).toEqual(['10.0.0.2', '10.0.1.2']);
    expect(pairs).toHaveLength(8);
  });

  it('pings once with a one second deadline, the address after --', () => {
    expect(pingOnceArgv({ from: 'nlt-a', to: '10.0.0.1', toInterface: '(root)/va' })).toEqual([
      'ip',
      'netns',
      'exec',
      'nlt-a',
      'ping',
      '-n',
      '-c',
      '1',
      '-W',
      '1',
      '--',
      '10.0.0.1',
    ]);
  });
});
