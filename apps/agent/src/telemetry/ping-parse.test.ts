import { describe, expect, it } from 'vitest';

import { parsePingLine, parseSinglePing } from './ping-parse';

describe('parsePingLine (iputils 20221126, -n -O)', () => {
  it('reads a reply with its round trip and ttl', () => {
    expect(parsePingLine('64 bytes from 10.9.0.2: icmp_seq=1 ttl=64 time=0.074 ms')).toEqual({
      kind: 'reply',
      seq: 1,
      rttMs: 0.074,
      ttl: 64,
    });
  });

  it('reads whole-millisecond and IPv6 replies', () => {
    expect(parsePingLine('64 bytes from 10.0.0.1: icmp_seq=12 ttl=63 time=12 ms')).toMatchObject({
      seq: 12,
      rttMs: 12,
    });
    expect(parsePingLine('64 bytes from fd00::1: icmp_seq=3 ttl=64 time=0.05 ms')).toMatchObject({
      kind: 'reply',
      seq: 3,
    });
  });

  it('reads a timeout from -O', () => {
    expect(parsePingLine('no answer yet for icmp_seq=5')).toEqual({ kind: 'timeout', seq: 5 });
  });

  it('reads an ICMP error with its text', () => {
    expect(parsePingLine('From 10.9.0.1 icmp_seq=6 Destination Host Unreachable')).toEqual({
      kind: 'unreachable',
      seq: 6,
      detail: 'Destination Host Unreachable',
    });
  });

  it('ignores headers, statistics and duplicates', () => {
    for (const line of [
      'PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.',
      '',
      '--- 10.9.0.2 ping statistics ---',
      '3 packets transmitted, 3 received, 0% packet loss, time 408ms',
      'rtt min/avg/max/mdev = 0.039/0.065/0.114/0.034 ms',
      '64 bytes from 10.9.0.2: icmp_seq=7 ttl=64 time=1.02 ms (DUP!)',
    ]) {
      expect(parsePingLine(line)).toBeNull();
    }
  });
});

describe('parseSinglePing', () => {
  it('finds the round trip of a one-shot ping, or null without a reply', () => {
    const ok =
      'PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.\n64 bytes from 10.9.0.2: icmp_seq=1 ttl=64 time=0.375 ms\n\n--- stats ---';
    expect(parseSinglePing(ok)).toBe(0.375);
    expect(
      parseSinglePing('PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.\n\n--- 10.9.0.2 ping statistics ---'),
    ).toBeNull();
  });
});
