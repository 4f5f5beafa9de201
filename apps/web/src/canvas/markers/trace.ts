import { CAPTURE_MAXIMA, type CaptureTarget } from '@netloom/protocol';

import { captureStore, startCapture, stopCapture, type CaptureState } from '../../packets/capture-store';
import { markerStore } from './marker-store';

/**
 * Trace: captures of headers only on the lines of the selection (or the whole drawing), for
 * markers without a packet list (the capture store keeps trace packets out of it). Split into
 * captures of CAPTURE_MAXIMA.interfaces interfaces, at most TRACE_CAPTURES of them (the agent runs
 * 4 per connection: one stays free for the packet list); lines past that are left out, and said.
 */

/** Enough for the outer and inner headers of a VXLAN packet over IPv6 (14+40+8+8+14+40+20). */
export const TRACE_SNAP_LENGTH = 160;
export const TRACE_CAPTURES = 3;

export function startTrace(topology: string, targets: readonly CaptureTarget[]): boolean {
  stopTrace();
  const per = CAPTURE_MAXIMA.interfaces;
  let covered = 0;
  for (let i = 0; i < targets.length && i < per * TRACE_CAPTURES; i += per) {
    const chunk = targets.slice(i, i + per).map(({ topology: _t, ...t }) => t);
    const started = startCapture({
      topology,
      targets: chunk,
      snapLength: TRACE_SNAP_LENGTH,
      limits: { packets: CAPTURE_MAXIMA.packets, seconds: CAPTURE_MAXIMA.seconds },
      trace: true,
    });
    if (!started) return false;
    covered += chunk.length;
  }
  markerStore.setState({ traceLeftOut: targets.length - covered });
  return covered > 0;
}

export function stopTrace(): void {
  for (const c of traceCaptures(captureStore.getState())) stopCapture(c.captureId);
  markerStore.setState({ traceLeftOut: 0 });
}

export const traceCaptures = (s: CaptureState) =>
  Object.values(s.captures).filter((c) => c.trace && c.state !== 'stopped');

/** Lines a running trace covers. */
export const tracedLines = (s: CaptureState): number => traceCaptures(s).reduce((n, c) => n + c.ifaces.length, 0);

/** Why the last trace stopped by itself, said plainly; null while it runs or when stopped by hand. */
export function traceEnded(s: CaptureState): string | null {
  if (traceCaptures(s).length > 0) return null;
  const ended = Object.values(s.captures).filter((c) => c.trace && c.stopped !== null);
  const last = ended[ended.length - 1]?.stopped;
  if (last === undefined || last === null) return null;
  const why = REASONS[last.reason];
  return why === null ? null : `Trace stopped: ${why}${last.detail === undefined ? '' : ` (${last.detail})`}.`;
}

const REASONS: Record<string, string | null> = {
  stopped: null,
  client: null,
  packetLimit: `it reached its limit of ${CAPTURE_MAXIMA.packets.toLocaleString('en')} packets`,
  byteLimit: 'it reached its byte limit',
  timeLimit: `it ran for its limit of ${CAPTURE_MAXIMA.seconds / 60} minutes`,
  error: 'the capture failed',
};
