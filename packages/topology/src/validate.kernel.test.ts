import { describe, expect, it } from 'vitest';

import { formatPath } from './issues';
import { aBridge, aDocument, aNamespace, aTap, aTun, aVeth, aVxlan, anEnd, problems, withField } from './testing';
import { checkDocument } from './validate';

/**
 * What the kernel refuses (or silently drops) only when the plan reaches it, after the rest was
 * built: each rule here was checked against Linux 6.18 / iproute2 6.1 in a throwaway namespace
 * (docs/design.md, "Validation"). Warnings are what it takes that is probably a mistake.
 */

/** Every issue with its severity: `[path, code, 'error' | 'warning']`. */
const found = (input: unknown) =>
  checkDocument(input).issues.map((i) => [formatPath(i.path), i.code, i.severity ?? 'error']);

describe('route gateways', () => {
  const ns = (via: string, addresses = ['10.0.0.1/24', 'fd00::1/64'], dev?: string) =>
    withField(
      aDocument({ nodes: [aNamespace('ns1')], links: [aVeth('l', anEnd('ns1', 'v0', { addresses }), ['ns1', 'v1'])] }),
      ['nodes', 0, 'routes'],
      [{ to: via.includes(':') ? 'fd09::/64' : '192.168.9.0/24', via, ...(dev !== undefined && { dev }) }],
    );

  it('catalogue: a route via the subnet broadcast address is refused before any command', () => {
    expect(found(ns('10.0.0.255'))).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE', 'error']]);
    expect(found(ns('10.0.0.255', ['10.0.0.1/24'], 'v0'))).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE', 'error']]);
  });

  it.each([
    ['the limited broadcast address', '255.255.255.255'],
    ['an IPv4 multicast address', '224.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['::', '::'],
    ['an IPv6 multicast address', 'ff02::1'],
    ['an IPv6 address of the namespace itself', 'fd00::1'],
    ['the IPv6 loopback address', '::1'],
  ])('refuses %s as a gateway, which the kernel refuses', (_what, via) => {
    expect(found(ns(via))).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE', 'error']]);
  });

  it('warns of an IPv4 gateway that is the namespace own address, or its subnet network address (the kernel takes both)', () => {
    expect(found(ns('10.0.0.1'))).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE', 'warning']]);
    expect(found(ns('10.0.0.0'))).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE', 'warning']]);
  });

  it('has no broadcast or network address on a /31 or /32: both ends of a /31 are hosts', () => {
    expect(found(ns('172.16.0.0', ['172.16.0.1/31']))).toEqual([]);
  });

  it('counts nothing on-link through an IPv4 /0 address, as the kernel makes no subnet route for it', () => {
    expect(problems(ns('10.0.0.2', ['10.0.0.1/0']))).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE']]);
  });
});

describe('interface addresses', () => {
  const on = (address: string) =>
    aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [aVeth('l', anEnd('ns1', 'v0', { addresses: [address] }), ['ns2', 'v1'])],
    });

  it('catalogue: address 0.0.0.0/0 is refused before any command', () => {
    // The kernel answers `ip addr add 0.0.0.0/0` with success and keeps nothing: the apply never converges.
    expect(found(on('0.0.0.0/0'))).toEqual([['links[0].a.addresses[0]', 'BAD_ADDRESS', 'error']]);
  });

  it('catalogue: address 0.0.0.0/8 is refused before any command', () => {
    expect(found(on('0.0.0.0/8'))).toEqual([['links[0].a.addresses[0]', 'BAD_ADDRESS', 'error']]);
    expect(found(on('0.0.0.0/32'))).toEqual([['links[0].a.addresses[0]', 'BAD_ADDRESS', 'error']]);
  });

  it.each([
    ['the IPv6 unspecified address', '::/0'],
    ['the IPv6 unspecified address with a prefix', '::/64'],
    ['the IPv6 loopback address', '::1/128'],
    ['an IPv6 multicast address', 'ff02::5/64'],
  ])('refuses %s, which the kernel refuses on an interface', (_what, address) => {
    expect(found(on(address))).toEqual([['links[0].a.addresses[0]', 'BAD_ADDRESS', 'error']]);
  });

  it.each([
    ['a /0 host address (no subnet route)', '10.0.0.1/0'],
    ['an address in 0.0.0.0/8', '0.1.2.3/24'],
    ['a loopback address', '127.0.0.5/8'],
    ['a multicast address', '224.0.0.5/24'],
    ['the limited broadcast address', '255.255.255.255/32'],
    ['a subnet broadcast address', '10.0.0.255/24'],
    ['a subnet network address', '10.0.0.0/24'],
    ['an IPv6 /0 host address', 'fd00::1/0'],
    ['an IPv6 subnet-router anycast address', 'fd00::/64'],
  ])('warns of %s, which the kernel takes', (_what, address) => {
    const checked = checkDocument(on(address));
    expect(found(on(address))).toEqual([['links[0].a.addresses[0]', 'BAD_ADDRESS', 'warning']]);
    expect(checked.document).not.toBeNull();
  });

  it.each([
    '10.0.0.1/24',
    '10.0.0.0/31',
    '10.0.0.1/31',
    '10.0.0.255/32',
    '169.254.1.1/16',
    'fe80::1/64',
    'fd00::1/127',
  ])('accepts %s without a word', (address) => {
    expect(found(on(address))).toEqual([]);
  });
});

