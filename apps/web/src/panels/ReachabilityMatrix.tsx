import { requestReachability } from '../agent/actions';
import { useAppliedTopology } from '../agent/drawing-live';
import { useLive } from '../agent/useLive';
import { editorStore } from '../editor/store';

/** One ping from every namespace to every address: a matrix of what reaches what. */
export function ReachabilityMatrix() {
  const connected = useLive((s) => s.status === 'connected');
  const result = useLive((s) => s.reachability);
  const applied = useAppliedTopology() !== null;
  const pairs = result?.pairs ?? [];
  const sources = [...new Set(pairs.map((p) => p.from ?? '(root)'))];
  const targets = [...new Map(pairs.map((p) => [p.to, p.toInterface])).entries()];
  const cell = (from: string, to: string) => pairs.find((p) => (p.from ?? '(root)') === from && p.to === to);
  return (
    <section role="region" aria-label="Reachability" className="dock__panel">
      <div className="dock__actions">
        <button
          type="button"
          disabled={!connected || !applied || result?.running === true}
          onClick={() => requestReachability(editorStore.getState().doc)}
        >
          Check reachability
        </button>
        {result?.running === true && <span>Checking…</span>}
        {connected && !applied && <span className="hint">This drawing is not applied: apply it first.</span>}
      </div>
      {pairs.length > 0 && (
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">from \ to</th>
              {targets.map(([to, where]) => (
                <th key={to} scope="col" title={where}>
                  {to}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sources.map((from) => (
              <tr key={from}>
                <th scope="row">{from}</th>
                {targets.map(([to]) => {
                  const p = cell(from, to);
                  return (
                    <td
                      key={to}
                      data-reachable={p?.reachable}
                      aria-label={`${from} to ${to}: ${p === undefined ? 'not tested' : p.reachable ? 'reachable' : 'unreachable'}`}
                    >
                      {p === undefined ? '–' : p.reachable ? `✓ ${p.rttMs?.toFixed(1) ?? ''}` : '✗'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
