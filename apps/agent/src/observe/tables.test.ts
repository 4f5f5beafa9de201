import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TABLE_ROW_LIMIT } from '@netloom/protocol';
import { describe, expect, it } from 'vitest';

import { NetlinkError } from './netlink-frame';
import { parseTables } from './tables';

/**
 * The fixtures are nl-relay's real answers to `T <namespace>` (capture-tables.sh) and, taken at
 * the same moment, what iproute2 prints of the same tables: the reference the decoder must agree with.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name));
const json = <T>(name: string) => JSON.parse(fixture(name).toString()) as T;
type AddrJson = { ifname: string; addr_info: { local: string; prefixlen: number; scope: string }[] }[];
type RouteJson = {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  metric?: number;
  prefsrc?: string;
}[];
type NeighJson = { dst: string; dev: string; lladdr?: string; state: string[] }[];
type FdbJson = { mac: string; ifname: string; master?: string; dst?: string; flags: string[]; state: string }[];

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

describe.each(['ta', 'tv'])('tables of namespace %s, checked against iproute2', (ns) => {
  const tables = parseTables(fixture(`tables.${ns}.bin`));

  it('has the addresses of `ip addr`', () => {
    const ref = json<AddrJson>(`tables.${ns}.addr.json`).flatMap((l) =>
      l.addr_info.map((a) => ({ ifname: l.ifname, cidr: `${a.local}/${a.prefixlen}`, scope: a.scope })),
    );
    expect(sorted([...tables.addresses])).toEqual(sorted(ref));
  });

  it('has the routes of `ip route show table main` (IPv4 and IPv6)', () => {
    const ref = [...json<RouteJson>(`tables.${ns}.route4.json`), ...json<RouteJson>(`tables.${ns}.route6.json`)].map(
      (r) => ({
        to: r.dst,
        via: r.gateway,
        dev: r.dev,
        // iproute2 leaves out `proto boot`, what `ip route add` gives.
        proto: r.protocol ?? 'boot',
        metric: r.metric,
        src: r.prefsrc,
      }),
    );
    const ours = tables.routes.map((r) => ({
      to: r.to,
      via: r.via,
      dev: r.dev,
      proto: r.proto,
      // iproute2 leaves out IPv4's metric 0.
      metric: r.metric === 0 ? undefined : r.metric,
      src: r.src,
    }));
    expect(sorted(ours)).toEqual(sorted(ref));
    expect(tables.routes.every((r) => r.kind === 'unicast')).toBe(true);
  });

  it('has the neighbours of `ip neigh`', () => {
    const ref = json<NeighJson>(`tables.${ns}.neigh.json`).map((n) => ({
      address: n.dst,
      dev: n.dev,
      mac: n.lladdr,
      state: n.state[0],
    }));
    expect(sorted(tables.neighbours.map((n) => ({ ...n, mac: n.mac })))).toEqual(sorted(ref));
  });
});

describe('forwarding databases', () => {
  it("keeps a bridge's entries (learned and its ports' own) and drops the devices' multicast lists", () => {
    const tables = parseTables(fixture('tables.root.bin'));
    const ref = json<FdbJson>('tables.root.fdb.json').filter((e) => e.master !== undefined);
    expect(sorted(tables.fdb.map((f) => ({ device: f.device, port: f.port, mac: f.mac, state: f.state })))).toEqual(
      sorted(
        ref.map((e) => ({
          device: e.master,
          port: e.ifname,
          mac: e.mac,
          state: e.state === 'permanent' ? 'permanent' : 'learned',
        })),
      ),
    );
    const learned = tables.fdb.filter((f) => f.state === 'learned');
    expect(learned).toHaveLength(2);
    for (const f of learned) expect(f.ageSec).toBeGreaterThanOrEqual(0);
  });

  it("keeps a VXLAN device's remote VTEPs: the default destination and a static entry", () => {
    const tables = parseTables(fixture('tables.tv.bin'));
    const vxlan = tables.fdb.filter((f) => f.port === undefined);
    const ref = json<FdbJson>('tables.tv.fdb.json').filter((e) => e.dst !== undefined);
    expect(sorted(vxlan.map((f) => ({ device: f.device, mac: f.mac, remote: f.remote })))).toEqual(
      sorted(ref.map((e) => ({ device: e.ifname, mac: e.mac, remote: e.dst }))),
    );
    expect(vxlan).toEqual(
      expect.arrayContaining([
        { device: 'vx42', mac: '00:00:00:00:00:00', remote: '10.8.0.2', state: 'permanent' },
        { device: 'vx42', mac: '02:00:00:00:00:42', remote: '10.8.0.3', state: 'permanent' },
      ]),
    );
    expect(vxlan).toHaveLength(2);
    // The VXLAN is also a port of brv: its own MAC is in brv's table.
    expect(tables.fdb.filter((f) => f.device === 'brv').map((f) => f.port)).toEqual(['vx42']);
  });

  it('keeps only the rows of the interfaces a filter admits (the root namespace)', () => {
    const tables = parseTables(fixture('tables.root.bin'), (_ifindex, link) => link?.ifname === 'vta');
    expect(tables.fdb).toEqual([]); // the bridge itself is not admitted
    expect(tables.addresses.map((a) => a.ifname)).toEqual(['vta']);
    const bridge = parseTables(fixture('tables.root.bin'), (_ifindex, link) => link?.ifname === 'br0');
    expect(bridge.fdb.length).toBeGreaterThan(0);
    expect(bridge.addresses.map((a) => a.cidr)).toContain('10.7.0.254/24');
    expect(bridge.routes.map((r) => r.to)).toEqual(['10.7.0.0/24', 'fe80::/64']);
  });
});

describe('limits and failures', () => {
  it('caps a table at TABLE_ROW_LIMIT rows and says it was cut', () => {
    const one = fixture('tables.ta.bin');
    const frame = Buffer.concat(Array.from({ length: Math.ceil(TABLE_ROW_LIMIT / 3) + 1 }, () => one));
    const tables = parseTables(frame);
    expect(tables.neighbours).toHaveLength(TABLE_ROW_LIMIT);
    expect(tables.truncated).toContain('neighbours');
  });

  it('throws the errno when the namespace could not be entered', () => {
    expect(() => parseTables(fixture('tables.nosuch.bin'))).toThrow(NetlinkError);
  });
});
