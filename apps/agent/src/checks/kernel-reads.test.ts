import { describe, expect, it } from 'vitest';

import type { Document } from '@netloom/topology';

import { fdbArgv, parseFdb, parseRoutes, pingCheckArgv, pingOutcome, pingWaitSeconds, routeArgv } from './kernel-reads';

describe('the commands checks run', () => {
  it('ping: argv only, inside the namespace, bounded, with size and DF for the MTU lessons', () => {
    expect(
      pingCheckArgv('ws1', { type: 'ping', from: 'ws1', to: '192.168.42.2', size: 1472, dontFragment: true }),
    ).toEqual([
      'ip',
      'netns',
      'exec',
      'ws1',
      'ping',
      '-n',
      '-c',
      '1',
      '-W',
      '0.5',
      '-s',
      '1472',
      '-M',
      'do',
      '--',
      '192.168.42.2',
    ]);
    expect(pingCheckArgv(null, { type: 'ping', from: 'host', to: 'fd00::1' })).toEqual([
      'ping',
      '-n',
      '-c',
      '1',
      '-W',
      '0.5',
      '--',
      'fd00::1',
    ]);
  });

  it('ping: waits half a second for its reply, longer by twice the delays the document puts on its links', () => {
    const doc = (impairments?: object) =>
      ({
        version: 1,
        name: 'lab',
        nodes: [],
        links: [
          {
            id: 'l1',
            type: 'veth',
            a: { node: 'a', name: 'e0', ...(impairments && { impairments }) },
            b: { node: 'b', name: 'e1' },
          },
        ],
      }) as unknown as Document;
    expect(pingWaitSeconds(doc())).toBe(0.5);
    expect(pingWaitSeconds(doc({ delayMs: 100, jitterMs: 20 }))).toBe(0.7);
    expect(pingWaitSeconds(doc({ delayMs: 60_000 }))).toBe(10);
    expect(pingCheckArgv('ws1', { type: 'ping', from: 'ws1', to: '10.0.0.1' }, 0.7).slice(-4)).toEqual([
      '-W',
      '0.7',
      '--',
      '10.0.0.1',
    ]);
  });

  it("route: an exact table entry for default or a CIDR (of the gateway's family), the kernel's pick for an address", () => {
    expect(routeArgv('red', 'default', '10.0.0.1').slice(-5)).toEqual(['table', 'main', 'to', 'exact', '0.0.0.0/0']);
    expect(routeArgv('red', 'default', 'fd00::1').at(-1)).toBe('::/0');
    expect(routeArgv(null, '10.9.0.0/16', undefined)).toEqual([
      'ip',
      '-j',
      'route',
      'show',
      'table',
      'main',
      'to',
      'exact',
      '10.9.0.0/16',
    ]);
    expect(routeArgv('red', '10.9.0.7', undefined)).toEqual([
      'nsenter',
      '--net=/run/netns/red',
      'ip',
      '-j',
      'route',
      'get',
      '10.9.0.7',
    ]);
    expect(fdbArgv('host1', 'br0')).toEqual([
      'nsenter',
      '--net=/run/netns/host1',
      'bridge',
      '-j',
      'fdb',
      'show',
      'br',
      'br0',
    ]);
  });
});

describe('what their output means', () => {
  it("a ping: the first reply, else the ICMP error, else ping's own complaint, else silence", () => {
    const reply =
      'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.087 ms\n';
    expect(pingOutcome('10.0.0.2', 0, reply, '')).toEqual({ replied: true, reason: 'reply from 10.0.0.2 in 0.087 ms' });
    expect(pingOutcome('10.0.0.2', 1, 'From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n', '')).toEqual({
      replied: false,
      reason: 'no reply from 10.0.0.2: Destination Host Unreachable',
    });
    expect(
      pingOutcome(
        '10.0.0.2',
        1,
        '',
        'ping: local error: message too long, mtu=1450\nping: local error: message too long, mtu=1450\n',
      ),
    ).toEqual({
      replied: false,
      reason: 'no reply from 10.0.0.2: local error: message too long, mtu=1450',
    });
    expect(pingOutcome('10.0.0.9', 1, 'PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.\n', '').reason).toBe(
      'no reply from 10.0.0.9: no reply',
    );
    expect(pingOutcome('10.0.0.9', undefined, '', '').reason).toBe('no reply from 10.0.0.9: ping did not finish');
  });

  it('routes and FDB entries, as iproute2 6.1 prints them; only learned entries count as learned', () => {
    expect(parseRoutes('[{"dst":"default","gateway":"10.0.0.2","dev":"va","flags":[]}]')).toEqual([
      { dst: 'default', gateway: '10.0.0.2', dev: 'va', flags: [] },
    ]);
    expect(parseRoutes('')).toEqual([]);
    const fdb = parseFdb(
      JSON.stringify([
        { mac: '33:33:00:00:00:01', ifname: 'br0', flags: ['self'], state: 'permanent' },
        { mac: '5A:DB:93:3F:AB:99', ifname: 'pa', flags: [], master: 'br0', state: '' },
        { mac: '1e:20:fa:b4:28:c3', ifname: 'pa', flags: [], master: 'br0', state: 'permanent' },
      ]),
    );
    expect(fdb).toEqual([
      { mac: '33:33:00:00:00:01', port: 'br0', learned: false },
      { mac: '5a:db:93:3f:ab:99', port: 'pa', learned: true },
      { mac: '1e:20:fa:b4:28:c3', port: 'pa', learned: false },
    ]);
  });
});
