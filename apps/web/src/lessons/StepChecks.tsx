import type { CheckResult } from '@netloom/protocol';
import type { Check, Document } from '@netloom/topology';

import { requestChecks } from '../agent/actions';
import { useLive } from '../agent/useLive';
import { useEditor } from '../hooks/useEditor';
import { checksBlocked } from './check-runner';
import { describeCheck } from './describe-check';

type Mark = 'pass' | 'fail' | 'unknown';
const MARK: Record<Mark, string> = { pass: '✓', fail: '✗', unknown: '–' };
const SAID: Record<Mark, string> = { pass: 'passes', fail: 'fails', unknown: 'not checked yet' };

/**
 * A lesson step's checks with ✓/✗ as the agent last ran them (check-runner.ts runs them), the
 * reason a failure gives, and a clear "done" when every one passes.
 */
export function StepChecks({
  step,
  checks,
  challenge,
}: {
  readonly step: number;
  readonly checks: readonly Check[];
  readonly challenge: boolean;
}) {
  const doc = useEditor((s) => s.doc);
  const view = useLive((s) => s.checks[step]);
  const blocked = useLive((s) => checksBlocked(s));
  if (checks.length === 0) return null;
  const resultOf = (k: number): CheckResult | undefined =>
    blocked === null ? view?.results.find((r) => r.index === k) : undefined;
  const markOf = (k: number): Mark => {
    const r = resultOf(k);
    return r === undefined ? 'unknown' : r.ok ? 'pass' : 'fail';
  };
  const marks = checks.map((_, k) => markOf(k));
  const done = marks.every((m) => m === 'pass');
  return (
    <section className="checks" aria-label="Checks" data-done={done}>
      <div className="checks__head">
        <h4>Checks</h4>
        <span className="checks__status" role="status">
          {blocked !== null
            ? ''
            : view === undefined || (view.running && view.results.length === 0)
              ? 'checking…'
              : 'live'}
        </span>
        <button type="button" disabled={blocked !== null} onClick={() => requestChecks(doc, step)}>
          Check now
        </button>
      </div>
      {done && (
        <p className="checks__done" role="status">
          <span aria-hidden="true">✓ </span>
          {challenge ? 'Solved: every check passes.' : 'Done: every check passes.'}
        </p>
      )}
      <ul className="checks__list">
        {checks.map((check, k) => (
          <CheckRow key={k} check={check} doc={doc} mark={marks[k] ?? 'unknown'} result={resultOf(k)} />
        ))}
      </ul>
      {blocked !== null && <p className="checks__blocked">Not checked: {blocked}.</p>}
      {view?.error != null && blocked === null && <p className="checks__blocked">{view.error}</p>}
    </section>
  );
}

function CheckRow({
  check,
  doc,
  mark,
  result,
}: {
  readonly check: Check;
  readonly doc: Document;
  readonly mark: Mark;
  readonly result: CheckResult | undefined;
}) {
  const what = describeCheck(check, doc);
  // Why it failed, or what a ping took; a pass of anything else says what the line above says.
  const reason = result !== undefined && (!result.ok || check.type === 'ping') ? result.reason : undefined;
  return (
    <li className="check" data-state={mark} aria-label={`${what}: ${SAID[mark]}`}>
      <span className="check__mark" aria-hidden="true">
        {MARK[mark]}
      </span>
      <span className="check__what">
        {what}
        {reason !== undefined && <span className="check__reason">{reason}</span>}
      </span>
    </li>
  );
}
