import { describe, expect, it } from 'vitest';

import type { CapturePacket } from './capture-store';
import { rowMatches, showOnlyWords } from './show-only';

const packet = (over: Partial<CapturePacket>): CapturePacket => ({
  seq: 1,
  captureId: 'c1',
  iface: 0,
  atUs: 0,
  length: 148,
  data: new Uint8Array(),
  linkType: 1,
  summary: 'ICMP echo request 192.168.42.1 → 192.168.42.2 id 7 seq 1',
  protocol: 'VXLAN/ICMP',
  src: '192.168.42.1',
  dst: '192.168.42.2',
  outer: { src: '10.4.0.1', dst: '10.4.0.2' },
  vni: 42,
  flow: null,
  ...over,
});

describe('Show only', () => {
  it('splits what was typed into lower-case words, ignoring blanks', () => {
    expect(showOnlyWords('  Echo   REQUEST ')).toEqual(['echo', 'request']);
    expect(showOnlyWords('   ')).toEqual([]);
  });

  it('lists a packet only when its row has every word, in any case and order', () => {
    const echo = packet({});
    const rs = packet({
      summary: 'ICMPv6 router solicitation',
      protocol: 'VXLAN/ICMPv6',
      src: 'fe80::1',
      dst: 'ff02::2',
    });
    const words = showOnlyWords('ECHO 192.168.42.2');
    expect(rowMatches(echo, 'host1 underlay0', words)).toBe(true);
    expect(rowMatches(rs, 'host1 underlay0', words)).toBe(false);
    expect(rowMatches(echo, 'host1 underlay0', showOnlyWords('echo reply'))).toBe(false);
  });

  it('matches the outer addresses, the protocol and the interface too', () => {
    const echo = packet({});
    expect(rowMatches(echo, 'host1 underlay0', showOnlyWords('10.4.0.2'))).toBe(true);
    expect(rowMatches(echo, 'host1 underlay0', showOnlyWords('vxlan/icmp underlay0'))).toBe(true);
    expect(rowMatches(packet({ outer: null }), 'host1 underlay0', showOnlyWords('10.4.0.2'))).toBe(false);
  });

  it('lists everything when nothing is typed', () => {
    expect(rowMatches(packet({ summary: 'ARP who has 10.0.0.1' }), 'x', [])).toBe(true);
  });
});
