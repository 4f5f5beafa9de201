import { commandLine } from '@netloom/topology';

import { useLive } from '../agent/useLive';

/** Apply progress, then what the kernel reports: converged, or the failed step with its stderr. */
export function ApplyStatus() {
  const apply = useLive((s) => s.apply);
  if (apply === null) return null;
  const result = apply.result;
  return (
    <div className="apply" role="status" aria-label="Apply status">
      {apply.running && (
        <>
          <progress max={Math.max(1, apply.total)} value={apply.done} aria-label="Apply progress" /> {apply.stage}{' '}
          {apply.done}/{apply.total}
        </>
      )}
      {result !== undefined && result.ok && (
        <p className="ok">
          {result.type === 'applyResult' ? 'Applied' : 'Torn down'}: {result.completed} step(s), {result.processes}{' '}
          process(es), {result.durationMs.toFixed(0)} ms.
          {result.type === 'applyResult' && result.remaining.length === 0 && ' The kernel matches the document.'}
        </p>
      )}
      {result !== undefined && !result.ok && (
        <div className="error">
          <p>
            Failed after {result.completed} of {result.total} step(s)
            {result.type === 'applyResult' && result.reason !== undefined ? ` (${result.reason})` : ''}.
          </p>
          {result.failed !== undefined && (
            <p>
              <code>{commandLine(result.failed.step.argv)}</code> exited {result.failed.exitCode} ({result.failed.code}
              ): {result.failed.stderr}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
