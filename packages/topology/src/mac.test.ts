import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { assignMacs, fnv1a64, macKey, stableMac } from './mac';
import { aBridge, aDocument, anEnd, aNamespace, aTap, aTun, aVeth, aVxlan, arbDocument } from './testing';

const hex = (limbs: readonly number[]) => limbs.map((l) => l.toString(16).padStart(4, '0')).join('');

describe('fnv1a64', () => {
  // The reference values of the FNV specification (draft-eastlake-fnv, test vectors).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to %s', (text, expected) => {
    expect(hex(fnv1a64(text))).toBe(expected);
  });
});

describe('stableMac', () => {
  it('is locally administered and unicast, whatever it hashes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,32}$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (t, key) => {
        for (const end of [null, 'a', 'b'] as const) {
          const mac = stableMac(t, key, end);
          expect(mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
          expect(Number.parseInt(mac.slice(0, 2), 16) & 0x03).toBe(0x02);
        }
      }),
    );
  });

  it('depends on the topology, the id, the end and the attempt, and on nothing else', () => {
    const macs = [
      stableMac('lab', 'l1', 'a'),
      stableMac('lab', 'l1', 'b'),
      stableMac('lab', 'l2', 'a'),
      stableMac('lab2', 'l1', 'a'),
      stableMac('lab', 'l1', 'a', 1),
      stableMac('lab', 'l1'),
    ];
    expect(new Set(macs).size).toBe(macs.length);
    expect(stableMac('lab', 'l1', 'a')).toBe(macs[0]);
  });
});

describe('assignMacs', () => {
  const doc = aDocument({
    nodes: [
      aNamespace('red'),
      aBridge('br'),
      aTap('tap', 'tap0', { master: 'br' }),
      aTun('tun'),
      aVxlan('vx', 'vx0', 7),
    ],
    links: [aVeth('l1', anEnd('red', 'eth0'), anEnd('br', 'v-red'))],
  });

  it('gives every bridge, tap, VXLAN and veth end a MAC, and a tun none (it has no MAC)', () => {
    const macs = assignMacs(doc);
    expect([...macs.keys()].sort()).toEqual(['br', 'l1/a', 'l1/b', 'tap', 'vx']);
    expect(macs.get('l1/a')).toBe(stableMac(doc.name, 'l1', 'a'));
    expect(macs.get(macKey('br'))).toBe(stableMac(doc.name, 'br'));
  });

  it('leaves out an interface whose MAC the document sets, and derives again around that MAC', () => {
    const taken = stableMac(doc.name, 'br');
    const macs = assignMacs({
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'tap' ? { ...n, mac: taken.toUpperCase() } : n)),
    });
    expect(macs.has('tap')).toBe(false);
    expect(macs.get('br')).toBe(stableMac(doc.name, 'br', null, 1));
  });

  it('never gives two interfaces of a document the same MAC, nor one the document sets', () => {
    fc.assert(
      fc.property(arbDocument('lab'), (d) => {
        const macs = [...assignMacs(d).values()];
        const explicit = [...d.nodes, ...d.links.flatMap((l) => [l.a, l.b])].flatMap((x) =>
          'mac' in x && x.mac !== undefined ? [x.mac.toLowerCase()] : [],
        );
        expect(new Set(macs).size).toBe(macs.length);
        expect(macs.filter((m) => explicit.includes(m))).toEqual([]);
      }),
    );
  });
});
