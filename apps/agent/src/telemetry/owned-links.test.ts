import type { LinkStateEntry } from '@netloom/protocol';
import { describe, expect, it } from 'vitest';

import type { LinkRecord } from '../observe/rtnetlink';
import { diffLinkStates, namespaceOwner, ownedLinks } from './owned-links';

const zero = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 };
const record = (ifname: string, alias?: string, loopback = false): LinkRecord => ({
  ifindex: 1,
  ifname,
  loopback,
  info: {},
  ...(alias !== undefined && { alias }),
  up: true,
  mtu: 1500,
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
    const links = ownedLinks('ns1', [record('lo', 'netloom:t/ns1', true), record('veth1', 'netloom:t/l1/b'), record('eth0'), record('x', 'not ours')]);
    expect(links.map((l) => [l.topology, l.object, l.netns, l.ifname])).toEqual([['t', 'l1/b', 'ns1', 'veth1']]);
  });

  it('reads a namespace owner from its loopback', () => {
    expect(namespaceOwner([record('lo', 'netloom:t/ns1', true)])).toBe('t');
    expect(namespaceOwner([record('lo', undefined, true)])).toBeNull();
  });
});

describe('diffLinkStates', () => {
  const map = (...entries: LinkStateEntry[]) => new Map(entries.map((e) => [`${e.netns ?? ''}/${e.ifname}`, e]));

  it('reports only what changed', () => {
    expect(diffLinkStates(map(entry('a', 'up'), entry('b', 'up')), map(entry('a', 'up'), entry('b', 'down')))).toEqual([entry('b', 'down')]);
  });

  it('reports a vanished link once as absent, only inside the re-read scope', () => {
    const before = map(entry('a', 'up'), entry('b', 'up', 'ns2'));
    expect(diffLinkStates(before, map(), (ns) => ns === 'ns1')).toEqual([{ ...entry('a', 'up'), present: false }]);
  });
});
