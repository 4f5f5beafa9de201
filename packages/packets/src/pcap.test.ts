import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { PcapReader, readPcap, type PcapRecord } from './pcap-reader.ts';
import { writePcap } from './pcap-writer.ts';

const file = new Uint8Array(readFileSync(new URL('./__fixtures__/vxlan.pcap', import.meta.url)));

const record = fc.record({
  seconds: fc.nat({ max: 0xffffffff }),
  nanos: fc.nat({ max: 999_999_999 }),
  data: fc.uint8Array({ maxLength: 128 }),
  originalLength: fc.nat({ max: 0xffff }),
});

/** Splits bytes into chunks cut at the given points. */
function chunks(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}

describe('pcap', () => {
  it('reads back what it wrote, in both byte orders and resolutions', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (records, littleEndian, nanosecond) => {
          const back = readPcap(writePcap(records, { littleEndian, nanosecond }));
          const expected = nanosecond
            ? records
            : records.map((r) => ({ ...r, nanos: Math.floor(r.nanos / 1000) * 1000 }));
          expect(back.header).toMatchObject({ littleEndian, nanosecond, linkType: 1 });
          expect(back.records).toEqual(expected);
          expect(back.trailing).toBe(0);
        },
      ),
    );
  });

  it('returns the same records however the stream is cut into chunks', () => {
    const whole = readPcap(file).records;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        const reader = new PcapReader();
        const got: PcapRecord[] = [];
        for (const c of chunks(file, cuts)) got.push(...reader.push(c));
        expect(got).toEqual(whole);
        expect(reader.buffered).toBe(0);
      }),
    );
  });

  it('reads the nanosecond fixture tcpdump wrote', () => {
    const { header, records } = readPcap(file);
    expect(header).toMatchObject({ nanosecond: true, littleEndian: true, linkType: 1, snapLength: 262144 });
    expect(records[0]).toMatchObject({ seconds: 1796504618, nanos: 652115164, originalLength: 42 });
  });

  it('holds back a record cut short until the rest arrives', () => {
    const reader = new PcapReader();
    expect(reader.push(file.subarray(0, 30))).toEqual([]);
    expect(reader.header?.nanosecond).toBe(true);
    expect(reader.buffered).toBe(6);
    expect(reader.push(file.subarray(30)).length).toBe(6);
  });

  it('refuses a stream that is not pcap, and then ignores it', () => {
    const reader = new PcapReader();
    expect(reader.push(new Uint8Array(32).fill(7))).toEqual([]);
    expect(reader.error?.code).toBe('PCAP_BAD_MAGIC');
    expect(reader.push(file)).toEqual([]);
  });

  it('stops at a record length no packet has (a corrupt stream)', () => {
    const bad = file.slice();
    new DataView(bad.buffer).setUint32(24 + 8, 0x7fffffff, true);
    const { records, error } = readPcap(bad);
    expect(records).toEqual([]);
    expect(error?.code).toBe('PCAP_RECORD_TOO_LARGE');
  });
});
