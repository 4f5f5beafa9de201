import { spawnSync } from 'node:child_process';

import type { SnapshotNetns } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { NlRelay } from '../exec/nl-relay';
import { ProcessScope } from '../exec/process-scope';
import { assertSandboxed, ip, IS_ROOT, wipeSandbox } from '../testing/ip';
import { listNamespaces, liveKey, readKernel, rereadNamespaces } from './observe';
import { parseAddressDump, parseLinkDump, type LinkRecord } from './rtnetlink';
import { toSnapshotLinks } from './snapshot-links';

/**
 * readKernel reads the kernel through nl-relay's JSON (`J`); the binary dumps (`L`, `A`), decoded
 * by rtnetlink.ts, are the reference: on a kernel with every kind of device netloom knows,
 * foreign ones, and names and aliases that need escaping, both must read the same.
 */
async function binaryReading(relay: NlRelay) {
  const live = new Map<string, LinkRecord>();
  const read = async (netns: string | null, nsid: number | null) => {
    const [links, addresses] = await Promise.all([relay.request('L', nsid), relay.request('A', nsid)]);
    const records = parseLinkDump(links);
    for (const r of records) live.set(liveKey(netns, r.ifname), r);
    return toSnapshotLinks(records, parseAddressDump(addresses));
  };
  const root = await read(null, null);
  const namespaces: SnapshotNetns[] = [];
  for (const ns of await listNamespaces(relay))
    namespaces.push(ns.id === undefined ? { name: ns.name } : { name: ns.name, links: await read(ns.name, ns.id) });
  return { snapshot: { root, namespaces }, live };
}

/** Counters move between two readings (IPv6 sends on its own); everything else must not. */
const withoutCounters = (live: ReadonlyMap<string, LinkRecord>) =>
  [...live].map(([key, { counters: _, ...r }]) => [key, r] as const).sort(([a], [b]) => (a < b ? -1 : 1));

const sh = (script: string) => {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
};

describe.runIf(IS_ROOT)('reading the kernel through nl-relay JSON', () => {
  const scope = new ProcessScope();
  beforeAll(() => {
    assertSandboxed();
    wipeSandbox();
  });
  // iproute2's own JSON cannot carry the control characters of foreign0's alias: delete it first.
  afterEach(() => {
    spawnSync('ip', ['link', 'del', 'dev', 'foreign0']);
    wipeSandbox();
  });
  afterAll(() => scope.close());

  it('reads what the binary dumps read: every kind, foreign devices, odd names and aliases', async () => {
    const odd = 'we"ird\\é';
    for (const ns of ['red', 'blue', odd]) ip('netns', 'add', ns);
    ip('netns', 'add', 'no-id'); // never given an id: listed, not read
    ip('link', 'add', 'name', 'br0', 'type', 'bridge', 'stp_state', '1');
    ip('link', 'set', 'dev', 'br0', 'alias', 'netloom:t/br', 'up');
    ip('addr', 'add', '10.0.0.1/24', 'dev', 'br0');
    ip('addr', 'add', 'fd00::1/64', 'dev', 'br0');
    for (const [i, ns] of ['red', 'blue', odd].entries()) {
      ip('link', 'add', 'name', `v${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ip('link', 'set', 'dev', `v${i}`, 'master', 'br0', 'alias', `netloom:t/l${i}/b`, 'up');
      ip('-n', ns, 'link', 'set', 'dev', 'eth0', 'alias', `netloom:t/l${i}/a`, 'up');
      ip('-n', ns, 'link', 'set', 'dev', 'lo', 'alias', `netloom:t/n${i}`, 'up');
      ip('-n', ns, 'addr', 'add', `10.0.0.${i + 2}/24`, 'dev', 'eth0');
    }
    ip(
      'link',
      'add',
      'name',
      'vx4',
      'type',
      'vxlan',
      'id',
      '42',
      'dstport',
      '4789',
      'local',
      '10.0.0.1',
      'remote',
      '10.0.0.9',
      'dev',
      'br0',
    );
    ip(
      'link',
      'add',
      'name',
      'vx6',
      'type',
      'vxlan',
      'id',
      '43',
      'dstport',
      '4790',
      'local',
      'fd00::1',
      'group',
      'ff05::7',
      'dev',
      'br0',
    );
    ip('tuntap', 'add', 'dev', 'tap0', 'mode', 'tap');
    ip('tuntap', 'add', 'dev', 'tun0', 'mode', 'tun');
    for (const d of ['vx4', 'vx6', 'tap0', 'tun0']) ip('link', 'set', 'dev', d, 'alias', `netloom:t/${d}`);
    ip(
      'link',
      'add',
      'name',
      'flannel0',
      'type',
      'vxlan',
      'id',
      '1',
      'dstport',
      '8472',
      'local',
      '10.0.0.1',
      'dev',
      'br0',
    );
    // Foreign: no marker, and aliases with a quote, a backslash, control characters and bytes that are not UTF-8.
    ip('link', 'add', 'name', 'foreign0', 'type', 'bridge');
    sh(`ip link set dev foreign0 alias "$(printf 'a"b\\\\c\\001\\037\\377\\303')"`);
    sh(`ip -n red link set dev lo alias "$(printf 'netloom:t/n0\\n\\377')"`);

    const relay = new NlRelay(scope);
    const json = await readKernel(relay);
    const binary = await binaryReading(relay);
    expect(json.snapshot.namespaces.map((n) => n.name)).toEqual(['blue', 'no-id', 'red', odd]);
    expect(json.snapshot.namespaces.find((n) => n.name === 'no-id')).toEqual({ name: 'no-id' });
    expect(json.snapshot).toEqual(binary.snapshot);
    expect(withoutCounters(json.live)).toEqual(withoutCounters(binary.live));
    expect(json.live.get(liveKey(null, 'foreign0'))?.alias).toBe('a"b\\c\u0001\u001f\ufffd\ufffd');
    expect(json.live.get(liveKey(null, 'vx6'))?.info.vxlan).toMatchObject({ local: 'fd00::1', group: 'ff05::7' });
    expect(json.live.get(liveKey(null, 'flannel0'))?.info.vxlan).toMatchObject({ vni: 1, port: 8472 }); // unmarked, read for the preflight

    // Reading one namespace again gives what reading everything gives.
    ip('-n', 'blue', 'addr', 'add', '10.0.0.99/24', 'dev', 'eth0');
    const again = await rereadNamespaces(relay, json, new Set(['blue']));
    const whole = await readKernel(relay);
    expect(again.snapshot).toEqual(whole.snapshot);
    expect(withoutCounters(again.live)).toEqual(withoutCounters(whole.live));
    relay.close();
  });
});
