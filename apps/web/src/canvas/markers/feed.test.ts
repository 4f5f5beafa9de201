import { readFileSync } from 'node:fs';

import { assignMacs, readDocument, type Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import type { CaptureState, CaptureView, PacketBatch } from '../../packets/capture-store';
import type { MarkerSpec } from './classify';
import { markerEdges } from './edges';
import type { MarkerEngine } from './engine';
import { MarkerFeed } from './feed';
import { markerStore } from './marker-store';
import { echoFrame, ethernet, ipv4, udp, vxlan } from './test-frames';

function example(name: string): Document {
  const text = readFileSync(new URL(`../../../../../examples/${name}.yaml`, import.meta.url), 'utf8');
  const read = readDocument(text);
  if (!read.ok) throw new Error(name);
  return read.value;
}

/** An engine that keeps what it was given, in order. */
function recorder() {
  const added: { spec: MarkerSpec; capture: string; startMs: number }[] = [];
  const cleared: (string | undefined)[] = [];
  const engine = {
    add: (spec: MarkerSpec, capture: string, startMs: number) => added.push({ spec, capture, startMs }),
    clear: (capture?: string) => cleared.push(capture),
    showCounts: () => undefined,
  } as unknown as MarkerEngine;
  return { engine, added, cleared };
}

describe('MarkerFeed on 04-vxlan', () => {
  const doc = example('04-vxlan');
  const macs = assignMacs(doc);
  const map = markerEdges(doc, [{ id: 'tunnel:vx1:vx2', a: 'vx1', b: 'vx2' }]);
  const ws1 = { mac: macs.get('ws1-link/a') as string, ip: '192.168.42.1' };
  const ws2 = { mac: macs.get('ws2-link/a') as string, ip: '192.168.42.2' };
  const inner = echoFrame(ws1, ws2, true, 5, 1);
  const outer = new Uint8Array(
    ethernet(
      macs.get('underlay/a') as string,
      macs.get('underlay/b') as string,
      0x0800,
      ipv4('10.4.0.1', '10.4.0.2', 17, udp(40000, 4789, vxlan(42, [...inner]))),
    ),
  );
  const ifaces = [
    { netns: 'ws1', ifname: 'eth0', object: 'ws1-link/a', linkType: 1 },
    { netns: 'host1', ifname: 'underlay0', object: 'underlay/a', linkType: 1 },
    { netns: 'ws2', ifname: 'eth0', object: 'ws2-link/a', linkType: 1 },
    { netns: 'host1', ifname: 'vxlan42', object: 'vx1', linkType: 1 },
    { netns: 'host2', ifname: 'vxlan42', object: 'vx2', linkType: 1 },
  ];
  const capture: CaptureView = {
    captureId: 'c1',
    topology: 'vxlan',
    ifaces: ifaces.map((i) => ({ ...i, node: null, link: null, side: null })),
    filter: '',
    limits: { packets: 1, bytes: 1, seconds: 1 },
    mine: true,
    trace: true,
    state: 'running',
    received: 0,
    dropped: 0,
    stopped: null,
  };
  const batchOf = (list: { iface: number; data: Uint8Array }[], from = 0): PacketBatch => ({
    capture,
    packets: list.map((s, i) => ({
      seq: from + i,
      captureId: 'c1',
      iface: s.iface,
      atUs: 1_000_000 + (from + i) * 20,
      length: s.data.length,
      data: s.data,
      linkType: 1,
      summary: '',
      protocol: '',
      src: '',
      dst: '',
      outer: null,
      vni: null,
      flow: null,
    })),
  });
  // One echo request as the capture sees it, hop by hop: ws1's eth0, vx1, the underlay, vx2, ws2's eth0.
  const sightings = [
    { iface: 0, data: inner },
    { iface: 3, data: inner },
    { iface: 1, data: outer },
    { iface: 4, data: inner },
    { iface: 2, data: inner },
  ];
  for (const speed of [1, 0.1] as const) {
    it(`at ${speed}× draws the echo on every line it crossed, in order, wrapped on the underlay only`, () => {
      const { engine, added } = recorder();
      markerStore.setState({ speed });
      const feed = new MarkerFeed(engine, map, () => 0);
      feed.batch(batchOf(sightings));
      // The tunnel's two ends see the same frame: one marker.
      expect(added.map((a) => a.spec.edge)).toEqual(['ws1-link', 'tunnel:vx1:vx2', 'underlay', 'ws2-link']);
      expect(added.map((a) => a.spec.direction)).toEqual(['ab', 'ab', 'ab', 'ba']);
      expect(added.map((a) => a.spec.wrapped?.label ?? null)).toEqual([null, null, 'VNI 42 · UDP 4789', null]);
      const starts = added.map((a) => a.startMs);
      expect([...starts].sort((x, y) => x - y)).toEqual(starts);
      if (speed < 1) expect(new Set(starts).size).toBe(4);
    });
  }

  it('in slow motion draws a whole echo, request and reply, split over batches, hop by hop', () => {
    const { engine, added } = recorder();
    markerStore.setState({ speed: 0.1 });
    let now = 0;
    const feed = new MarkerFeed(engine, map, () => now);
    const reply = echoFrame(ws2, ws1, false, 5, 1);
    const outerReply = new Uint8Array(
      ethernet(
        macs.get('underlay/b') as string,
        macs.get('underlay/a') as string,
        0x0800,
        ipv4('10.4.0.2', '10.4.0.1', 17, udp(40001, 4789, vxlan(42, [...reply]))),
      ),
    );
    const all = [
      ...sightings,
      { iface: 2, data: reply },
      { iface: 4, data: reply },
      { iface: 1, data: outerReply },
      { iface: 3, data: reply },
      { iface: 0, data: reply },
    ];
    for (const [from, to] of [
      [0, 1],
      [1, 6],
      [6, 10],
    ] as const) {
      feed.batch(batchOf(all.slice(from, to), from));
      now += 100;
    }
    expect(added.map((a) => `${a.spec.edge} ${a.spec.direction}`)).toEqual([
      'ws1-link ab',
      'tunnel:vx1:vx2 ab',
      'underlay ab',
      'ws2-link ba',
      'ws2-link ab',
      'tunnel:vx1:vx2 ba',
      'underlay ba',
      'ws1-link ba',
    ]);
  });

  it('clears a capture’s markers when it stops, and all of them when none runs', () => {
    const { engine, cleared } = recorder();
    const feed = new MarkerFeed(engine, map, () => 0);
    const running: CaptureState = { captures: { c1: capture }, starting: null, startError: null, version: 1 };
    const stopped: CaptureState = { ...running, captures: { c1: { ...capture, state: 'stopped' } } };
    feed.captures(stopped, running);
    expect(cleared).toEqual(['c1', undefined]);
  });
});
