import type { ProbeView } from '../agent/live-store';

/** One probe: last RTT, loss, and the recent replies. */
export function ProbeRow({ probe, onStop }: { readonly probe: ProbeView; readonly onStop: () => void }) {
  const recent = probe.replies.slice(-20);
  const lost = recent.filter((r) => r.status !== 'reply').length;
  const last = probe.replies.at(-1);
  const summary =
    last === undefined ? 'waiting…' : last.status === 'reply' ? `${last.rttMs?.toFixed(2) ?? '?'} ms` : last.status;
  return (
    <li
      className="probe"
      aria-label={`ping from ${probe.from ?? 'root'} to ${probe.to}`}
      data-status={last?.status ?? 'waiting'}
    >
      <span>
        {probe.from ?? 'root'} → {probe.to}: <strong>{summary}</strong>
        {recent.length > 0 && ` · loss ${Math.round((lost / recent.length) * 100)}% of last ${recent.length}`}
        {probe.stopped !== undefined && ` · stopped (${probe.stopped})`}
      </span>
      <span className="probe__bars" aria-hidden="true">
        {recent.map((r) => (
          <i
            key={r.seq}
            className={`probe__bar probe__bar--${r.status}`}
            style={{ height: `${r.rttMs === undefined ? 100 : Math.min(100, 10 + r.rttMs * 10)}%` }}
          />
        ))}
      </span>
      {probe.stopped === undefined && (
        <button type="button" onClick={onStop}>
          Stop
        </button>
      )}
    </li>
  );
}
