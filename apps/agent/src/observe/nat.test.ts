import { canonicalNat, forwardSpec } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { parseNatTable } from './nat';

/** `nft -j list table inet netloom_t` (nft 1.0.6) after netloom's rules were written. */
const LISTED = {
  nftables: [
    { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
    { table: { family: 'inet', name: 'netloom_t', handle: 1 } },
    {
      chain: {
        family: 'inet',
        table: 'netloom_t',
        name: 'prerouting',
        handle: 1,
        type: 'nat',
        hook: 'prerouting',
        prio: -100,
        policy: 'accept',
      },
    },
    {
      chain: {
        family: 'inet',
        table: 'netloom_t',
        name: 'postrouting',
        handle: 2,
        type: 'nat',
        hook: 'postrouting',
        prio: 100,
        policy: 'accept',
      },
    },
    {
      rule: {
        family: 'inet',
        table: 'netloom_t',
        chain: 'prerouting',
        handle: 4,
        // nft dropped the `meta nfproto ipv4` netloom wrote: `ip daddr` implies it.
        expr: [
          { match: { op: '==', left: { meta: { key: 'iifname' } }, right: 'up0' } },
          { match: { op: '==', left: { payload: { protocol: 'ip', field: 'daddr' } }, right: '203.0.113.1' } },
          { match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: 53 } },
          { dnat: { family: 'ip', addr: '10.0.1.2', port: 5353 } },
        ],
      },
    },
    {
      rule: {
        family: 'inet',
        table: 'netloom_t',
        chain: 'prerouting',
        handle: 5,
        expr: [
          { match: { op: '==', left: { meta: { key: 'nfproto' } }, right: 'ipv4' } },
          { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 8080 } },
          { dnat: { family: 'ip', addr: '10.0.1.2', port: 80 } },
        ],
      },
    },
    {
      rule: {
        family: 'inet',
        table: 'netloom_t',
        chain: 'postrouting',
        handle: 3,
        expr: [{ match: { op: '==', left: { meta: { key: 'oifname' } }, right: 'up0' } }, { masquerade: null }],
      },
    },
  ],
};

const WRITTEN = canonicalNat(
  ['up0'],
  [
    forwardSpec({ protocol: 'udp', port: 53, dev: 'up0', address: '203.0.113.1', to: '10.0.1.2', toPort: 5353 }),
    forwardSpec({ protocol: 'tcp', port: 8080, to: '10.0.1.2', toPort: 80 }),
  ],
);

describe('parseNatTable', () => {
  it('reads back the rules netloom wrote, equal to what the document derives', () => {
    expect(parseNatTable(JSON.stringify(LISTED))).toEqual(WRITTEN);
  });

  it('calls a table with a rule or chain netloom did not write not intact (drift), keeping what it recognises', () => {
    const counter = { rule: { chain: 'postrouting', expr: [{ counter: { packets: 0, bytes: 0 } }] } };
    expect(parseNatTable(JSON.stringify({ nftables: [...LISTED.nftables, counter] }))).toEqual({
      ...WRITTEN,
      intact: false,
    });
    const chain = { chain: { name: 'extra', type: 'filter', hook: 'input', prio: 0 } };
    expect(parseNatTable(JSON.stringify({ nftables: [...LISTED.nftables, chain] })).intact).toBe(false);
    const noPostrouting = LISTED.nftables.filter((i) => !('chain' in i && i.chain.name === 'postrouting'));
    expect(parseNatTable(JSON.stringify({ nftables: noPostrouting })).intact).toBe(false);
  });
});
