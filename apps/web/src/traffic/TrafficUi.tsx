import type { AgentMessage, TrafficSummary } from '@netloom/protocol';
import { Panel, useInternalNode, useStore as useFlowStore, useStoreApi } from '@xyflow/react';
import { useLayoutEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';

import { agent } from '../agent/connection';
import { liveStore } from '../agent/live-store';
import { useAppliedTopology } from '../agent/drawing-live';
import './traffic.css';
import { trafficStore, type FlowView, type TrafficPair } from './traffic-store';
import {
  bottom,
  center,
  inflate,
  overlapArea,
  right,
  union,
  type Point,
  type Rect,
  type Size,
} from '../canvas/model/rect';

/** Loaded with the first form: the flows' answers from the agent, for the whole page's life. */
agent.listen((msg) => {
  const update = reduceFlow(msg);
  if (update !== null) trafficStore.setState({ flows: trafficStore.getState().flows.map(update) });
});
// A connection that closes ends its flows on the agent: say so on their labels.
liveStore.subscribe((s, prev) => {
  if (s.status === prev.status || s.status === 'connected') return;
  trafficStore.setState({
    flows: trafficStore
      .getState()
      .flows.map((f) => (f.ended === null ? { ...f, ended: 'ended: the connection to the agent closed' } : f)),
  });
});

const mbit = (bps: number) => `${(bps / 1e6).toFixed(bps >= 1e8 ? 0 : 1)} Mbit/s`;
const ms = (v: number) => `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`;

/** The change one agent message makes to the flow it is about, or null. */
export function reduceFlow(msg: AgentMessage): ((f: FlowView) => FlowView) | null {
  switch (msg.type) {
    case 'trafficStarted':
      return (f) => (f.requestId === msg.id ? { ...f, trafficId: msg.trafficId, address: msg.address } : f);
    case 'error':
      return (f) => (f.requestId === msg.id && f.ended === null ? { ...f, ended: `refused: ${msg.message}` } : f);
    case 'trafficResult': {
      const r = msg.result;
      return (f) => {
        if (f.trafficId !== msg.trafficId) return f;
        if (r.kind === 'ping') {
          const lost = r.sent - r.received;
          const figure =
            r.status === 'reply' && r.rttMs !== undefined
              ? ms(r.rttMs)
              : r.status === 'timeout'
                ? 'no reply'
                : (r.detail ?? 'unreachable');
          return {
            ...f,
            figure,
            loss: `${r.sent === 0 ? 0 : Math.round((lost / r.sent) * 100)}% loss (${lost} of ${r.sent})`,
          };
        }
        // UDP's loss is the receiver's to say; TCP's rate is best read there too, the sender's until it comes.
        if (r.side === 'sender' && f.figure !== '…' && f.label.startsWith('UDP')) return f;
        const loss =
          r.lost !== undefined && r.datagrams !== undefined
            ? `${r.datagrams === 0 ? 0 : ((r.lost / r.datagrams) * 100).toFixed(1)}% loss`
            : r.retransmits !== undefined
              ? `${r.retransmits} retransmits`
              : f.loss;
        return { ...f, figure: mbit(r.bitsPerSecond), loss };
      };
    }
    case 'trafficStopped':
      return (f) =>
        f.trafficId === msg.trafficId
          ? { ...f, ended: `${endReason(msg.reason, msg.detail)}${summaryText(msg.summary)}` }
          : f;
    default:
      return null;
  }
}

function endReason(reason: string, detail: string | undefined): string {
  if (reason === 'error') return `failed: ${detail ?? 'see the agent log'}`;
  return reason === 'done' ? 'done' : reason === 'stopped' ? 'stopped' : `ended (${reason})`;
}

function summaryText(s: TrafficSummary): string {
  if (s.kind === 'ping')
    return s.sent === 0
      ? ''
      : ` · ${s.received}/${s.sent} replies, ${s.lossPercent}% loss${s.rttAvgMs === undefined ? '' : `, avg ${ms(s.rttAvgMs)}`}`;
  const side = s.receiver ?? s.sender;
  if (side === undefined) return '';
  const loss =
    side.lost !== undefined && side.datagrams ? `, ${((side.lost / side.datagrams) * 100).toFixed(1)}% loss` : '';
  return ` · ${mbit(side.bitsPerSecond)} over ${side.seconds} s${loss}`;
}

/** The form for a ping stream or an iperf3 flow between the two namespaces; Start sends it. */
export function TrafficDialog() {
  const dialog = useStore(trafficStore, (s) => s.dialog);
  const topology = useAppliedTopology();
  if (dialog === null) return null;
  const close = () => trafficStore.setState({ dialog: null });
  return (
    <div role="dialog" aria-label={dialog.kind === 'ping' ? 'Ping' : 'iperf3'} className="dialog traffic-dialog">
      <h2>
        {dialog.kind === 'ping' ? 'Ping' : 'iperf3'} {dialog.pair.from.netns} → {dialog.pair.to.netns}
      </h2>
      {topology === null ? (
        <p role="alert">This drawing is not applied: apply it first.</p>
      ) : dialog.kind === 'ping' ? (
        <PingForm pair={dialog.pair} topology={topology} onDone={close} />
      ) : (
        <IperfForm pair={dialog.pair} topology={topology} onDone={close} />
      )}
      <div className="dialog__actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </div>
  );
}

type FormProps = { pair: TrafficPair; topology: string; onDone: () => void };

function start(props: FormProps, kind: FlowView['kind'], label: string, traffic: Parameters<typeof sendStart>[1]) {
  const requestId = sendStart(props, traffic);
  if (requestId === null) return;
  const flow: FlowView = {
    requestId,
    kind,
    label,
    from: props.pair.from,
    to: props.pair.to,
    trafficId: null,
    address: null,
    figure: '…',
    loss: '',
    ended: null,
  };
  // One label per pair: a new flow between the same two takes the place of an ended one.
  const others = trafficStore.getState().flows.filter((f) => f.ended === null || !samePair(f, flow));
  trafficStore.setState({ flows: [...others, flow] });
  props.onDone();
}

const samePair = (a: FlowView, b: FlowView) => a.from.id === b.from.id && a.to.id === b.to.id;

function sendStart(
  { pair, topology }: FormProps,
  traffic: Extract<Parameters<typeof agent.send>[0], { type: 'trafficStart' }>['traffic'],
): string | null {
  return agent.send({ type: 'trafficStart', topology, from: pair.from.netns, to: pair.to.netns, traffic });
}

function PingForm(props: FormProps) {
  const [intervalMs, setInterval] = useState(1000);
  const [size, setSize] = useState(56);
  const [df, setDf] = useState(false);
  const [seconds, setSeconds] = useState(60);
  return (
    <form
      className="traffic-form"
      onSubmit={(e) => {
        e.preventDefault();
        start(props, 'ping', `${size} B${df ? ' · DF' : ''} · every ${intervalMs} ms`, {
          kind: 'ping',
          intervalMs,
          size,
          dontFragment: df,
          seconds,
        });
      }}
    >
      <NumberField label="Interval (ms)" value={intervalMs} min={100} max={60000} onChange={setInterval} />
      <NumberField label="Size (bytes of payload)" value={size} min={0} max={65507} onChange={setSize} />
      <label className="traffic-form__check">
        <input type="checkbox" checked={df} onChange={(e) => setDf(e.target.checked)} />
        Don&apos;t fragment (DF): a packet over the path&apos;s MTU fails instead
      </label>
      <NumberField label="For (seconds)" value={seconds} min={1} max={3600} onChange={setSeconds} />
      <button type="submit">Start ping</button>
    </form>
  );
}

function IperfForm(props: FormProps) {
  const [protocol, setProtocol] = useState<'tcp' | 'udp'>('udp');
  const [seconds, setSeconds] = useState(10);
  const [bitrate, setBitrate] = useState(10);
  return (
    <form
      className="traffic-form"
      onSubmit={(e) => {
        e.preventDefault();
        const capped = protocol === 'udp' || bitrate > 0;
        start(props, 'iperf3', `${protocol.toUpperCase()}${capped ? ` ${bitrate} Mbit/s` : ''}`, {
          kind: 'iperf3',
          protocol,
          seconds,
          ...(capped && { bitrateMbit: bitrate }),
        });
      }}
    >
      <label>
        Protocol
        <select aria-label="Protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as 'tcp' | 'udp')}>
          <option value="udp">UDP</option>
          <option value="tcp">TCP</option>
        </select>
      </label>
      <NumberField label="For (seconds)" value={seconds} min={1} max={300} onChange={setSeconds} />
      <NumberField
        label={protocol === 'udp' ? 'Bitrate (Mbit/s)' : 'Bitrate cap (Mbit/s, 0: none)'}
        value={bitrate}
        min={protocol === 'udp' ? 0.01 : 0}
        max={10000}
        step="any"
        onChange={setBitrate}
      />
      <button type="submit">Start iperf3</button>
    </form>
  );
}

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: string;
  onChange: (v: number) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        aria-label={props.label}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        required
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
    </label>
  );
}

