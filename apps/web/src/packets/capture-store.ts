import type { AgentMessage, AgentMessageOf, CaptureLimits, CaptureTarget, CapturedPacket } from '@netloom/protocol';
import { createStore } from 'zustand/vanilla';

import { agent } from '../agent/connection';
import { liveStore } from '../agent/live-store';
import { editorStore } from '../editor/store';
import { PacketRing } from './ring';
import { summarise, type PacketDecoder } from './summarise';

/**
 * The page's packet captures (issue 12, item 1), for the Packets panel and the canvas markers.
 *
 * Stable API (other modules rely on it; extend, do not change):
 * - `captureStore`: a zustand store of `CaptureState` (the captures, running or ended, the one
 *   starting and its error); `captureStore.subscribe((s, prev) => …)` for changes.
 * - `subscribePackets(listener)`: every batch of packets as it arrives, decoded and summarised,
 *   in time order within a capture; returns the unsubscribe. A paused panel still gets them.
 * - `packetRing`: the last `RING_PACKETS` packets of every capture, in arrival order (the list).
 * - `startCapture` / `stopCapture` / `clearPackets`: what the canvas and the panel do.
 *
 * A viewer page gets the presenter's captures (the agent relays them, `mine: false`) and starts none.
 */

/** Packets kept in the page, across captures: older ones go first (the agent's files are the record). */
export const RING_PACKETS = 5000;

/** Where on the canvas a captured interface is: its marker object, split into node or link end. */
export type CaptureIfaceView = {
  readonly netns: string | null;
  readonly ifname: string;
  /** The marker object: a device node id (`br0`) or a veth end (`l1/a`). */
  readonly object: string;
  readonly linkType: number;
  /** The canvas node: the device itself, or the node a veth end is attached to (null: not in the drawing). */
  readonly node: string | null;
  /** For a veth end: the link (canvas edge) id and which end. */
  readonly link: string | null;
  readonly side: 'a' | 'b' | null;
};

export type CaptureStopView = Omit<AgentMessageOf<'captureStopped'>, 'type' | 'captureId' | 'id'>;

export type CaptureView = {
  readonly captureId: string;
  readonly topology: string;
  readonly ifaces: readonly CaptureIfaceView[];
  readonly filter: string;
  readonly limits: AgentMessageOf<'captureStarted'>['limits'];
  /** Started by this page (false: the presenter's, relayed to this viewer). */
  readonly mine: boolean;
  /** A canvas trace (headers only, for the markers): its packets stay out of the packet list's ring. */
  readonly trace: boolean;
  readonly state: 'running' | 'stopping' | 'stopped';
  /** Packets received so far, and what the agent said it dropped for this page. */
  readonly received: number;
  readonly dropped: number;
  /** Set once it ended: why, and the agent's totals. */
  readonly stopped: CaptureStopView | null;
};

/** One packet as the page keeps it: its bytes and a one-line view; the full decode is made on demand. */
export type CapturePacket = {
  /** Page-wide arrival number, increasing: a stable key. */
  readonly seq: number;
  readonly captureId: string;
  /** Index into the capture's `ifaces`. */
  readonly iface: number;
  /** When the kernel saw it, microseconds since the epoch. */
  readonly atUs: number;
  /** Length on the wire (`data` may be shorter: the snap length). */
  readonly length: number;
  readonly data: Uint8Array;
  readonly linkType: number;
  /** The decoder's one line, innermost first. */
  readonly summary: string;
  /** Innermost protocol by name (`ICMP`, `TCP`, `ARP`…); `VXLAN/ICMP` for a tunnelled packet. */
  readonly protocol: string;
  /** Innermost addresses (the workloads' for a VXLAN packet), or MACs. */
  readonly src: string;
  readonly dst: string;
  /** Outermost addresses when they differ (a VXLAN packet's underlay VTEPs). */
  readonly outer: { readonly src: string; readonly dst: string } | null;
  /** The VNI of a VXLAN packet. */
  readonly vni: number | null;
  /** Same for every packet of one conversation, both directions (`flowKey`); null without addresses. */
  readonly flow: string | null;
};

export type PacketBatch = {
  readonly capture: CaptureView;
  readonly packets: readonly CapturePacket[];
};

