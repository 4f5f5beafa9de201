import type { AgentMessage, TrafficSummary } from '@netloom/protocol';
import { Panel, useInternalNode, useStore as useFlowStore } from '@xyflow/react';
import { useState } from 'react';
import { useStore } from 'zustand';

import { agent } from '../agent/connection';
import { liveStore } from '../agent/live-store';
import { useAppliedTopology } from '../agent/drawing-live';
import './traffic.css';
import { trafficStore, type FlowView, type TrafficPair } from './traffic-store';

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
  const label = <FlowBox flow={flow} />;
  // Drawn as the overview (zoomed far out), the frames are not React Flow's nodes: a corner instead.
  if (a === undefined || b === undefined) return <Panel position="bottom-left">{label}</Panel>;
  const box = (n: NonNullable<typeof a>) => {
    const { x, y } = n.internals.positionAbsolute;
    return { x, y, right: x + (n.width ?? n.measured.width ?? 0), bottom: y + (n.height ?? n.measured.height ?? 0) };
  };
  const [p, q] = [box(a), box(b)];
  // Between the two frames when they stand side by side; below them when stacked (above when
  // that leaves the canvas), so the label covers no frame. Screen pixels: the text keeps its size.
  const sideBySide = p.right < q.x || q.right < p.x;
  const screen = (x: number, y: number) => ({ x: x * zoom + tx, y: y * zoom + ty });
  let left: number;
  let top: number;
  let shift: string;
  if (sideBySide) {
    const c = screen(
      (Math.min(p.right, q.right) + Math.max(p.x, q.x)) / 2,
      (Math.max(p.y, q.y) + Math.min(p.bottom, q.bottom)) / 2,
    );
    [left, top, shift] = [c.x, c.y, 'translate(-50%, -50%)'];
  } else {
    const below = screen((Math.min(p.x, q.x) + Math.max(p.right, q.right)) / 2, Math.max(p.bottom, q.bottom));
    const aboveY = Math.min(p.y, q.y) * zoom + ty;
    const fitsBelow = below.y + 8 + LABEL_HEIGHT <= height;
    left = Math.min(Math.max(below.x, LABEL_WIDTH / 2 + 4), width - LABEL_WIDTH / 2 - 4);
    [top, shift] = fitsBelow ? [below.y + 8, 'translateX(-50%)'] : [aboveY - 8, 'translate(-50%, -100%)'];
  }
  return (
    <div className="traffic-label" style={{ left, top, transform: shift }}>
      {label}
    </div>
  );
}

/** The label's width (traffic.css) and about its height. */
const LABEL_WIDTH = 260;
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
