import { SPEEDS, speedLabel } from './schedule';
import { setSpeed, useMarkers } from './marker-store';
import { stopTrace } from './trace';

/**
 * Beside the legend while packets are drawn: the speed (slow motion spaces markers out so a class
 * can follow one ping hop by hop), how many packets were drawn of how many seen (the rest were
 * sampled away), and Stop for a trace.
 */
export function MarkerControls() {
  const capturing = useMarkers((s) => s.capturing);
  const speed = useMarkers((s) => s.speed);
  const seen = useMarkers((s) => s.seen);
  const shown = useMarkers((s) => s.shown);
  const trace = useMarkers((s) => s.trace);
  const tracing = trace.captures.length > 0 || trace.starting.length > 0;
  if (capturing === 0 && !tracing && trace.note === null) return null;
  return (
    <div className="marker-controls" role="group" aria-label="Packets on the canvas">
      <span>
        Packets
        {trace.starting.length > 0
          ? ' · trace starting…'
          : trace.captures.length > 0 && ` · tracing ${trace.lines} line${trace.lines === 1 ? '' : 's'}`}
      </span>
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
      {trace.leftOut > 0 && <span className="marker-controls__note">{trace.leftOut} lines not traced</span>}
      {trace.note !== null && <span className="marker-controls__note">{trace.note}</span>}
      {tracing && (
        <button type="button" onClick={stopTrace}>
          Stop trace
        </button>
      )}
    </div>
  );
}
