import { useStore } from 'zustand';

import { captureStore } from '../../packets/capture-store';
import { setSpeed, useMarkers } from './marker-store';
import { SPEEDS, speedLabel } from './schedule';
import { stopTrace, traceCaptures, tracedLines, traceEnded } from './trace';

/**
 * Beside the legend while packets are drawn: the speed (slow motion spaces markers out so a class
 * can follow one ping hop by hop), how many packets were drawn of how many seen (the rest were
 * sampled away), and Stop for a trace.
 */
export function MarkerControls() {
  const running = useStore(captureStore, (s) => Object.values(s.captures).some((c) => c.state === 'running'));
  const tracing = useStore(captureStore, (s) => traceCaptures(s).length > 0);
  const lines = useStore(captureStore, tracedLines);
  const ended = useStore(captureStore, traceEnded);
  const speed = useMarkers((s) => s.speed);
  const seen = useMarkers((s) => s.seen);
  const shown = useMarkers((s) => s.shown);
  const leftOut = useMarkers((s) => s.traceLeftOut);
  if (!running && ended === null) return null;
  return (
    <div className="marker-controls" role="group" aria-label="Packets on the canvas">
      <span>Packets{tracing && ` · tracing ${lines} line${lines === 1 ? '' : 's'}`}</span>
      <span className="marker-controls__speed" role="group" aria-label="Speed">
        {SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={speed === s}
            onClick={() => setSpeed(s)}
            title={s === 1 ? 'as they come' : 'slow motion: one flow hop by hop'}
          >
            {speedLabel(s)}
          </button>
        ))}
      </span>
      {seen > 0 && (
        <span data-testid="marker-counts" title="markers drawn of packets seen; the rest were sampled away">
          {shown.toLocaleString('en')} of {seen.toLocaleString('en')} shown
        </span>
      )}
      {tracing && leftOut > 0 && <span className="marker-controls__note">{leftOut} lines not traced</span>}
      {ended !== null && <span className="marker-controls__note">{ended}</span>}
      {tracing && (
        <button type="button" onClick={stopTrace}>
          Stop trace
        </button>
      )}
    </div>
  );
}
