import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodePacket, LINKTYPE } from './decode.ts';
import { flowKey, packetEndpoints } from './flow.ts';
import { readPcap } from './pcap-reader.ts';

const real = ['ipv4', 'ipv6', 'transport', 'vlan', 'vxlan'].flatMap(
  (name) => readPcap(new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}.pcap`, import.meta.url)))).records,
);

/**
 * Decodes, and lists what is out of place: a layer or field outside the bytes, or a field outside
 * its layer (the hex view highlights a field's bytes inside its layer's). Plain checks, one expect
 * per case, so thousands of cases stay fast.
 */
function misplaced(bytes: Uint8Array, linkType: number): string[] {
  const packet = decodePacket(bytes, linkType);
  const out: string[] = [];
  if (typeof packet.summary !== 'string' || packet.length !== bytes.length) out.push('summary or length');
  for (const l of packet.layers) {
    if (l.offset < 0 || l.length < 0 || l.offset + l.length > bytes.length)
      out.push(`${l.kind} at ${l.offset}+${l.length}`);
    for (const f of l.fields)
      if (f.offset < l.offset || f.length <= 0 || f.offset + f.length > l.offset + l.length)
        out.push(`${f.name} at ${f.offset}+${f.length} outside ${l.kind} ${l.offset}+${l.length}`);
  }
  flowKey(packet);
  packetEndpoints(packet);
  return out;
}

function decodeWithinBounds(bytes: Uint8Array, linkType: number): void {
  expect(misplaced(bytes, linkType)).toEqual([]);
}

const linkTypes = fc.constantFrom(LINKTYPE.ETHERNET, LINKTYPE.RAW, LINKTYPE.IPV4, LINKTYPE.IPV6, 147);

describe('decodePacket on bytes it was never meant to see', () => {
  it('never throws on random bytes, and keeps every layer and field inside them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), linkTypes, (bytes, linkType) => {
        decodeWithinBounds(bytes, linkType);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on real packets cut short anywhere', () => {
    const problems: string[] = [];
    for (const r of real)
      for (let n = 0; n <= r.data.length; n += n < 120 ? 1 : 37) problems.push(...misplaced(r.data.subarray(0, n), 1));
    expect(problems).toEqual([]);
  });

  it('never throws on real packets with bytes flipped', () => {
    const packets = fc.constantFrom(...real.map((r) => r.data));
    fc.assert(
      fc.property(
        packets,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        (data, flips) => {
          const bytes = data.slice();
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          decodeWithinBounds(bytes, 1);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('marks a header cut short as truncated, never as a whole header', () => {
    const echo = real.find((r) =>
      decodePacket(r.data).summary.startsWith('ICMP echo request'),
    ) as (typeof real)[number];
    const cut = decodePacket(echo.data.subarray(0, 14 + 12));
    expect(cut.layers.map((l) => l.kind)).toEqual(['ethernet', 'truncated']);
    expect(cut.summary).toBe('IPv4 truncated');
  });
});
