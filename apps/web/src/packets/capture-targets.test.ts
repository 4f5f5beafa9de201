import { readPcap } from '@netloom/packets';
import type { LinkStateEntry } from '@netloom/protocol';
import type { Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { initialLive, liveKey, type LiveState } from '../agent/live-store';
import type { CapturePacket, CaptureView } from './capture-store';
import { liveTargets, selectionObjects } from './capture-targets';
import { captureFile } from './download';

const doc = {
  version: 1,
  name: 'vxlan',
  nodes: [
    { id: 'host1', type: 'namespace', name: 'host1' },
    { id: 'host2', type: 'namespace', name: 'host2' },
    { id: 'br1', type: 'bridge', name: 'br0', namespace: 'host1' },
    { id: 'ws1', type: 'namespace', name: 'ws1' },
  ],
  links: [
    { id: 'underlay', type: 'veth', a: { node: 'host1', name: 'underlay0' }, b: { node: 'host2', name: 'underlay0' } },
    { id: 'ws1-link', type: 'veth', a: { node: 'ws1', name: 'eth0' }, b: { node: 'br1', name: 'veth-ws1' } },
  ],
} as unknown as Document;

const entry = (object: string, netns: string, ifname: string): LinkStateEntry =>
  ({
    topology: 'vxlan',
    object,
    netns,
    ifname,
    present: true,
    admin: 'up',
    oper: 'UP',
    carrier: true,
  }) as LinkStateEntry;

describe('what a selection captures', () => {
  it('is both ends of a link, a device and its ports, a namespace with its ports and devices', () => {
    expect(selectionObjects(doc, ['underlay'])).toEqual(['underlay/a', 'underlay/b']);
    expect(selectionObjects(doc, ['br1'])).toEqual(['br1', 'ws1-link/b']);
    expect(selectionObjects(doc, ['host1'])).toEqual(['br1', 'underlay/a']);
    expect(selectionObjects(doc, ['ws1', 'underlay'])).toEqual(['underlay/a', 'underlay/b', 'ws1-link/a']);
  });

  it('takes only what the kernel has as the drawing puts it', () => {
    const live: LiveState = {
      ...initialLive,
      applied: { topology: 'vxlan' },
      links: {
        [liveKey('vxlan', 'underlay/a')]: entry('underlay/a', 'host1', 'underlay0'),
        // Renamed in the kernel since: not this drawing's interface.
        [liveKey('vxlan', 'underlay/b')]: entry('underlay/b', 'host2', 'other0'),
      },
    };
    expect(liveTargets(doc, live, ['underlay/a', 'underlay/b'])).toEqual({
      targets: [{ object: 'underlay/a', netns: 'host1', ifname: 'underlay0' }],
      notApplied: ['underlay/b'],
      more: 0,
    });
  });
});

describe('the downloads', () => {
  const packet = (seq: number, iface: number, atUs: number): CapturePacket => ({
    seq,
    captureId: 'c1',
    iface,
    atUs,
    length: 60,
    data: new Uint8Array(42).fill(seq),
    linkType: 1,
    summary: '',
    protocol: 'ARP',
    src: '',
    dst: '',
    outer: null,
    vni: null,
    flow: null,
  });
  const captures = {
    c1: {
      ifaces: [
        { netns: 'host1', ifname: 'underlay0' },
        { netns: 'ws1', ifname: 'eth0' },
      ],
    } as unknown as CaptureView,
  };
  const packets = [packet(1, 0, 1_700_000_000_123_456), packet(2, 1, 1_700_000_000_223_456)];

  it('writes a pcap with every packet, its time and both lengths', () => {
    const read = readPcap(captureFile('pcap', packets, captures));
    expect(read.error).toBeNull();
    expect(read.records.map((r) => [r.seconds, r.nanos, r.data.length, r.originalLength])).toEqual([
      [1_700_000_000, 123_456_000, 42, 60],
      [1_700_000_000, 223_456_000, 42, 60],
    ]);
  });

  it('writes a pcapng naming each interface once, with its namespace', () => {
    const text = new TextDecoder('latin1').decode(captureFile('pcapng', packets, captures));
    expect(text).toContain('underlay0');
    expect(text).toContain('namespace ws1');
    expect(text.split('underlay0')).toHaveLength(2);
  });
});