/** Inside React Flow: each flow's label between its two namespaces, with Stop (or dismiss once ended). */
export function TrafficLabels() {
  const flows = useStore(trafficStore, (s) => s.flows);
  return (
    <>
      {flows.map((f) => (
        <FlowLabel key={f.requestId} flow={f} />
      ))}
    </>
  );
}

function FlowLabel({ flow }: { flow: FlowView }) {
  const a = useInternalNode(flow.from.id);
  const b = useInternalNode(flow.to.id);
  const [tx, ty, zoom] = useFlowStore((s) => s.transform);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const flowStore = useStoreApi();
  const self = useRef<HTMLDivElement>(null);
  // The label's size as drawn (its text wraps; presenter view makes it larger), measured after each render.
  const [drawn, setDrawn] = useState({ width: LABEL_WIDTH, height: LABEL_HEIGHT });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- after every render: the text may have wrapped; it sets only a change
  useLayoutEffect(() => {
    const el = self.current;
    if (el === null || el.offsetHeight === 0) return;
    if (el.offsetWidth !== drawn.width || el.offsetHeight !== drawn.height)
      setDrawn({ width: el.offsetWidth, height: el.offsetHeight });
  });
  const label = <FlowBox flow={flow} />;
  // Drawn as the overview (zoomed far out), the frames are not React Flow's nodes: a corner instead.
  if (a === undefined || b === undefined) return <Panel position="bottom-left">{label}</Panel>;
  const screen = (n: NonNullable<typeof a>): Rect => {
    const { x, y } = n.internals.positionAbsolute;
    const [w, h] = [n.width ?? n.measured.width ?? 0, n.height ?? n.measured.height ?? 0];
    return { x: x * zoom + tx, y: y * zoom + ty, width: w * zoom, height: h * zoom };
  };
  const { nodeLookup, domNode, edges } = flowStore.getState();
  // Lines, as thin boxes per segment: a label over a line hides where it goes.
  const lines = edges.flatMap((e): Rect[] => {
    const points = (e.data as { points?: readonly Point[] } | undefined)?.points ?? [];
    const onScreen = points.map((p) => ({ x: p.x * zoom + tx, y: p.y * zoom + ty }));
    return onScreen.slice(1).map((q, i) =>
      inflate(
        union([
          { ...(onScreen[i] as Point), width: 0, height: 0 },
          { ...q, width: 0, height: 0 },
        ]),
        3,
      ),
    );
  });
  // Frames in view (top-level: a box's inside is the box), and the overlays (legend, zoom
  // controls, minimap, banners) and lines' labels: the label covers none of them where it can help it.
  const frames = [...nodeLookup.values()].filter((n) => n.parentId === undefined && n.hidden !== true).map(screen);
  const origin = domNode?.getBoundingClientRect();
  const overlays =
    domNode === null || origin === undefined
      ? []
      : [...domNode.querySelectorAll<HTMLElement>('.react-flow__panel, [data-overlay], .edge-label')].flatMap(
          (el): Rect[] => {
            if (el.closest('.traffic-label') !== null) return [];
            const r = el.getBoundingClientRect();
            return r.width === 0
              ? []
              : [{ x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height }];
          },
        );
  // Placed again at each render (a reply, a move of the view): lines' labels come and go with traffic.
  const { left, top } = placeLabel(screen(a), screen(b), [...frames, ...lines], overlays, drawn, { width, height });
  return (
    <div ref={self} className="traffic-label" style={{ left, top }}>
      {label}
    </div>
  );
}

