import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { NetlinkError } from '../observe/netlink-frame';
import { parseLiveLinks, parseStatsDump } from './live-parse';

/** One RTM_NEWLINK message as the kernel lays it out. */
function newlink(opts: {
  index: number;
  flags: number;
  ifname: string;
  alias?: string;
  operstate: number;
  carrier: number;
  stats: number[];
}): Buffer {
  const attr = (type: number, data: Buffer) => {
    const len = 4 + data.length;
    const out = Buffer.alloc((len + 3) & ~3);
    out.writeUInt16LE(len, 0);
    out.writeUInt16LE(type, 2);
    data.copy(out, 4);
    return out;
  };
  const str = (s: string) => Buffer.from(`${s}\0`);
  const stats = Buffer.alloc(8 * 24);
  opts.stats.forEach((v, i) => stats.writeBigUInt64LE(BigInt(v), i * 8));
  const attrs = Buffer.concat([
    attr(3, str(opts.ifname)),
    ...(opts.alias === undefined ? [] : [attr(20, str(opts.alias))]),
    attr(16, Buffer.from([opts.operstate])),
    attr(33, Buffer.from([opts.carrier])),
    attr(23, stats),
  ]);
  const ifinfo = Buffer.alloc(16);
  ifinfo.writeInt32LE(opts.index, 4);
  ifinfo.writeUInt32LE(opts.flags, 8);
  const header = Buffer.alloc(16);
  header.writeUInt32LE(16 + 16 + attrs.length, 0);
  header.writeUInt16LE(16, 4);
  return Buffer.concat([header, ifinfo, attrs]);
}

describe('parseLiveLinks', () => {
  const frame = Buffer.concat([
    newlink({
      index: 1,
      flags: 0x9,
      ifname: 'lo',
      alias: 'netloom:t/ns1',
      operstate: 0,
      carrier: 1,
      stats: [1, 1, 100, 100],
    }),
    newlink({
      index: 2,
      flags: 0x1003,
      ifname: 'eth0',
      alias: 'netloom:t/l1/b',
      operstate: 6,
      carrier: 1,
      stats: [10, 20, 1000, 2000, 1, 2, 3, 4],
    }),
    newlink({
      index: 3,
      flags: 0x1002,
      ifname: 'veth9',
      operstate: 2,
      carrier: 0,
      stats: [2 ** 40, 0, 5 * 2 ** 40, 0],
    }),
  ]);

  it('reads names, aliases, flags, operstate, carrier and stats64', () => {
    expect(parseLiveLinks(frame)).toMatchObject([
      {
        ifindex: 1,
        ifname: 'lo',
        loopback: true,
        alias: 'netloom:t/ns1',
        up: true,
        operstate: 'UNKNOWN',
        carrier: true,
        counters: {
          rxPackets: 1,
          txPackets: 1,
          rxBytes: 100,
          txBytes: 100,
          rxErrors: 0,
          txErrors: 0,
          rxDropped: 0,
          txDropped: 0,
        },
      },
      {
        ifindex: 2,
        ifname: 'eth0',
        loopback: false,
        alias: 'netloom:t/l1/b',
        up: true,
        operstate: 'UP',
        carrier: true,
        counters: {
          rxPackets: 10,
          txPackets: 20,
          rxBytes: 1000,
          txBytes: 2000,
          rxErrors: 1,
          txErrors: 2,
          rxDropped: 3,
          txDropped: 4,
        },
      },
      {
        ifindex: 3,
        ifname: 'veth9',
        loopback: false,
        up: false,
        operstate: 'DOWN',
        carrier: false,
        counters: {
          rxPackets: 2 ** 40,
          txPackets: 0,
          rxBytes: 5 * 2 ** 40,
          txBytes: 0,
          rxErrors: 0,
          txErrors: 0,
          rxDropped: 0,
          txDropped: 0,
        },
      },
    ]);
  });

  it('throws on a dump the kernel refused', () => {
    const error = Buffer.alloc(36);
    error.writeUInt32LE(36, 0);
    error.writeUInt16LE(2, 4);
    error.writeInt32LE(-22, 16);
    expect(() => parseLiveLinks(error)).toThrow(NetlinkError);
  });
});

describe('parseStatsDump', () => {
  // Real dumps of one root namespace taken back to back by nl-relay (`L -1`, then `S -1`) after a ping.
  const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name));

  it('reads the same counters, by ifindex, as the full link dump', () => {
    const links = parseLiveLinks(fixture('root.links.bin'));
    const stats = parseStatsDump(fixture('root.stats.bin'));
    expect([...stats.keys()].sort()).toEqual(links.map((l) => l.ifindex).sort());
    for (const link of links) expect(stats.get(link.ifindex)).toEqual(link.counters);
    expect(links.find((l) => l.ifname === 'v0')?.counters.rxPackets).toBeGreaterThanOrEqual(3);
  });

  it('is a sixth of the bytes of a link dump or less: why the 1 Hz poll uses it', () => {
    expect(fixture('root.stats.bin').length * 4).toBeLessThan(fixture('root.links.bin').length);
  });
});
