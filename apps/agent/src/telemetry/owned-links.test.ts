import type { LinkStateEntry } from '@netloom/protocol';
import { describe, expect, it } from 'vitest';

import type { LiveLink } from './live-parse';
import { namespaceOwner, ownedLinks, updateLinkStates } from './owned-links';

const zero = {
  rxBytes: 0,
  txBytes: 0,
  rxPackets: 0,
  txPackets: 0,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
};
const record = (ifname: string, alias?: string, loopback = false): LiveLink => ({
  ifindex: 1,
  ifname,
  loopback,
  ...(alias !== undefined && { alias }),
  up: true,
  operstate: 'UP',
  carrier: true,
  counters: zero,
});

const entry = (ifname: string, admin: 'up' | 'down', netns: string | null = 'ns1'): LinkStateEntry => ({
  topology: 't',
  object: ifname,
  netns,
  ifname,
  admin,
  oper: admin === 'up' ? 'UP' : 'DOWN',
  carrier: admin === 'up',
  present: true,
});

describe('ownedLinks', () => {
  it('keeps marked interfaces with their object and end, and ignores foreign ones and loopbacks', () => {
    const links = ownedLinks('ns1', [
      record('lo', 'netloom:t/ns1', true),
      record('veth1', 'netloom:t/l1/b'),
      record('eth0'),
      record('x', 'not ours'),
    ]);
    expect(links.map((l) => [l.topology, l.object, l.netns, l.ifname])).toEqual([['t', 'l1/b', 'ns1', 'veth1']]);
  });

  it('reads a namespace owner from its loopback', () => {
    expect(namespaceOwner([record('lo', 'netloom:t/ns1', true)])).toBe('t');
    expect(namespaceOwner([record('lo', undefined, true)])).toBeNull();
  });
});

describe('updateLinkStates', () => {
  const owned = (ifname: string, up: boolean, netns: string | null = 'ns1') => ({
    topology: 't',
    object: ifname,
    netns,
    ifname,
    record: { ...record(ifname, `netloom:t/${ifname}`), up, operstate: up ? 'UP' : 'DOWN', carrier: up },
  });

  it('reports only what changed, and keeps the map current', () => {
    const states = new Map<string, LinkStateEntry>();
    expect(updateLinkStates(states, [owned('a', true), owned('b', true)], () => true)).toEqual([
      entry('a', 'up'),
      entry('b', 'up'),
    ]);
    expect(updateLinkStates(states, [owned('a', true), owned('b', false)], () => true)).toEqual([entry('b', 'down')]);
    expect([...states.values()]).toEqual([entry('a', 'up'), entry('b', 'down')]);
  });

  it('reports a vanished link once as absent, only inside the re-read scope', () => {
    const states = new Map<string, LinkStateEntry>();
    updateLinkStates(states, [owned('a', true), owned('b', true, 'ns2')], () => true);
    expect(updateLinkStates(states, [], (ns) => ns === 'ns1')).toEqual([{ ...entry('a', 'up'), present: false }]);
    expect(updateLinkStates(states, [], (ns) => ns === 'ns1')).toEqual([]);
    expect([...states.keys()]).toEqual(['ns2/b']);
  });
});