/**
 * Where a flow's label goes, in screen pixels (the text keeps its size): between the two frames
 * when they stand side by side, else beside them: below, above, to the right or to the left, slid
 * along that side. The place that covers no frame and no overlay and stays on the canvas wins,
 * the nearest first; when none does, the one that covers least (an overlay or a line's label
 * counts ten times a frame or a line: hidden words are lost, a frame partly covered is still read).
 */
function placeLabel(
  p: Rect,
  q: Rect,
  /** Frames and lines. */
  frames: readonly Rect[],
  overlays: readonly Rect[],
  label: Size,
  pane: Size,
): { left: number; top: number } {
  const [w, h, gap] = [label.width, label.height, 8];
  const pair = union([p, q]);
  const centre = center(pair);
  const sideBySide = right(p) < q.x || right(q) < p.x;
  // Positions along a side, every quarter of the label, from one end of the pair to the other.
  const along = (from: number, to: number, step: number) =>
    Array.from({ length: Math.max(1, Math.floor((to - from) / step) + 1) }, (_, i) => from + i * step);
  const candidates = [
    ...(sideBySide
      ? [
          {
            left: (Math.min(right(p), right(q)) + Math.max(p.x, q.x)) / 2 - w / 2,
            top: (Math.max(p.y, q.y) + Math.min(bottom(p), bottom(q))) / 2 - h / 2,
          },
        ]
      : []),
    ...along(pair.x - w, right(pair), w / 4).flatMap((left) => [
      { left, top: bottom(pair) + gap },
      { left, top: pair.y - gap - h },
    ]),
    ...along(pair.y - h, bottom(pair), h / 4).flatMap((top) => [
      { left: right(pair) + gap, top },
      { left: pair.x - gap - w, top },
    ]),
  ];
  const onCanvas = { x: 4, y: 4, width: pane.width - 8, height: pane.height - 8 };
  const cost = ({ left, top }: { left: number; top: number }) => {
    const box = { x: left, y: top, width: w, height: h };
    const off = w * h - overlapArea(box, onCanvas);
    return (
      10 * off +
      10 * overlays.reduce((sum, o) => sum + overlapArea(box, o), 0) +
      frames.reduce((sum, f) => sum + overlapArea(box, f), 0)
    );
  };
  const distance = ({ left, top }: { left: number; top: number }) =>
    Math.hypot(left + w / 2 - centre.x, top + h / 2 - centre.y);
  let best = candidates[0] as { left: number; top: number };
  let least = [cost(best), distance(best)] as const;
  for (const c of candidates.slice(1)) {
    const k = [cost(c), distance(c)] as const;
    if (k[0] < least[0] || (k[0] === least[0] && k[1] < least[1])) [best, least] = [c, k];
  }
  return best;
}

