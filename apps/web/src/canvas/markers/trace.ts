import { CAPTURE_MAXIMA, type AgentMessage, type CaptureTarget } from '@netloom/protocol';

import { agent } from '../../agent/connection';
import { markerStore, NO_TRACE } from './marker-store';

/**
 * Trace: a capture of headers only on the lines of the selection (or the whole drawing), for
 * markers without a packet list. Split into captures of CAPTURE_MAXIMA.interfaces interfaces,
 * at most TRACE_CAPTURES of them (the agent runs 4 per connection); lines past that are left out
 * and said so.
 */

/** Enough for the outer and inner headers of a VXLAN packet over IPv6 (14+40+8+8+14+40+20). */
export const TRACE_SNAP_LENGTH = 160;
export const TRACE_CAPTURES = 3;

export function startTrace(targets: readonly CaptureTarget[]): void {
  stopTrace();
  const per = CAPTURE_MAXIMA.interfaces;
  const chunks: CaptureTarget[][] = [];
  for (let i = 0; i < targets.length && chunks.length < TRACE_CAPTURES; i += per)
    chunks.push(targets.slice(i, i + per));
  const lines = chunks.reduce((n, c) => n + c.length, 0);
  if (lines === 0) {
    markerStore.setState({
      trace: { ...NO_TRACE, note: 'Nothing to trace: apply the drawing first (or select what is applied).' },
    });
    return;
  }
  const starting: string[] = [];
  for (const chunk of chunks) {
    const id = agent.send({
      type: 'captureStart',
      targets: chunk,
      snapLength: TRACE_SNAP_LENGTH,
      limits: { packets: CAPTURE_MAXIMA.packets, seconds: CAPTURE_MAXIMA.seconds },
    });
    if (id !== null) starting.push(id);
  }
  markerStore.setState({
    trace: {
      starting,
      captures: [],
      lines,
      leftOut: targets.length - lines,
      note: starting.length === 0 ? 'Not connected to the agent.' : null,
    },
  });
}

export function stopTrace(): void {
  const { trace } = markerStore.getState();
  for (const captureId of trace.captures) agent.send({ type: 'captureStop', captureId });
  markerStore.setState({ trace: { ...NO_TRACE } });
}

export const tracing = (): boolean => {
  const { trace } = markerStore.getState();
  return trace.starting.length > 0 || trace.captures.length > 0;
};

/** Follows the trace's own captures: their ids once started, why they stopped or were refused. */
export function traceMessage(msg: AgentMessage): void {
  const { trace } = markerStore.getState();
  if (msg.type === 'captureStarted' && trace.starting.includes(msg.id)) {
    markerStore.setState({
      trace: {
        ...trace,
        starting: trace.starting.filter((id) => id !== msg.id),
        captures: [...trace.captures, msg.captureId],
      },
    });
  } else if (msg.type === 'error' && msg.id !== undefined && trace.starting.includes(msg.id)) {
    markerStore.setState({
      trace: {
        ...trace,
        starting: trace.starting.filter((id) => id !== msg.id),
        note: `Trace refused: ${msg.message}`,
      },
    });
  } else if (msg.type === 'captureStopped' && trace.captures.includes(msg.captureId)) {
    const captures = trace.captures.filter((id) => id !== msg.captureId);
    const why = REASONS[msg.reason];
    markerStore.setState({
      trace: {
        ...trace,
        captures,
        note: why === null ? trace.note : `Trace stopped: ${why}${msg.detail === undefined ? '' : ` (${msg.detail})`}.`,
      },
    });
  }
}

const REASONS: Record<string, string | null> = {
  stopped: null,
  client: null,
  packetLimit: `it reached its limit of ${CAPTURE_MAXIMA.packets.toLocaleString('en')} packets`,
  byteLimit: 'it reached its byte limit',
  timeLimit: `it ran for its limit of ${CAPTURE_MAXIMA.seconds / 60} minutes`,
  error: 'the capture failed',
};
