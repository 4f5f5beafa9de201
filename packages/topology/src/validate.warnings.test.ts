import { describe, expect, it } from 'vitest';

import { formatIssue, formatPath } from './issues';
import { aBridge, aDocument, aNamespace, aTap, aVeth, anEnd } from './testing';
import { checkDocument, validateDocument } from './validate';

/**
 * Warnings: what the kernel accepts and converges to, but a person would want pointed out. They
 * never refuse a document.
 */

const warnings = (input: unknown) =>
  checkDocument(input)
    .issues.filter((i) => i.severity === 'warning')
    .map((i) => [formatPath(i.path), i.code]);

describe('warnings never refuse', () => {
  it('returns the document with its warnings, and validateDocument accepts it', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [aVeth('l', anEnd('ns1', 'v0', { addresses: ['127.0.0.2/8'] }), ['ns2', 'v1'])],
    });
    const checked = checkDocument(doc);
    expect(checked.document).toEqual(doc);
    expect(checked.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^warning: links\[0\]\.a\.addresses\[0\]: 127\.0\.0\.2 is a loopback/),
    ]);
    expect(validateDocument(doc)).toEqual({ ok: true, value: doc });
  });

  it('reports warnings beside errors, each marked', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [aVeth('l', anEnd('ns1', 'v0', { addresses: ['224.0.0.9/24'] }), ['nope', 'v1'])],
    });
    expect(checkDocument(doc).issues.map((i) => [formatPath(i.path), i.code, i.severity ?? 'error'])).toEqual([
      ['links[0].b.node', 'MISSING_NODE', 'error'],
      ['links[0].a.addresses[0]', 'BAD_ADDRESS', 'warning'],
    ]);
  });
});

describe('one layer-2 segment', () => {
  it('catalogue: the same address twice on one layer-2 segment is a warning (a bridge and the far ends of its ports)', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2'), aBridge('br', 'br0', { addresses: ['10.0.0.254/24'] })],
      links: [
        aVeth('l1', anEnd('ns1', 'eth0', { addresses: ['10.0.0.1/24'] }), ['br', 'p1']),
        aVeth('l2', anEnd('ns2', 'eth0', { addresses: ['10.0.0.1/24'] }), ['br', 'p2']),
      ],
    });
    expect(warnings(doc)).toEqual([['links[1].a.addresses[0]', 'DUPLICATE_ADDRESS']]);
    expect(checkDocument(doc).issues[0]?.message).toMatch(/also the address of "eth0" \(links\[0\]\.a\)/);
  });

  it('warns of one address on both ends of a veth, whatever the prefix', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [
        aVeth(
          'l',
          anEnd('ns1', 'v0', { addresses: ['fd00::1/64'] }),
          anEnd('ns2', 'v1', { addresses: ['fd00::1/120'] }),
        ),
      ],
    });
    expect(warnings(doc)).toEqual([['links[0].b.addresses[0]', 'DUPLICATE_ADDRESS']]);
  });

  it('follows a segment through two bridges joined by a veth, and a tap on one of them', () => {
    const doc = aDocument({
      nodes: [
        aNamespace('ns1'),
        aBridge('b1', 'br1'),
        aBridge('b2', 'br2'),
        aTap('t', 'tap0', { master: 'b2', addresses: ['10.0.0.1/24'] }),
      ],
      links: [
        aVeth('j', ['b1', 'j1'], ['b2', 'j2']),
        aVeth('l', anEnd('ns1', 'eth0', { addresses: ['10.0.0.1/24'] }), ['b1', 'p1']),
      ],
    });
    expect(warnings(doc)).toEqual([['links[1].a.addresses[0]', 'DUPLICATE_ADDRESS']]);
  });

  it('says nothing of one address on two segments, or in two namespaces not joined', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2'), aNamespace('ns3'), aNamespace('ns4')],
      links: [
        aVeth('l1', anEnd('ns1', 'v0', { addresses: ['10.0.0.1/24'] }), ['ns2', 'v0']),
        aVeth('l2', anEnd('ns3', 'v0', { addresses: ['10.0.0.1/24'] }), ['ns4', 'v0']),
      ],
    });
    expect(warnings(doc)).toEqual([]);
  });

  it('catalogue: the same MAC twice on one bridge is a warning', () => {
    const mac = '02:00:00:00:00:07';
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2'), aBridge('br', 'br0')],
      links: [
        aVeth('l1', anEnd('ns1', 'eth0', { mac }), ['br', 'p1']),
        aVeth('l2', anEnd('ns2', 'eth0', { mac: mac.toUpperCase() }), ['br', 'p2']),
      ],
    });
    expect(warnings(doc)).toEqual([['links[1].a.mac', 'DUPLICATE_MAC']]);
  });
});

describe('other warnings', () => {
  it('catalogue: a gateway equal to the namespace own address is a warning', () => {
    const doc = aDocument({
      nodes: [aNamespace('ns1', 'ns1', { routes: [{ to: 'default', via: '10.0.0.1' }] }), aNamespace('ns2')],
      links: [aVeth('l', anEnd('ns1', 'v0', { addresses: ['10.0.0.1/24'] }), ['ns2', 'v0'])],
    });
    expect(warnings(doc)).toEqual([['nodes[0].routes[0].via', 'BAD_ROUTE']]);
  });

  it('catalogue: namespace names differing only in case are a warning', () => {
    const doc = aDocument({ nodes: [aNamespace('a', 'Red'), aNamespace('b', 'red'), aNamespace('c', 'RED')] });
    expect(warnings(doc)).toEqual([
      ['nodes[1].name', 'NAME_CASE'],
      ['nodes[2].name', 'NAME_CASE'],
    ]);
    expect(checkDocument(doc).issues[0]?.message).toMatch(/"red" differs from "Red" \(of "a"\) only in case/);
  });

  it.each([
    ['loopback', '127.0.0.1/8'],
    ['multicast', '239.1.1.1/24'],
    ['broadcast', '10.0.0.255/24'],
    ['network', '10.0.0.0/24'],
    ['unspecified-network', '0.0.0.1/24'],
  ])('catalogue: a %s address on a veth end is a warning', (_what, address) => {
    const doc = aDocument({
      nodes: [aNamespace('ns1'), aNamespace('ns2')],
      links: [aVeth('l', anEnd('ns1', 'v0', { addresses: [address] }), ['ns2', 'v0'])],
    });
    expect(warnings(doc)).toEqual([['links[0].a.addresses[0]', 'BAD_ADDRESS']]);
  });
});