/** The label's width (traffic.css) and about its height, until it has been drawn once. */
const LABEL_WIDTH = 220;
const LABEL_HEIGHT = 80;

function FlowBox({ flow }: { flow: FlowView }) {
  const running = flow.ended === null;
  return (
    <div
      className="traffic-box nodrag nopan"
      role="status"
      aria-label={`${flow.kind} ${flow.from.netns} to ${flow.to.netns}`}
      data-running={running || undefined}
    >
      <div className="traffic-box__head">
        {flow.kind} {flow.from.netns} → {flow.to.netns}
        {flow.address !== null && ` ${flow.address}`}
        <br />
        {flow.label}
      </div>
      {running ? (
        <div className="traffic-box__figure">
          <strong>{flow.figure}</strong> {flow.loss}
        </div>
      ) : (
        <div className="traffic-box__ended">{flow.ended}</div>
      )}
      {running ? (
        <button
          type="button"
          disabled={flow.trafficId === null}
          onClick={() => flow.trafficId !== null && agent.send({ type: 'trafficStop', trafficId: flow.trafficId })}
        >
          Stop
        </button>
      ) : (
        <button
          type="button"
          aria-label="Dismiss"
          onClick={() =>
            trafficStore.setState({
              flows: trafficStore.getState().flows.filter((f) => f.requestId !== flow.requestId),
            })
          }
        >
          ×
        </button>
      )}
    </div>
  );
}
