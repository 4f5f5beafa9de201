import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Snapshot, SnapshotLink, Step } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { Journal, type NetnsIdentity } from './journal';

const lo: SnapshotLink = { ifindex: 1, ifname: 'lo', kind: 'loopback', up: false, mtu: 65536, addresses: [] };
const link = (ifname: string, ifindex: number, mac?: string): SnapshotLink => ({
  ifindex,
  ifname,
  kind: 'veth',
  up: false,
  mtu: 1500,
  addresses: [],
  ...(mac !== undefined && { mac }),
});
const ms = (t: number) => String(BigInt(t) * 1_000_000n);

/** A journal over a fake /run/netns: `identities` is what stat says of each name. */
function journalWith(identities: Record<string, NetnsIdentity>) {
  const dir = mkdtempSync(join(tmpdir(), 'netloom-journal-'));
  return new Journal(dir, async (name) => identities[name]);
}

const steps: Step[] = [
  { op: 'netns.add', netns: null, object: 'red', name: 'red' },
  {
    op: 'link.add',
    netns: null,
    object: 'l1',
    device: {
      kind: 'veth',
      key: 'l1',
      a: {
        netns: null,
        ifname: 'veth-red',
        mtu: undefined,
        mac: '02:aa:00:00:00:01',
        addresses: [],
        master: null,
        up: true,
      },
      b: {
        netns: 'red',
        ifname: 'eth0',
        mtu: undefined,
        mac: '02:aa:00:00:00:02',
        addresses: [],
        master: null,
        up: true,
      },
    },
  } as Step,
  {
    op: 'link.add',
    netns: null,
    object: 'tap',
    device: {
      kind: 'tap',
      key: 'tap',
      iface: { netns: null, ifname: 'tap0', mac: '02:aa:00:00:00:03', addresses: [], master: null, up: true },
    },
  } as Step,
];

describe('Journal', () => {
  it('proves an unmarked object by what it was made with, not by its name', async () => {
    const made: NetnsIdentity = { dev: '4', ino: '4026532305', ctime: ms(1_000_000) };
    const journal = journalWith({ red: made });
    await journal.record('t', steps, { netns: [], links: [] });
    await journal.noteNamespaces('t', ['red']);
    await journal.noteLinks('t', [{ netns: null, ifname: 'tap0', ifindex: 7 }]);
    const ours: Snapshot = {
      root: [lo, link('veth-red', 5, '02:AA:00:00:00:01'), { ...link('tap0', 7), kind: 'tap' }],
      namespaces: [{ name: 'red', links: [lo, link('eth0', 2, '02:aa:00:00:00:02')] }],
    };
    const proven = await journal.prove(await journal.read('t'), ours);
    expect(proven.pending).toEqual({
      netns: ['red'],
      links: [
        { netns: null, ifname: 'veth-red' },
        { netns: 'red', ifname: 'eth0' },
        { netns: null, ifname: 'tap0' },
      ],
    });
  });

  it('catalogue: the journal is trusted by name: objects someone made under its names are foreign, and their entries dropped', async () => {
    // Someone's namespace got the inode number ours had (the kernel reuses them), but later.
    const dir = mkdtempSync(join(tmpdir(), 'netloom-journal-'));
    const ours = { dev: '4', ino: '4026532305', ctime: ms(1_000_000) };
    const atApply = new Journal(dir, async () => ours);
    await atApply.record('t', steps, { netns: [], links: [] });
    await atApply.noteNamespaces('t', ['red']);
    await atApply.noteLinks('t', [{ netns: null, ifname: 'tap0', ifindex: 7 }]);
    const journal = new Journal(dir, async () => ({ ...ours, ctime: ms(9_000_000) }));
    const theirs: Snapshot = {
      root: [lo, link('veth-red', 5, '9e:11:22:33:44:55'), { ...link('tap0', 12), kind: 'tap' }],
      namespaces: [{ name: 'red', links: [lo, link('eth0', 2, '5a:00:00:00:00:01')] }],
    };
    const proven = await journal.prove(await journal.read('t'), theirs);
    expect(proven.pending).toEqual({ netns: [], links: [] });
    expect(proven.kept).toEqual({ netns: [], links: [] });
  });

  it('proves a namespace made while its identity could not be recorded only by when it was made', async () => {
    const journal = journalWith({ red: { dev: '4', ino: '1', ctime: ms(1_000_500) } });
    await journal.record('t', steps.slice(0, 1), { netns: [], links: [] });
    await journal.openWindow('t', 1_000_000);
    const snapshot: Snapshot = { root: [lo], namespaces: [{ name: 'red', links: [lo] }] };
    expect((await journal.prove(await journal.read('t'), snapshot)).pending.netns).toEqual(['red']);
    // Made a minute after its batch began: someone else's.
    const later = journalWith({ red: { dev: '4', ino: '1', ctime: ms(1_060_000) } });
    await later.record('t', steps.slice(0, 1), { netns: [], links: [] });
    await later.openWindow('t', 1_000_000);
    expect((await later.prove(await later.read('t'), snapshot)).pending.netns).toEqual([]);
  });

  it('reads a journal of an older netloom (names only) or a damaged one as proving nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netloom-journal-'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ netns: ['red'], links: [] }));
    writeFileSync(join(dir, 'cut.json'), '{"version":2,"netns":[');
    const journal = new Journal(dir, async () => undefined);
    expect(await journal.read('old')).toEqual({ netns: [], links: [] });
    expect(await journal.read('cut')).toEqual({ netns: [], links: [] });
  });
});
