/**
 * The .pcapng writer: a capture merged from two interfaces, read back by walking its blocks (the
 * interface names, namespaces and which packet came from which interface) and, where tcpdump is
 * installed (CI installs it), by `tcpdump -r`, which must print the same packets as it does for
 * the original captures. tcpdump 4.99 does not print pcapng interface names, hence the walk.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { readPcap } from './pcap-reader.ts';
import { writePcap } from './pcap-writer.ts';
import { writePcapng, type PcapngPacket } from './pcapng-writer.ts';

const records = (name: string) =>
  readPcap(new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}.pcap`, import.meta.url)))).records;

const interfaces = [
  { name: 'a0', namespace: 'a' },
  { name: 'underlay0', namespace: 'host1' },
  { name: 'br0', namespace: null },
] as const;

/** Both fixtures merged into one timeline, in time order, each packet with its interface. */
const merged: PcapngPacket[] = [
  ...records('ipv4').map((r) => ({ ...r, interfaceId: 0 })),
  ...records('vxlan').map((r) => ({ ...r, interfaceId: 1 })),
].sort((x, y) => x.seconds - y.seconds || x.nanos - y.nanos);

const file = writePcapng(interfaces, merged);

/** Walks the blocks of a little-endian pcapng file: interface options by code, packets with their interface. */
function walk(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));
  const ifaces: Record<number, string>[] = [];
  const packets: { interfaceId: number; ts: bigint; data: Uint8Array }[] = [];
  for (let at = 0; at < bytes.length;) {
    const type = v.getUint32(at, true);
    const total = v.getUint32(at + 4, true);
    expect(v.getUint32(at + total - 4, true)).toBe(total);
    expect(total % 4).toBe(0);
    if (type === 1) {
      const opts: Record<number, string> = {};
      for (let o = at + 16; o < at + total - 4;) {
        const [code, len] = [v.getUint16(o, true), v.getUint16(o + 2, true)];
        if (code === 0) break;
        opts[code] = code === 9 ? String(bytes[o + 4]) : text(o + 4, len);
        o += 4 + ((len + 3) & ~3);
      }
      ifaces.push(opts);
    } else if (type === 6) {
      const ts = (BigInt(v.getUint32(at + 12, true)) << 32n) | BigInt(v.getUint32(at + 16, true));
      packets.push({
        interfaceId: v.getUint32(at + 8, true),
        ts,
        data: bytes.slice(at + 28, at + 28 + v.getUint32(at + 20, true)),
      });
    }
    at += total;
  }
  return { first: v.getUint32(0, true), ifaces, packets };
}

const hasTcpdump = (() => {
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // not installed: the tcpdump test is skipped, the block walk still runs
  }
})();

describe('writePcapng', () => {
  it('names each interface and its namespace, and tags every packet with its interface', () => {
    const { first, ifaces, packets } = walk(file);
    expect(first).toBe(0x0a0d0d0a);
    expect(ifaces).toEqual([
      { 2: 'a0', 9: '9', 1: 'namespace a' },
      { 2: 'underlay0', 9: '9', 1: 'namespace host1' },
      { 2: 'br0', 9: '9' },
    ]);
    expect(packets.map((p) => p.interfaceId)).toEqual(merged.map((p) => p.interfaceId));
    expect(packets.map((p) => p.ts)).toEqual(merged.map((p) => BigInt(p.seconds) * 1_000_000_000n + BigInt(p.nanos)));
    expect(packets.map((p) => p.data)).toEqual(merged.map((p) => p.data));
  });

  it.runIf(hasTcpdump)('is read by tcpdump -r as the same packets as the captures it merged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netloom-pcapng-'));
    try {
      writeFileSync(join(dir, 'merged.pcapng'), file);
      writeFileSync(join(dir, 'merged.pcap'), writePcap(merged, { nanosecond: true }));
      const read = (f: string) =>
        execFileSync('tcpdump', ['-tt', '-nn', '-v', '-e', '--time-stamp-precision=nano', '-r', join(dir, f)], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      const ng = read('merged.pcapng');
      expect(ng.split('\n').filter((l) => /^\d+\.\d{9} /.test(l)).length).toBe(merged.length);
      expect(ng).toBe(read('merged.pcap'));
      expect(ng).toContain('VXLAN, flags [I] (0x08), vni 42');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
