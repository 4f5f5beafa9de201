import { describe, expect, it } from 'vitest';

import { IFNAME_MAX_BYTES, ifnameProblem, IPROUTE2_KEYWORDS, netnsNameProblem } from './names';

describe('ifnameProblem', () => {
  it('accepts exactly 15 bytes and refuses 16 (IFNAMSIZ counts the NUL)', () => {
    expect(ifnameProblem('a'.repeat(IFNAME_MAX_BYTES))).toBeNull();
    expect(ifnameProblem('a'.repeat(16))).toMatch(/16 bytes/);
  });

  it.each([
    ['é', 2, 8],
    ['€', 3, 6],
    ['😀', 4, 4],
  ])('counts %s as %d bytes, so %d of them are too long', (ch, bytes, count) => {
    expect(ifnameProblem(ch.repeat(count))).toMatch(new RegExp(`${bytes * count} bytes`));
  });

  it('refuses a short name with a multi-byte character for its characters', () => {
    expect(ifnameProblem('vé')).toMatch(/may only use letters, digits/);
  });

  it.each(['x;touch /tmp/p', '$(id)', 'a b', 'a/b', 'a:b', 'a\tb', 'a\nb', 'a\u0000b'])(
    'refuses the characters of %j',
    (name) => {
      expect(ifnameProblem(name)).toMatch(/may only use letters, digits/);
    },
  );

  it('shows control characters escaped in the message', () => {
    expect(ifnameProblem('a\nb')).toContain('a\\nb');
  });

  it.each(['-a', '.a', '-', '.', '..'])('refuses a leading "-" or "." in %j', (name) => {
    expect(ifnameProblem(name)).toMatch(/cannot start with/);
  });

  it.each(['help', 'dev', 'all', 'Help', 'DEV', 'type', 'name', 'default'])(
    'refuses the iproute2 keyword %j, in any case',
    (name) => {
      expect(ifnameProblem(name)).toMatch(/keyword/);
    },
  );

  it('refuses the empty name', () => {
    expect(ifnameProblem('')).toMatch(/empty/);
  });

  it.each(['veth0', 'br-lan', 'eth0.100', 'a_b', 'x-', 'helper', 'device'])('accepts %j', (name) => {
    expect(ifnameProblem(name)).toBeNull();
  });

  it('lists the keywords the design names', () => {
    for (const word of ['help', 'all', 'dev', 'type', 'name']) expect(IPROUTE2_KEYWORDS.has(word)).toBe(true);
  });
});

describe('netnsNameProblem', () => {
  it('accepts 64 characters and refuses 65', () => {
    expect(netnsNameProblem('n'.repeat(64))).toBeNull();
    expect(netnsNameProblem('n'.repeat(65))).toMatch(/longer than 64/);
  });

  it.each(['$(id)', 'x;touch /tmp/p', 'a\nb', 'a/b', '-n', '.', '..', 'all', 'help', ''])('refuses %j', (name) => {
    expect(netnsNameProblem(name)).not.toBeNull();
  });

  it.each(['netns1', 'red', 'lab-1.a_b'])('accepts %j', (name) => {
    expect(netnsNameProblem(name)).toBeNull();
  });
});