describe('MACs', () => {
  const withMac = (mac: string) =>
    aDocument({
      nodes: [aNamespace('ns1'), aBridge('br', 'br0', { mac: '02:00:00:00:00:01' })],
      links: [aVeth('l', anEnd('ns1', 'v0', { mac }), ['br', 'p0'])],
    });

  it('catalogue: MAC ff:ff:ff:ff:ff:ff is refused before any command', () => {
    expect(found(withMac('ff:ff:ff:ff:ff:ff'))).toEqual([['links[0].a.mac', 'BAD_MAC', 'error']]);
  });

  it('catalogue: MAC 01:00:5e:00:00:01 (multicast) is refused before any command', () => {
    expect(found(withMac('01:00:5e:00:00:01'))).toEqual([['links[0].a.mac', 'BAD_MAC', 'error']]);
    // Any MAC with the group bit (the lowest bit of the first byte) set.
    expect(found(withMac('03:00:00:00:00:01'))).toEqual([['links[0].a.mac', 'BAD_MAC', 'error']]);
  });

  it('catalogue: MAC 00:00:00:00:00:00 is refused before any command', () => {
    expect(found(withMac('00:00:00:00:00:00'))).toEqual([['links[0].a.mac', 'BAD_MAC', 'error']]);
  });

  it('accepts a unicast MAC, locally administered or not', () => {
    expect(found(withMac('02:00:00:00:00:02'))).toEqual([]);
    expect(found(withMac('00:11:22:33:44:55'))).toEqual([]);
  });

  it('refuses a MAC on a tun, which has none', () => {
    expect(found(aDocument({ nodes: [aTun('t', 'tun0', { mac: '02:00:00:00:00:02' })] }))).toEqual([
      ['nodes[0].mac', 'BAD_MAC', 'error'],
    ]);
  });
});

