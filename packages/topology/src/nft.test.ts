import { canonicalNat, forwardSpec } from './nat';
import type { Step } from './step';
import { describe, expect, it } from 'vitest';

import { batchLine, renderCommand, summarize } from './commands';

const nat = canonicalNat(
  ['up0'],
  [forwardSpec({ protocol: 'tcp', port: 8080, dev: 'up0', to: '10.0.1.2', toPort: 80 })],
);
const set: Step = { op: 'nat.set', netns: 'gw', object: 'gw', table: 'netloom_lab', nat };
const del: Step = { op: 'nat.del', netns: 'gw', object: 'gw', table: 'netloom_lab' };

describe('nft steps', () => {
  it('replace netloom table whole in one nft transaction, naming no other table', () => {
    expect(renderCommand(set).join(' ')).toBe(
      'ip netns exec gw nft add table inet netloom_lab ; delete table inet netloom_lab ; add table inet netloom_lab' +
        ' ; add chain inet netloom_lab prerouting { type nat hook prerouting priority dstnat ; policy accept ; }' +
        ' ; add chain inet netloom_lab postrouting { type nat hook postrouting priority srcnat ; policy accept ; }' +
        ' ; add rule inet netloom_lab postrouting oifname up0 masquerade' +
        ' ; add rule inet netloom_lab prerouting meta nfproto ipv4 iifname up0 tcp dport 8080 dnat ip to 10.0.1.2:80',
    );
    expect(renderCommand(set).filter((t) => t === 'table')).toHaveLength(3);
    expect(summarize(set)).toBe(
      'set NAT in gw (nftables table netloom_lab: masquerade out of up0, tcp :8080 on up0 -> 10.0.1.2:80)',
    );
  });

  it('delete netloom table whether or not it is there', () => {
    expect(renderCommand(del)).toEqual([
      'ip',
      'netns',
      'exec',
      'gw',
      'nft',
      'add',
      'table',
      'inet',
      'netloom_lab',
      ';',
      'delete',
      'table',
      'inet',
      'netloom_lab',
    ]);
  });

  it('go into an ip batch line: nft separators alone as tokens pass, anything else unsafe is still refused', () => {
    expect(batchLine(del)).toBe('netns exec gw nft add table inet netloom_lab ; delete table inet netloom_lab');
    expect(() => batchLine({ ...set, nat: { ...nat, masquerade: ['a;b'] } })).toThrow(/refusing/);
  });
});
