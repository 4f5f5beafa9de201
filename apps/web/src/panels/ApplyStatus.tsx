import type { RollbackResult } from '@netloom/protocol';
import { commandLine } from '@netloom/topology';

import { useLive } from '../agent/useLive';

/** Apply progress, then what the kernel reports: converged, or the failed step with its stderr and how it was rolled back. */
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
          {result.type === 'applyResult' && result.failed !== undefined && (
            <RollbackNote rolledBack={result.rolledBack} />
          )}
        </div>
      )}
    </div>
  );
}

/** After a failed command: whether the topology is back as it was before the apply, or what the failed apply left. */
function RollbackNote({ rolledBack: rb }: { rolledBack: RollbackResult | undefined }) {
  if (rb === undefined) return <p>What ran was kept (not rolled back): apply again to continue from there.</p>;
  if (rb.ok) return <p>Rolled back ({rb.completed} step(s)): the kernel is as it was before this apply.</p>;
  return (
    <p>
      Rolling back failed after {rb.completed} of {rb.total} step(s)
      {rb.failed === undefined ? '' : ` (${rb.failed.stderr.trim()})`}; still different from before:{' '}
      {rb.remaining.map((c) => `${c.op} ${c.kind} ${c.key}`).join(', ')}.
    </p>
  );
}
