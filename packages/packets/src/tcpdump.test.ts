/**
 * The decoder against tcpdump's own reading of the same captured bytes. The fixtures are real
 * traffic captured by scripts/make-fixtures.sh, which also wrote `tcpdump -tt -nn -S -v -e -xx -r`
 * of each file beside it. For every packet: the bytes and timestamp the pcap reader returns are
 * the ones tcpdump printed, and every value the decoder finds (addresses, ports, flags, sequence
 * numbers, VNI, ICMP type/id/seq, lengths, TTL, EtherTypes, options) appears in tcpdump's text in
 * tcpdump's words.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { decodePacket } from './decode.ts';
import type { DecodedPacket, Layer } from './layers.ts';
import { readPcap, type PcapRecord } from './pcap-reader.ts';

const FIXTURES = ['ipv4', 'ipv6', 'transport', 'vlan', 'vxlan'] as const;

interface TcpdumpPacket {
  readonly time: string;
  /** The text lines, whitespace collapsed to single spaces. */
  readonly text: string;
  readonly hex: Uint8Array;
}

/** Splits tcpdump's output into packets: a packet starts with its timestamp; hex lines start with a tab and 0x. */
function parseTcpdump(output: string): TcpdumpPacket[] {
  const packets: { time: string; text: string[]; hex: number[] }[] = [];
  for (const line of output.split('\n')) {
    const start = /^(\d+\.\d+) /.exec(line);
    if (start) packets.push({ time: start[1] as string, text: [], hex: [] });
    const current = packets[packets.length - 1];
    if (current === undefined || line === '') continue;
    const hex = /^\t0x[0-9a-f]{4}:\s+(.*)$/.exec(line);
    if (hex)
      for (const word of (hex[1] as string).trim().split(/\s+/))
        current.hex.push(...(word.match(/../g) ?? []).map((b) => parseInt(b, 16)));
    else current.text.push(line);
  }
  return packets.map((p) => ({
    time: p.time,
    text: p.text.join(' ').replace(/\s+/g, ' '),
    hex: Uint8Array.from(p.hex),
  }));
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
const TCPDUMP_ETHERTYPES: Record<number, string> = {
  0x0800: 'IPv4',
  0x86dd: 'IPv6',
  0x0806: 'ARP',
  0x8100: '802.1Q',
  0x88a8: '802.1Q-QinQ',
};
const TCPDUMP_PROTOCOLS: Record<number, string> = {
  0: 'Options',
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  44: 'Fragment',
  58: 'ICMPv6',
};
const TCPDUMP_TCP_OPTIONS: Record<string, (v: string | undefined) => string> = {
  mss: (v) => `mss ${v}`,
  sackOK: () => 'sackOK',
  TS: (v) => `TS ${v}`,
  nop: () => 'nop',
  wscale: (v) => `wscale ${v}`,
  eol: () => 'eol',
};

/** What tcpdump -v -e prints for each value the decoder found, in tcpdump's words. */
function facts(packet: DecodedPacket, record: PcapRecord): string[] {
  const out: string[] = [];
  const layers = packet.layers;
  layers.forEach((l, i) => {
    const ip = [...layers.slice(0, i)].reverse().find((x) => x.kind === 'ipv4' || x.kind === 'ipv6');
    const ipEnd =
      ip?.kind === 'ipv4' ? ip.offset + ip.totalLength : ip?.kind === 'ipv6' ? ip.offset + 40 + ip.payloadLength : 0;
    out.push(...layerFacts(l, i, ipEnd, ip, record, packet));
  });
  return out;
}

function layerFacts(
  l: Layer,
  i: number,
  ipEnd: number,
  ip: Layer | undefined,
  record: PcapRecord,
  packet: DecodedPacket,
): string[] {
  const addr = ip?.kind === 'ipv4' || ip?.kind === 'ipv6' ? ip : undefined;
  switch (l.kind) {
    case 'ethernet': {
      const length = i === 0 ? record.originalLength : packet.length - l.offset;
      return [
        `${l.src} > ${l.dst}, ethertype ${TCPDUMP_ETHERTYPES[l.etherType]} (${hex4(l.etherType)}), length ${length}`,
      ];
    }
    case 'vlan':
      return [`vlan ${l.vid}, p ${l.priority}, ethertype ${TCPDUMP_ETHERTYPES[l.etherType]} (${hex4(l.etherType)})`];
    case 'arp':
      return [
        l.operation === 1
          ? `Request who-has ${l.targetIp} tell ${l.senderIp}, length 28`
          : `Reply ${l.senderIp} is-at ${l.senderMac}, length 28`,
      ];
    case 'ipv4': {
      const flags = [l.moreFragments ? '+' : '', l.dontFragment ? 'DF' : ''].filter(Boolean).join(', ') || 'none';
      const f = [
        `(tos 0x${l.tos.toString(16)}, ttl ${l.ttl}, id ${l.id}, offset ${l.fragmentOffset}, flags [${flags}], proto ${TCPDUMP_PROTOCOLS[l.protocol]} (${l.protocol}), length ${l.totalLength}`,
      ];
      for (const o of l.options) if (o.name === 'RR') f.push(`RR ${o.value?.split(' ')[0]},`);
      if (l.fragmentOffset > 0) f.push(`${l.src} > ${l.dst}: ip-proto-${l.protocol}`);
      else if (l.protocol !== 6 && l.protocol !== 17) f.push(`${l.src} > ${l.dst}: `);
      return f;
    }
    case 'ipv6': {
      const flow = l.flowLabel === 0 ? '(' : `(flowlabel 0x${l.flowLabel.toString(16).padStart(5, '0')}, `;
      const f = [
        `${flow}hlim ${l.hopLimit}, next-header ${TCPDUMP_PROTOCOLS[l.nextHeader]} (${l.nextHeader}) payload length: ${l.payloadLength}) `,
      ];
      if (l.protocol !== 6 && l.protocol !== 17) f.push(`${l.src} > ${l.dst}: `);
      for (const e of l.extensions) {
        if (e.type === 0) f.push(': HBH ');
        if (e.type === 44) {
          const [, offset, id] = /offset (\d+).*id 0x([0-9a-f]+)/.exec(e.value ?? '') ?? [];
          f.push(`frag (0x${(id ?? '').padStart(8, '0')}:${offset}|${l.offset + 40 + l.payloadLength - e.offset - 8})`);
        }
      }
      return f;
    }
    case 'icmp': {
      const length = ipEnd - l.offset;
      if (l.type === 0 || l.type === 8) return [`: ICMP ${l.typeName}, id ${l.id}, seq ${l.seq}, length ${length}`];
      if (l.type === 3 && l.code === 4)
        return [`ICMP ${l.original?.dst} unreachable - need to frag (mtu ${l.mtu}), length ${length}`];
      if (l.type === 3 && l.code === 3)
        return [`ICMP ${l.original?.dst} udp port ${l.original?.dstPort} unreachable, length ${length}`];
      if (l.type === 11 && l.code === 0) return [`ICMP time exceeded in-transit, length ${length}`];
      throw new Error(`no tcpdump wording for ICMP type ${l.type} code ${l.code} in this test`);
    }
    case 'icmpv6': {
      const length = ipEnd - l.offset;
      const f = l.checksumValid === null ? [] : [l.checksumValid ? '[icmp6 sum ok] ICMP6, ' : 'bad icmp6 cksum'];
      if (l.type === 128 || l.type === 129) f.push(`ICMP6, ${l.typeName}, id ${l.id}, seq ${l.seq}`);
      else if (l.type === 135) f.push(`ICMP6, neighbor solicitation, length ${length}, who has ${l.target}`);
      else if (l.type === 136)
        f.push(`ICMP6, neighbor advertisement, length ${length}, tgt is ${l.target}, Flags [${l.flags?.join(', ')}]`);
      else if (l.type === 133) f.push(`ICMP6, router solicitation, length ${length}`);
      else if (l.type === 134)
        f.push(
          `ICMP6, router advertisement, length ${length} hop limit ${l.curHopLimit}, Flags [${l.flags?.join(', ') || 'none'}], pref medium, router lifetime ${l.routerLifetime}s`,
        );
      else if (l.type === 143) f.push('ICMP6, multicast listener report v2');
      else if (l.type === 2) f.push(`ICMP6, packet too big, mtu ${l.mtu}`);
      else if (l.type === 1 && l.code === 4)
        f.push(`ICMP6, destination unreachable, unreachable port, ${l.original?.dst} udp port ${l.original?.dstPort}`);
      else throw new Error(`no tcpdump wording for ICMPv6 type ${l.type} in this test`);
      for (const o of l.options) {
        if (o.type === 1) f.push(`source link-address option (1), length 8 (1): ${o.value}`);
        else if (o.type === 2) f.push(`destination link-address option (2), length 8 (1): ${o.value}`);
        else if (o.type === 3) f.push(`prefix info option (3), length 32 (4): ${o.value}`);
        else if (o.type === 5) f.push(`mtu option (5), length 8 (1): ${o.value}`);
        else f.push(`unknown option (${o.type}), length ${o.length} (${o.length / 8})`);
      }
      return f;
    }
    case 'udp': {
      const f = [`${addr?.src}.${l.srcPort} > ${addr?.dst}.${l.dstPort}: `];
      if (l.dstPort !== 4789) f.push(`UDP, length ${l.udpLength - 8}`);
      return f;
    }
    case 'tcp': {
      const letters: Record<string, string> = {
        FIN: 'F',
        SYN: 'S',
        RST: 'R',
        PSH: 'P',
        ACK: '.',
        URG: 'U',
        ECE: 'E',
        CWR: 'W',
      };
      const f = [
        `${addr?.src}.${l.srcPort} > ${addr?.dst}.${l.dstPort}: Flags [${l.flagNames.map((n) => letters[n]).join('')}]`,
      ];
      if (l.payloadLength > 0) f.push(`seq ${l.seq}:${(l.seq + l.payloadLength) % 2 ** 32},`);
      else if (l.flags & 0x07) f.push(`seq ${l.seq},`);
      if (l.flags & 0x10) f.push(`ack ${l.ack},`);
      f.push(`win ${l.window},`);
      if (l.options.length > 0)
        f.push(`options [${l.options.map((o) => TCPDUMP_TCP_OPTIONS[o.name]?.(o.value) ?? o.name).join(',')}]`);
      f.push(`length ${l.payloadLength}`);
      return f;
    }
    case 'vxlan':
      return [`VXLAN, flags [${l.vniValid ? 'I' : '.'}] (0x${l.flags.toString(16).padStart(2, '0')}), vni ${l.vni}`];
    case 'payload':
    case 'truncated':
      return [];
  }
}

describe.each(FIXTURES)('%s.pcap, decoded as tcpdump reads it', (name) => {
  const file = readPcap(new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}.pcap`, import.meta.url))));
  const tcpdump = parseTcpdump(readFileSync(new URL(`./__fixtures__/${name}.txt`, import.meta.url), 'utf8'));

  it('reads every record whole, with the bytes and timestamps tcpdump printed', () => {
    expect(file.error).toBeNull();
    expect(file.trailing).toBe(0);
    expect(file.records.length).toBe(tcpdump.length);
    file.records.forEach((r, i) => {
      const t = tcpdump[i] as TcpdumpPacket;
      const digits = file.header?.nanosecond
        ? String(r.nanos).padStart(9, '0')
        : String(r.nanos / 1000).padStart(6, '0');
      expect(`${r.seconds}.${digits}`).toBe(t.time);
      expect(r.data).toEqual(t.hex);
    });
  });

  it.each(file.records.map((r, i) => [i + 1, r] as const))(
    'packet %i: every decoded value is in tcpdump’s reading',
    (i, record) => {
      const packet = decodePacket(record.data, file.header?.linkType);
      const text = (tcpdump[i - 1] as TcpdumpPacket).text;
      expect(packet.layers.filter((l) => l.kind === 'truncated')).toEqual([]);
      for (const fact of facts(packet, record)) expect(text, packet.summary).toContain(fact);
      for (const l of packet.layers) if (l.kind === 'ipv4') expect(l.checksumValid).toBe(!text.includes('bad cksum'));
    },
  );
});
