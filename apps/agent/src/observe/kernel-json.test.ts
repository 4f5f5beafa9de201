import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { namespaceLinks, parseNamespaceJson, snapshotAddresses } from './kernel-json';
import { NetlinkError, parseAddressDump, parseLinkDump, SCOPE_LINK } from './rtnetlink';

/**
 * fx.namespace.json is nl-relay's JSON of the same namespace, taken at the same moment, as the
 * binary dumps fx.links.bin and fx.addresses.bin (__fixtures__/capture.sh): the two decoders must
 * give the same records, field for field.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name));

describe('the JSON of nl-relay', () => {
  const json = { links: namespaceLinks(parseNamespaceJson(fixture('fx.namespace.json'))) };

  it('gives the link records the binary dump gives, kinds, VXLAN settings and counters included', () => {
    const binary = parseLinkDump(fixture('fx.links.bin'));
    expect(binary.length).toBeGreaterThan(8);
    // Counters move between two dumps of a live namespace; the fixture's are all zero in both.
    expect(json.links).toEqual(binary);
    expect(JSON.stringify(json.links)).toBe(JSON.stringify(binary)); // same fields in the same order
    expect(json.links.find((l) => l.ifname === 'vx6')?.info.vxlan).toMatchObject({
      local: 'fd00::1',
      remote: 'fd00::2',
    });
    expect(json.links.find((l) => l.ifname === 'odd0')?.alias).toBe('q"u\\ote');
  });

  it("gives the address records the binary dump gives, but the kernel's own link-scope ones", () => {
    const ns = parseNamespaceJson(fixture('fx.namespace.json'));
    const all = parseAddressDump(fixture('fx.addresses.bin'));
    expect(all.some((a) => a.scope === SCOPE_LINK)).toBe(true);
    expect(snapshotAddresses(ns)).toEqual(all.filter((a) => a.scope !== SCOPE_LINK));
  });

  it('turns a refused dump into a NetlinkError with its errno, as the binary decoder does', () => {
    expect(() => namespaceLinks({ links: [], addresses: [], error: 22 })).toThrow(NetlinkError);
  });
});
