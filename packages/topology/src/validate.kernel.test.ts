import { describe, expect, it } from 'vitest';

import { formatPath } from './issues';
import { aDocument, aNamespace, aVeth, anEnd, problems, withField } from './testing';
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
