import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { NetlinkError, parseAddressDump, parseLinkDump } from './rtnetlink';
import { toSnapshotLinks } from './snapshot-links';

/**
 * The fixtures are one namespace's real rtnetlink dumps (relayed by nl-relay) and, taken at the
 * same moment, `ip -j -d addr show` of it: iproute2 is the reference our decoder must agree with.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name));
type IpJson = {
  ifname: string;
  flags: string[];
  mtu: number;
  master?: string;
  ifalias?: string;
  address?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
  addr_info: { local: string; prefixlen: number; scope: string }[];
}[];
const reference = JSON.parse(fixture('fx.ip.json').toString()) as IpJson;
const links = toSnapshotLinks(parseLinkDump(fixture('fx.links.bin')), parseAddressDump(fixture('fx.addresses.bin')));

describe('rtnetlink decoding, checked against iproute2', () => {
  it('finds the same interfaces', () => {
    expect(links.map((l) => l.ifname).sort()).toEqual(reference.map((l) => l.ifname).sort());
  });

  it.each(reference.map((r) => [r.ifname, r] as const))(
    '%s: flags, mtu, master, alias and addresses agree',
    (ifname, ref) => {
      const link = links.find((l) => l.ifname === ifname);
      expect(link).toBeDefined();
      expect(link?.up).toBe(ref.flags.includes('UP'));
      expect(link?.mtu).toBe(ref.mtu);
      expect(link?.master).toBe(ref.master);
      expect(link?.alias).toBe(ref.ifalias);
      if (ref.address !== undefined && ref.address.length === 17) expect(link?.mac).toBe(ref.address);
      const addresses = ref.addr_info
        .filter((a) => a.scope !== 'link')
        .map((a) => `${a.local}/${a.prefixlen}`)
        .sort();
      expect(link?.addresses).toEqual(addresses);
    },
  );

  it('tells tap from tun, and reads bridge STP', () => {
    expect(links.find((l) => l.ifname === 'tap0')?.kind).toBe('tap');
    expect(links.find((l) => l.ifname === 'tun0')?.kind).toBe('tun');
    expect(links.find((l) => l.ifname === 'br0')).toMatchObject({ kind: 'bridge', stp: true });
    expect(links.find((l) => l.ifname === 'lo')?.kind).toBe('loopback');
  });

  it('reads VXLAN id, port (network byte order), local, remote or group, and underlay as iproute2 does', () => {
    for (const name of ['vx42', 'vxm']) {
      const ref = reference.find((r) => r.ifname === name)?.linkinfo?.info_data ?? {};
      const vx = links.find((l) => l.ifname === name)?.vxlan;
      expect(vx).toEqual({
        vni: ref['id'],
        port: ref['port'],
        local: ref['local'],
        ...(ref['remote'] !== undefined && { remote: ref['remote'] }),
        ...(ref['group'] !== undefined && { group: ref['group'] }),
        underlay: ref['link'],
      });
    }
  });

  it("reads someone else's VXLAN too (the preflight needs its VNI and port), and no other foreign link's kind", () => {
    const dump = Buffer.from(fixture('fx.links.bin'));
    for (const name of ['vxm', 'tap0']) {
      const at = dump.indexOf(`netloom:fx/${name}\0`);
      expect(at).toBeGreaterThan(0);
      dump.write('X', at, 'latin1'); // the alias no longer is a marker: the link is foreign
    }
    const foreign = toSnapshotLinks(parseLinkDump(dump), []);
    expect(foreign.find((l) => l.ifname === 'vxm')).toMatchObject({
      kind: 'vxlan',
      vxlan: { vni: 7, port: 8472, group: '239.1.1.1' },
    });
    expect(foreign.find((l) => l.ifname === 'tap0')?.kind).toBe('other');
  });

  it('turns a kernel error answer into a NetlinkError with its errno', () => {
    const frame = Buffer.alloc(36);
    frame.writeUInt32LE(36, 0);
    frame.writeUInt16LE(2, 4); // NLMSG_ERROR
    frame.writeInt32LE(-22, 16); // -EINVAL
    expect(() => parseLinkDump(frame)).toThrow(NetlinkError);
  });

  it('ignores a truncated trailing message instead of reading past the end', () => {
    const whole = fixture('fx.links.bin');
    const cut = whole.subarray(0, whole.length - 40); // NLMSG_DONE is the last 20 bytes; this cuts into the last link
    expect(parseLinkDump(cut).length).toBeLessThan(parseLinkDump(whole).length);
  });
});
