import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { decodePacket, findLayer, LINKTYPE } from './decode.ts';
import { flowKey, packetEndpoints } from './flow.ts';
import type { DecodedPacket } from './layers.ts';
import { readPcap } from './pcap-reader.ts';

const fixture = (name: string) =>
  readPcap(new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}.pcap`, import.meta.url)))).records.map(
    (r) => r.data,
  );
const vxlan = fixture('vxlan');
const ipv4 = fixture('ipv4');

/** The bytes a hex view highlights for a field. */
function fieldBytes(packet: DecodedPacket, bytes: Uint8Array, name: string): number[] {
  const f = packet.layers.flatMap((l) => l.fields).find((x) => x.name === name);
  if (f === undefined) throw new Error(`no field ${name}`);
  return [...bytes.subarray(f.offset, f.offset + f.length)];
}

describe('decodePacket', () => {
  it('unwraps a VXLAN packet: outer Ethernet, IPv4, UDP 4789, VXLAN VNI 42, then the inner frame', () => {
    const bytes = vxlan[4] as Uint8Array;
    const p = decodePacket(bytes);
    expect(p.layers.map((l) => l.kind)).toEqual([
      'ethernet',
      'ipv4',
      'udp',
      'vxlan',
      'ethernet',
      'ipv4',
      'icmp',
      'payload',
    ]);
    expect(p.summary).toBe('VXLAN VNI 42: ICMP echo request 192.168.42.1 → 192.168.42.2 id 26011 seq 1');
    expect(findLayer(p, 'vxlan')).toMatchObject({ vni: 42, vniValid: true, flags: 0x08 });
    expect(fieldBytes(p, bytes, 'vxlan.vni')).toEqual([0, 0, 42]);
    expect(packetEndpoints(p)).toEqual({
      outermost: { src: '10.1.1.1', dst: '10.1.1.254' },
      innermost: { src: '192.168.42.1', dst: '192.168.42.2' },
    });
  });

  it('gives a request and its reply one flow key, the inner one for VXLAN', () => {
    const [request, reply] = [decodePacket(vxlan[4] as Uint8Array), decodePacket(vxlan[5] as Uint8Array)];
    expect(flowKey(request)).toBe('icmp 192.168.42.1 192.168.42.2 id 26011');
    expect(flowKey(reply)).toBe(flowKey(request));
  });

  it('locates each field in the bytes, for the hex view', () => {
    const bytes = ipv4[2] as Uint8Array;
    const p = decodePacket(bytes);
    expect(fieldBytes(p, bytes, 'ipv4.ttl')).toEqual([64]);
    expect(fieldBytes(p, bytes, 'ipv4.src')).toEqual([10, 1, 1, 1]);
    expect(fieldBytes(p, bytes, 'eth.type')).toEqual([0x08, 0x00]);
    expect(fieldBytes(p, bytes, 'icmp.seq')).toEqual([0, 1]);
  });

  it('gives an ICMP error the flow key of the datagram it reports on', () => {
    const keys = ipv4.map((b) => flowKey(decodePacket(b)));
    const summaries = ipv4.map((b) => decodePacket(b).summary);
    const index = (start: string) => summaries.findIndex((s) => s.startsWith(start));
    expect(keys[index('ICMP port unreachable')]).toBe(keys[index('UDP 10.1.1.1')]);
    expect(keys[index('ICMP port unreachable')]).toBe('udp 10.1.1.1 59629 10.1.2.2 5000');
    expect(keys[index('ICMP time exceeded')]).toBe('icmp 10.1.1.1 10.1.2.2 id 25764');
    expect(keys[index('ICMP fragmentation needed')]).toBe('icmp 10.1.1.1 10.1.2.2 id 25760');
  });

  it('verifies the IPv4 header checksum and says when it is wrong', () => {
    const bytes = (ipv4[2] as Uint8Array).slice();
    expect(findLayer(decodePacket(bytes), 'ipv4')?.checksumValid).toBe(true);
    bytes[14 + 8] = 1; // the TTL, without fixing the checksum
    expect(findLayer(decodePacket(bytes), 'ipv4')?.checksumValid).toBe(false);
  });

  it('reads the MTU of a fragmentation-needed error and the datagram it quotes', () => {
    const p = decodePacket(ipv4.find((b) => decodePacket(b).summary.includes('fragmentation')) as Uint8Array);
    expect(findLayer(p, 'icmp')).toMatchObject({
      type: 3,
      code: 4,
      mtu: 1280,
      original: { dst: '10.1.2.2', protocol: 1 },
    });
  });

  it('decodes raw IP (tun devices) by the version nibble', () => {
    const frame = ipv4[2] as Uint8Array;
    expect(decodePacket(frame.subarray(14), LINKTYPE.RAW).summary).toBe(
      'ICMP echo request 10.1.1.1 → 10.1.1.254 id 25757 seq 1',
    );
  });

  it('keeps an unknown link type as payload', () => {
    const p = decodePacket(new Uint8Array([1, 2, 3]), 147);
    expect(p.layers).toMatchObject([{ kind: 'payload', offset: 0, length: 3 }]);
  });
});