describe('MTUs', () => {
  it('catalogue: MTU 65535 on a tap is refused before any command', () => {
    expect(found(aDocument({ nodes: [aTap('t', 'tap0', { mtu: 65535 })] }))).toEqual([
      ['nodes[0].mtu', 'BAD_MTU', 'error'],
    ]);
    expect(found(aDocument({ nodes: [aTap('t', 'tap0', { mtu: 65521 })] }))).toEqual([]);
  });

  it('takes 65535 where the kernel does: veth, bridge, tun, VXLAN', () => {
    const doc = aDocument({
      nodes: [
        aNamespace('ns1'),
        aBridge('b', 'br0', { mtu: 65535 }),
        aTun('t', 'tun0', { mtu: 65535 }),
        aVxlan('x', 'vx0', 42, { mtu: 65535 }),
      ],
      links: [aVeth('l', anEnd('ns1', 'v0', { mtu: 65535 }), ['ns1', 'v1'])],
    });
    expect(found(doc)).toEqual([]);
  });

  it('catalogue: MTU 1000 on an interface with an IPv6 address is refused before any command', () => {
    const doc = (mtu: number) =>
      aDocument({
        nodes: [aNamespace('ns1')],
        links: [aVeth('l', anEnd('ns1', 'v0', { mtu, addresses: ['10.0.0.1/24', 'fd00::1/64'] }), ['ns1', 'v1'])],
      });
    expect(found(doc(1000))).toEqual([['links[0].a.mtu', 'BAD_MTU', 'error']]);
    expect(found(doc(1280))).toEqual([]);
  });

  it('catalogue: a VXLAN with MTU 9000 over a 1500-byte underlay is refused before any command', () => {
    const doc = (mtu: number, underlayMtu?: number, remote = '192.168.50.2') =>
      aDocument({
        nodes: [aNamespace('ns1'), aVxlan('x', 'vx0', 42, { namespace: 'ns1', mtu, remote, underlay: 'v0' })],
        links: [aVeth('l', anEnd('ns1', 'v0', underlayMtu === undefined ? {} : { mtu: underlayMtu }), ['ns1', 'v1'])],
      });
    expect(found(doc(9000))).toEqual([['nodes[1].mtu', 'BAD_MTU', 'error']]);
    expect(found(doc(1451))).toEqual([['nodes[1].mtu', 'BAD_MTU', 'error']]);
    expect(found(doc(1450))).toEqual([]);
    expect(found(doc(8950, 9000))).toEqual([]);
    // Over IPv6 the headers take 70 bytes.
    expect(found(doc(1431, undefined, 'fd00::2'))).toEqual([['nodes[1].mtu', 'BAD_MTU', 'error']]);
    expect(found(doc(1430, undefined, 'fd00::2'))).toEqual([]);
  });

  it('leaves a VXLAN over an interface outside the document to the kernel', () => {
    expect(
      found(aDocument({ nodes: [aVxlan('x', 'vx0', 42, { mtu: 9000, underlay: 'eth0', remote: '192.0.2.2' })] })),
    ).toEqual([]);
  });

  it('refuses IPv6 addresses on a VXLAN whose underlay leaves it less than 1280', () => {
    const doc = aDocument({
      nodes: [
        aNamespace('ns1'),
        aVxlan('x', 'vx0', 42, { namespace: 'ns1', addresses: ['fd01::1/64'], underlay: 'v0' }),
      ],
      links: [aVeth('l', anEnd('ns1', 'v0', { mtu: 1300 }), ['ns1', 'v1'])],
    });
    expect(found(doc)).toEqual([['nodes[1].addresses', 'BAD_MTU', 'error']]);
  });
});

describe('VXLAN peers', () => {
  const vx = (fields: { remote?: string; local?: string }, addresses: string[] = []) =>
    aDocument({ nodes: [aBridge('b', 'br0', { addresses }), aVxlan('x', 'vx0', 42, fields)] });

  it('catalogue: VXLAN remote 0.0.0.0 is refused before any command', () => {
    // The kernel takes it as no remote at all: the apply ran and never converged.
    expect(found(vx({ remote: '0.0.0.0' }))).toEqual([['nodes[1].remote', 'VXLAN_PEER', 'error']]);
    expect(found(vx({ remote: '::' }))).toEqual([['nodes[1].remote', 'VXLAN_PEER', 'error']]);
    expect(found(vx({ local: '0.0.0.0', remote: '192.0.2.2' }))).toEqual([['nodes[1].local', 'VXLAN_PEER', 'error']]);
  });

  it.each([
    ['loopback', { remote: '127.0.0.1' }],
    ['the IPv6 loopback', { remote: '::1' }],
    ['broadcast', { remote: '255.255.255.255' }],
    ['its own local address', { local: '192.0.2.1', remote: '192.0.2.1' }],
  ])('catalogue: a VXLAN whose remote is %s is a warning', (_what, fields) => {
    expect(found(vx(fields))).toEqual([['nodes[1].remote', 'VXLAN_PEER', 'warning']]);
  });

  it('catalogue: a VXLAN whose remote is an address of its own namespace is a warning', () => {
    expect(found(vx({ remote: '10.0.0.1' }, ['10.0.0.1/24']))).toEqual([['nodes[1].remote', 'VXLAN_PEER', 'warning']]);
  });
});
