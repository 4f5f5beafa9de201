import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { formatMarker, parseMarker } from './ownership';

describe('ownership markers', () => {
  it('writes the topology and key, and the end of a veth', () => {
    expect(formatMarker('lab', 'br0')).toBe('netloom:lab/br0');
    expect(formatMarker('lab', 'l1', 'a')).toBe('netloom:lab/l1/a');
  });

  it('reads back what it writes, for any topology name, id and end', () => {
    const topology = fc.stringMatching(/^[a-z0-9-]{1,32}$/);
    const key = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    fc.assert(
      fc.property(topology, key, fc.constantFrom('a' as const, 'b' as const, null), (t, k, end) => {
        expect(parseMarker(formatMarker(t, k, end))).toEqual({ topology: t, key: k, end });
      }),
    );
  });

  it.each([
    undefined,
    '',
    'netloom:',
    'netloom:lab',
    'netloom:lab/',
    'netloom:Lab/x',
    'netloom:lab/x/c',
    'netloom:lab/x/a/b',
    'netloom:lab/x y',
    'other:lab/x',
    ' netloom:lab/x',
    'netloom:lab/x\n',
    `netloom:${'a'.repeat(33)}/x`,
    `netloom:lab/${'k'.repeat(65)}`,
  ])('treats %j as no marker (foreign)', (alias) => {
    expect(parseMarker(alias)).toBeNull();
  });
});