export type CaptureState = {
  /** By capture id, in start order. */
  readonly captures: Readonly<Record<string, CaptureView>>;
  /** A captureStart waiting for its answer (its request id), or null. */
  readonly starting: string | null;
  /** Why the last start failed (the agent's words, e.g. a filter tcpdump refused), or null. */
  readonly startError: { readonly code: string; readonly message: string } | null;
  /** Bumped on every batch and clear: the list re-reads `packetRing` when it changes. */
  readonly version: number;
};

export const captureStore = createStore<CaptureState>()(() => ({
  captures: {},
  starting: null,
  startError: null,
  version: 0,
}));

export const packetRing = new PacketRing<CapturePacket>(RING_PACKETS);

type BatchListener = (batch: PacketBatch) => void;
const listeners = new Set<BatchListener>();

/** Calls `listener` with every batch of decoded packets as it arrives; returns the unsubscribe. */
export function subscribePackets(listener: BatchListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type StartOptions = {
  readonly topology: string;
  readonly targets: readonly Omit<CaptureTarget, 'topology'>[];
  /** BPF, sent as typed; the agent checks it. */
  readonly filter?: string;
  readonly limits?: CaptureLimits;
  readonly snapLength?: number;
  /** A canvas trace: the markers get its batches, the packet list does not keep them. */
  readonly trace?: boolean;
};

let nextSeq = 1;
/** What each start asked for, by request id, until its answer. */
const requested = new Map<string, StartOptions>();

/** Asks the agent to capture on these interfaces; false when not connected (or a viewer). */
export function startCapture(options: StartOptions): boolean {
  if (liveStore.getState().role !== 'control') return false;
  const filter = options.filter?.trim() ?? '';
  const id = agent.send(
    {
      type: 'captureStart',
      targets: options.targets.map((t) => ({ ...t, topology: options.topology })),
      ...(filter !== '' && { filter }),
      ...(options.limits !== undefined && { limits: options.limits }),
      ...(options.snapLength !== undefined && { snapLength: options.snapLength }),
    },
    { type: 'captureStart' },
  );
  if (id === null) return false;
  requested.set(id, options);
  captureStore.setState({ starting: id, startError: null });
  return true;
}

export function stopCapture(captureId: string): void {
  const capture = captureStore.getState().captures[captureId];
  if (capture === undefined || !capture.mine || capture.state !== 'running') return;
  if (agent.send({ type: 'captureStop', captureId }, { type: 'captureStop' }) !== null)
    update(captureId, { state: 'stopping' });
}

/** Empties the page's packets (captures keep running); ended captures are forgotten. */
export function clearPackets(): void {
  packetRing.clear();
  const captures = Object.fromEntries(
    Object.entries(captureStore.getState().captures).filter(([, c]) => c.state !== 'stopped'),
  );
  captureStore.setState((s) => ({ captures, version: s.version + 1 }));
}

/** Forgets the start error (the filter was edited). */
export function clearStartError(): void {
  if (captureStore.getState().startError !== null) captureStore.setState({ startError: null });
}

function update(captureId: string, change: Partial<CaptureView>): void {
  const capture = captureStore.getState().captures[captureId];
  if (capture === undefined) return;
  captureStore.setState((s) => ({ captures: { ...s.captures, [captureId]: { ...capture, ...change } } }));
}

// The decoder is a chunk of its own (the initial bundle stays small): loaded at the first capture,
// and batches wait for it in order.
let decoder: PacketDecoder | null = null;
let loading: Promise<void> | null = null;
const waiting: AgentMessageOf<'packets'>[] = [];

function loadDecoder(): Promise<void> {
  loading ??= import('@netloom/packets').then((m) => {
    decoder = m;
    const queued = waiting.splice(0);
    for (const msg of queued) takePackets(msg);
  });
  return loading;
}

/** Where a marker object is on the canvas: a device node, or a veth end (its link and the node it is on). */
function placeObject(object: string): Pick<CaptureIfaceView, 'node' | 'link' | 'side'> {
  const slash = object.indexOf('/');
  if (slash < 0) return { node: object, link: null, side: null };
  const linkId = object.slice(0, slash);
  const side = object.slice(slash + 1);
  if (side !== 'a' && side !== 'b') return { node: null, link: linkId, side: null };
  const link = editorStore.getState().doc.links.find((l) => l.id === linkId);
  return { node: link?.[side].node ?? null, link: linkId, side };
}

/** Turns one agent message into capture state; exported for tests (the connection calls it). */
export function handleCaptureMessage(msg: AgentMessage): void {
  switch (msg.type) {
    case 'captureStarted': {
      const asked = requested.get(msg.id);
      requested.delete(msg.id);
      const mine = asked !== undefined;
      // A viewer's relayed capture has no request here; a control page ignores others' captures.
      if (!mine && liveStore.getState().role === 'control') return;
      void loadDecoder();
      const view: CaptureView = {
        captureId: msg.captureId,
        topology: asked?.topology ?? liveStore.getState().applied?.topology ?? '',
        ifaces: msg.ifaces.map((i) => ({ ...i, ...placeObject(i.object) })),
        filter: asked?.filter?.trim() ?? '',
        limits: msg.limits,
        mine,
        trace: asked?.trace === true,
        state: 'running',
        received: 0,
        dropped: 0,
        stopped: null,
      };
      captureStore.setState((s) => ({
        captures: { ...s.captures, [msg.captureId]: view },
        ...(s.starting === msg.id && { starting: null }),
      }));
      return;
    }
    case 'packets':
      if (captureStore.getState().captures[msg.captureId] === undefined) return;
      if (decoder === null) {
        waiting.push(msg);
        void loadDecoder();
      } else takePackets(msg);
      return;
    case 'captureStopped': {
      const { type: _t, captureId, id: _id, ...stopped } = msg;
      // Packets still waiting for the decoder come first.
      const end = () => update(captureId, { state: 'stopped', stopped });
      if (waiting.length > 0 && loading !== null) void loading.then(end);
      else end();
      return;
    }
    case 'error': {
      if (msg.id === undefined || !requested.has(msg.id)) return;
      requested.delete(msg.id);
      captureStore.setState((s) => ({
        startError: { code: msg.code, message: msg.message },
        ...(s.starting === msg.id && { starting: null }),
      }));
      return;
    }
    default:
      return;
  }
}

function takePackets(msg: AgentMessageOf<'packets'>): void {
  const capture = captureStore.getState().captures[msg.captureId];
  if (capture === undefined || decoder === null) return;
  const packets = msg.packets.map((p) => toPacket(decoder as PacketDecoder, capture, p));
  if (!capture.trace) for (const p of packets) packetRing.push(p);
  const view = { ...capture, received: capture.received + packets.length, dropped: msg.dropped };
  captureStore.setState((s) => ({ captures: { ...s.captures, [msg.captureId]: view }, version: s.version + 1 }));
  const batch = { capture: view, packets };
  for (const listener of listeners) listener(batch);
}

function toPacket(d: PacketDecoder, capture: CaptureView, p: CapturedPacket): CapturePacket {
  const data = base64Bytes(p.data);
  const linkType = capture.ifaces[p.iface]?.linkType ?? 1;
  return {
    seq: nextSeq++,
    captureId: capture.captureId,
    iface: p.iface,
    atUs: p.atUs,
    length: p.length,
    data,
    linkType,
    ...summarise(d, data, linkType),
  };
}

function base64Bytes(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

let started = false;

/** Listens to the agent (once per page). A reconnect ends every capture (the agent ends a client's). */
export function startCaptureStore(): () => void {
  if (started) return () => undefined;
  started = true;
  const offMessages = agent.listen(handleCaptureMessage);
  const offLive = liveStore.subscribe((s, prev) => {
    if (prev.status === 'connected' && s.status !== 'connected') endAll();
  });
  return () => {
    started = false;
    offMessages();
    offLive();
  };
}

function endAll(): void {
  requested.clear();
  const captures = Object.fromEntries(
    Object.entries(captureStore.getState().captures).map(([id, c]) => [
      id,
      c.state === 'stopped'
        ? c
        : {
            ...c,
            state: 'stopped' as const,
            stopped: { reason: 'client' as const, packets: c.received, bytes: 0, dropped: c.dropped },
          },
    ]),
  );
  captureStore.setState({ captures, starting: null });
}
