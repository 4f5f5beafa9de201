import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { liveKey, rereadNamespaces, type KernelReading } from './observe';
import { parseLinkDump, type LinkRecord } from './rtnetlink';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name));

/** An RTM_NEWNSID answer carrying `id`, as nl-relay relays it. */
function nsidFrame(id: number): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt32LE(28, 0); // nlmsg_len
  b.writeUInt16LE(88, 4); // RTM_NEWNSID
  b.writeUInt32LE(8 | (1 << 16), 20); // NETNSA_NSID attribute header: len 8, type 1
  b.writeInt32LE(id, 24);
  return b;
}

/** A relay that answers every namespace with the fixture namespace, and records what it was asked. */
function fakeRelay() {
  const asked: string[] = [];
  return {
    asked,
    relay: {
      namespace: async (nsid: number) => {
        asked.push(`j ${nsid}`);
        return fixture('fx.namespace.json');
      },
      namespaceId: async (name: string) => {
        asked.push(`I ${name}`);
        return nsidFrame(7);
      },
    },
  };
}

const record = (ifname: string): LinkRecord => ({ ...parseLinkDump(fixture('fx.links.bin'))[0]!, ifname });

describe('rereadNamespaces', () => {
  const previous: KernelReading = {
    snapshot: {
      root: [],
      namespaces: [
        { name: 'red', links: [] },
        { name: 'blue', links: [] },
      ],
    },
    live: new Map([
      [liveKey(null, 'br0'), record('br0')],
      [liveKey('red', 'eth0'), record('eth0')],
      [liveKey('blue', 'old0'), record('old0')],
    ]),
    dying: new Set(['/vgone']),
  };

  it('reads only the named namespaces and keeps the rest of the reading as it was', async () => {
    const { relay, asked } = fakeRelay();
    const next = await rereadNamespaces(relay, previous, new Set(['blue']));
    expect(asked.sort()).toEqual(['I blue', 'j 7']);
    expect(next.snapshot.namespaces[0]).toBe(previous.snapshot.namespaces[0]);
    expect(next.snapshot.root).toBe(previous.snapshot.root);
    expect(next.dying).toBe(previous.dying);
    const blue = next.snapshot.namespaces[1];
    expect(blue?.links?.map((l) => l.ifname).sort()).toEqual(
      parseLinkDump(fixture('fx.links.bin'))
        .map((l) => l.ifname)
        .sort(),
    );
    // Live records: the re-read namespace's replaced (old0 is gone), the others untouched.
    expect(next.live.has(liveKey('blue', 'old0'))).toBe(false);
    expect(next.live.get(liveKey('red', 'eth0'))).toBe(previous.live.get(liveKey('red', 'eth0')));
    expect(next.live.get(liveKey(null, 'br0'))).toBe(previous.live.get(liveKey(null, 'br0')));
    expect([...next.live.keys()].filter((k) => k.startsWith('blue/')).length).toBe(blue?.links?.length);
  });

  it('lists a namespace that lost its id without reading it, as a full reading would', async () => {
    const { relay } = fakeRelay();
    const gone = { ...relay, namespaceId: async () => Buffer.alloc(0) };
    const next = await rereadNamespaces(gone, previous, new Set(['red']));
    expect(next.snapshot.namespaces[0]).toEqual({ name: 'red' });
    expect([...next.live.keys()].some((k) => k.startsWith('red/'))).toBe(false);
  });
});
