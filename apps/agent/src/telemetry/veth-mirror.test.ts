import { describe, expect, it } from 'vitest';

import type { LiveLink } from './live-parse';
import type { OwnedLink } from './owned-links';
import { mirrorCounters, rootMirrors } from './veth-mirror';

const counters = {
  rxBytes: 10,
  txBytes: 20,
  rxPackets: 1,
  txPackets: 2,
  rxErrors: 3,
  txErrors: 4,
  rxDropped: 5,
  txDropped: 6,
};
const link = (object: string, netns: string | null, ifname: string): OwnedLink => ({
  topology: 't',
  object,
  netns,
  ifname,
  record: {
    ifindex: 1,
    ifname,
    loopback: false,
    up: true,
    operstate: 'UP',
    carrier: true,
    counters,
  } satisfies LiveLink,
});

describe('rootMirrors', () => {
  it('maps the namespace end of a veth with its other end in the root namespace to that end', () => {
    const mirrors = rootMirrors([
      link('l1/a', null, 'v1'),
      link('l1/b', 'ns1', 'eth0'),
      link('l2/a', 'ns1', 'x'),
      link('l2/b', 'ns2', 'y'),
      link('br0', null, 'br0'),
    ]);
    expect([...mirrors]).toEqual([['ns1/eth0', '/v1']]);
  });
});

describe('mirrorCounters', () => {
  it('swaps bytes and packets, and keeps the far end its own errors and drops', () => {
    const far = { ...counters, rxErrors: 7, txErrors: 8, rxDropped: 9, txDropped: 10 };
    expect(mirrorCounters(counters, far)).toEqual({
      rxBytes: 20,
      txBytes: 10,
      rxPackets: 2,
      txPackets: 1,
      rxErrors: 7,
      txErrors: 8,
      rxDropped: 9,
      txDropped: 10,
    });
  });
});
