import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { agent } from '../agent/connection';
import { initialLive, liveStore } from '../agent/live-store';
import {
  captureStore,
  clearPackets,
  handleCaptureMessage,
  packetRing,
  startCapture,
  subscribePackets,
  type PacketBatch,
} from './capture-store';
import { PacketRing } from './ring';

// An ICMP echo request 10.0.0.1 → 10.0.0.2 in Ethernet (98 bytes, as ping sends it).
const ECHO = Buffer.from(
  '02000000000202000000000108004500005400004000400126a60a0000010a000002' +
    '0800f7ff0001000100000000000000000000000000000000000000000000000000000000000000000000' +
    '0000000000000000000000000000000000000000000000000000000000000000',
  'hex',
).toString('base64');

const started = (id: string, captureId: string) =>
  ({
    type: 'captureStarted',
    id,
    captureId,
    ifaces: [{ netns: 'red', ifname: 'veth-red', object: 'l1/a', linkType: 1 }],
    snapLength: 2048,
    limits: { packets: 10_000, bytes: 64 << 20, seconds: 300 },
  }) as const;

describe('the capture store', () => {
  beforeEach(() => {
    liveStore.setState({ ...initialLive, status: 'connected', role: 'control' });
    captureStore.setState({ captures: {}, starting: null, startError: null, version: 0 });
    packetRing.clear();
  });
  afterEach(() => vi.restoreAllMocks());

  it('hands a trace’s batches to subscribers (the canvas markers) but keeps them out of the packet list', async () => {
    vi.spyOn(agent, 'send').mockReturnValue('r8');
    startCapture({ topology: 'bridge', targets: [{ object: 'l1/a', netns: 'red', ifname: 'veth-red' }], trace: true });
    handleCaptureMessage(started('r8', 'c8'));
    expect(captureStore.getState().captures['c8']).toMatchObject({ mine: true, trace: true });
    const batches: PacketBatch[] = [];
    const off = subscribePackets((b) => batches.push(b));
    handleCaptureMessage({
      type: 'packets',
      captureId: 'c8',
      dropped: 0,
      packets: [{ atUs: 1, iface: 0, length: 98, data: ECHO }],
    });
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    expect(packetRing.size).toBe(0);
    off();
  });

  it('keeps a capture this page started, hands each decoded batch to subscribers, and says why it stopped', async () => {
    vi.spyOn(agent, 'send').mockReturnValue('r7');
    expect(startCapture({ topology: 'bridge', targets: [{ object: 'l1/a', netns: 'red', ifname: 'veth-red' }] })).toBe(
      true,
    );
    expect(captureStore.getState().starting).toBe('r7');
    handleCaptureMessage(started('r7', 'c1'));
    const capture = captureStore.getState().captures['c1'];
    expect(capture).toMatchObject({ mine: true, state: 'running' });
    expect(capture?.ifaces[0]).toMatchObject({ link: 'l1', side: 'a', ifname: 'veth-red' });

    const batches: PacketBatch[] = [];
    const off = subscribePackets((b) => batches.push(b));
    handleCaptureMessage({
      type: 'packets',
      captureId: 'c1',
      dropped: 0,
      packets: [{ atUs: 1, iface: 0, length: 98, data: ECHO }],
    });
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    const p = batches[0]?.packets[0];
    expect(p).toMatchObject({ protocol: 'ICMP', src: '10.0.0.1', dst: '10.0.0.2', vni: null });
    expect(p?.summary).toContain('echo request');
    expect(packetRing.size).toBe(1);

    handleCaptureMessage({
      type: 'captureStopped',
      captureId: 'c1',
      reason: 'packetLimit',
      packets: 1,
      bytes: 98,
      dropped: 0,
    });
    await vi.waitFor(() => expect(captureStore.getState().captures['c1']?.state).toBe('stopped'));
    expect(captureStore.getState().captures['c1']?.stopped?.reason).toBe('packetLimit');
    clearPackets();
    expect(packetRing.size).toBe(0);
    expect(captureStore.getState().captures['c1']).toBeUndefined();
    off();
  });

  it('shows the agent refusing a filter as the start error, not as a capture', () => {
    vi.spyOn(agent, 'send').mockReturnValue('r8');
    startCapture({
      topology: 'bridge',
      targets: [{ object: 'l1/a', netns: 'red', ifname: 'veth-red' }],
      filter: 'bogus',
    });
    handleCaptureMessage({
      type: 'error',
      id: 'r8',
      code: 'FILTER_INVALID',
      message: 'tcpdump: syntax error in filter expression',
    });
    expect(captureStore.getState()).toMatchObject({
      starting: null,
      startError: { code: 'FILTER_INVALID', message: expect.stringContaining('syntax error') },
      captures: {},
    });
  });

  it('follows the presenter on a viewer page, and starts nothing there', () => {
    liveStore.setState({ role: 'viewer' });
    const send = vi.spyOn(agent, 'send');
    expect(startCapture({ topology: 'bridge', targets: [{ object: 'l1/a', netns: 'red', ifname: 'veth-red' }] })).toBe(
      false,
    );
    expect(send).not.toHaveBeenCalled();
    handleCaptureMessage(started('r1', 'c9'));
    expect(captureStore.getState().captures['c9']?.mine).toBe(false);
  });

  it('ignores another control page’s capture', () => {
    handleCaptureMessage(started('r1', 'c3'));
    expect(captureStore.getState().captures).toEqual({});
  });
});

describe('the packet ring', () => {
  it('keeps the newest `capacity` items with stable absolute indexes', () => {
    const ring = new PacketRing<number>(3);
    for (let i = 0; i < 5; i++) ring.push(i);
    expect(ring.slice()).toEqual([2, 3, 4]);
    expect([ring.first, ring.end, ring.at(1), ring.at(2)]).toEqual([2, 5, undefined, 2]);
    ring.clear();
    expect([ring.size, ring.first, ring.end]).toEqual([0, 5, 5]);
    ring.push(9);
    expect(ring.at(5)).toBe(9);
  });
});
