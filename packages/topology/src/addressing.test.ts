import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  allocateIpv4,
  canonicalCidr,
  cidrContains,
  canonicalIp,
  formatIpv6,
  ipv4Hosts,
  isMulticast,
  parseCidr,
  parseIpv4,
  parseIpv6,
  sameIpv4Subnet,
} from './addressing';

describe('parseIpv4', () => {
  it('reads dotted quads as a 32-bit number', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('0.0.0.0')).toBe(0);
  });

  it.each([
    '010.0.0.1',
    '10.0.0.01',
    '256.0.0.1',
    '10.0.0',
    '10.0.0.1.2',
    ' 10.0.0.1',
    '10.0.0.1 ',
    '0x0a.0.0.1',
    '1e1.0.0.1',
    '',
    '10..0.1',
  ])('refuses %j (no octal, no shorthand, no padding)', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });
});

describe('canonicalIp', () => {
  it.each([
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ])('writes %s as %s (RFC 5952, as the kernel reports it)', (text, canonical) => {
    expect(canonicalIp(text)).toEqual({ family: 6, address: canonical });
  });

  it('keeps IPv4 as written when it is already canonical', () => {
    expect(canonicalIp('192.0.2.7')).toEqual({ family: 4, address: '192.0.2.7' });
  });

  it.each([
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    'g::1',
    ':1::',
    '::1:2:3:4:5:6:7:8',
    'fe80::1%eth0',
    '::ffff:1.2.3.4',
    '',
  ])('refuses %j', (text) => {
    expect(canonicalIp(text)).toBeNull();
  });

  it('is idempotent and reads back what it writes, for any eight groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }),
        (groups) => {
          const text = formatIpv6(groups);
          expect(parseIpv6(text)).toEqual(groups);
          expect(canonicalIp(text)?.address).toBe(text);
          expect(text).not.toMatch(/(^|:)0[0-9a-f]/);
        },
      ),
    );
  });
});

describe('parseCidr and canonicalCidr', () => {
  it.each([0, 1, 9, 10, 24, 31, 32])('accepts the IPv4 prefix /%d', (prefix) => {
    expect(parseCidr(`10.0.0.1/${prefix}`)).toEqual({ family: 4, address: '10.0.0.1', prefix });
  });

  it('accepts every IPv6 prefix from /0 to /128', () => {
    for (let prefix = 0; prefix <= 128; prefix += 1) expect(parseCidr(`fd00::1/${prefix}`)?.prefix).toBe(prefix);
  });

  it.each([
    '10.0.0.1/33',
    'fd00::1/129',
    '10.0.0.1/024',
    '10.0.0.1/',
    '10.0.0.1',
    '10.0.0.1/-1',
    '10.0.0.1/2 4',
    '010.0.0.1/24',
    'fd00::1/1000',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });

  it('keeps host bits (an interface address, not a network) and compresses IPv6', () => {
    expect(canonicalCidr('10.0.0.1/24')).toBe('10.0.0.1/24');
    expect(canonicalCidr('FD00:0:0:0::0001/64')).toBe('fd00::1/64');
  });
});

describe('isMulticast', () => {
  it.each(['224.0.0.1', '239.255.255.255', 'ff02::1', 'FF05::1:3'])('says yes for %s', (ip) => {
    expect(isMulticast(ip)).toBe(true);
  });

  it.each(['223.255.255.255', '240.0.0.1', '10.0.0.1', 'fe80::1', 'fd00::1', 'not an ip'])('says no for %s', (ip) => {
    expect(isMulticast(ip)).toBe(false);
  });
});

describe('IPv4 subnets', () => {
  it('gives the usable hosts of a subnet, whatever host bits the CIDR carries', () => {
    expect(ipv4Hosts('10.0.0.77/24')).toEqual({ first: 0x0a000001, last: 0x0a0000fe, prefix: 24 });
    expect(ipv4Hosts('10.0.0.5/31')).toEqual({ first: 0x0a000004, last: 0x0a000005, prefix: 31 });
    expect(ipv4Hosts('10.0.0.5/32')).toEqual({ first: 0x0a000005, last: 0x0a000005, prefix: 32 });
    expect(ipv4Hosts('fd00::/64')).toBeNull();
  });

  it('allocates the next free addresses, skipping taken ones whatever their prefix', () => {
    expect(allocateIpv4('10.0.0.0/24', 3, ['10.0.0.1/24', '10.0.0.3/32'])).toEqual([
      '10.0.0.2/24',
      '10.0.0.4/24',
      '10.0.0.5/24',
    ]);
  });

  it('returns fewer addresses when the subnet runs out', () => {
    expect(allocateIpv4('10.0.0.0/30', 5, ['10.0.0.2/30'])).toEqual(['10.0.0.1/30']);
  });

  it('compares subnets by the shorter prefix', () => {
    expect(sameIpv4Subnet('10.0.0.1/24', '10.0.0.200/24')).toBe(true);
    expect(sameIpv4Subnet('10.0.0.1/24', '10.0.1.1/24')).toBe(false);
    expect(sameIpv4Subnet('10.0.0.1/16', '10.0.1.1/24')).toBe(true);
    expect(sameIpv4Subnet('fd00::1/64', 'fd00::2/64')).toBe(false);
  });
});

describe('cidrContains', () => {
  it.each([
    ['10.0.0.1/24', '10.0.0.254', true],
    ['10.0.0.1/24', '10.0.1.1', false],
    ['10.0.0.0/0', '192.0.2.1', true],
    ['192.168.7.9/30', '192.168.7.10', true],
    ['192.168.7.9/30', '192.168.7.12', false],
    ['10.0.0.9/32', '10.0.0.9', true],
    ['fd00::1/64', 'fd00::fe', true],
    ['fd00::1/64', 'fd00:0:0:1::1', false],
    ['2001:db8::a/119', '2001:db8::1ff', true],
    ['2001:db8::a/119', '2001:db8::200', false],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['::/0', 'fd00::1', true],
    ['10.0.0.1/24', 'fd00::1', false], // another IP version
    ['fd00::1/64', '10.0.0.1', false],
  ])('%s contains %s: %s', (cidr, ip, inside) => {
    expect(cidrContains(cidr, ip)).toBe(inside);
  });

  it('agrees with sameIpv4Subnet on IPv4', () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (net, host, prefix) => {
        expect(cidrContains(`${net}/${prefix}`, host)).toBe(sameIpv4Subnet(`${net}/${prefix}`, `${host}/32`));
      }),
    );
  });
});
