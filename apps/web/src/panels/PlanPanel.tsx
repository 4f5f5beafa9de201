import { commandLine } from '@netloom/topology';

import { documentKey, requestApply, requestPlan } from '../agent/actions';
import { useDrawingDrift } from '../agent/drawing-live';
import { useLive } from '../agent/useLive';
import { editorStore } from '../editor/store';
import { useEditor } from '../hooks/useEditor';
import { ApplyStatus } from './ApplyStatus';

const OP_LABEL = { create: 'create', update: 'change', replace: 'replace', delete: 'delete' } as const;

/** The plan before anything runs: what changes, and the exact commands. Then apply progress and drift. */
export function PlanPanel() {
  const plan = useLive((s) => s.plan);
  const planning = useLive((s) => s.planning);
  const error = useLive((s) => s.error);
  const drift = useDrawingDrift();
  const connected = useLive((s) => s.status === 'connected');
  const current = useEditor((s) => plan !== null && plan.documentKey === documentKey(s.doc));
  return (
    <section role="region" aria-label="Plan" className="dock__panel">
      {!connected && (
        <p className="hint">Not connected to an agent: open the URL that `netloom serve` printed to plan and apply.</p>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error.code}: {error.message}
        </p>
      )}
      {drift.length > 0 && (
        <div className="drift" role="group" aria-label="Drift">
          <span className="badge badge--warn">drift</span> {drift.length} object(s) no longer match:{' '}
          {drift.map((c) => `${c.op} ${c.key}`).join(', ')}
          <button type="button" disabled={!connected} onClick={() => requestPlan(editorStore.getState().doc)}>
            Repair
          </button>
        </div>
      )}
      {planning && <p>Planning…</p>}
      {plan !== null && (
        <>
          {!current && <p className="hint">The document changed since this plan: plan again before applying.</p>}
          {plan.changes.length === 0 ? (
            <p>Nothing to change: the kernel already matches the document.</p>
          ) : (
            <ul className="plan__changes" aria-label="Changes">
              {plan.changes.map((c) => (
                <li key={c.key} className={`change change--${c.op}`}>
                  <strong>{OP_LABEL[c.op]}</strong> {c.kind} {c.key}
                  {c.fields !== undefined && c.fields.length > 0 && (
                    <span className="hint"> ({c.fields.join(', ')})</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          <ol className="plan__steps" aria-label="Commands">
            {plan.steps.map((step) => (
              <li key={step.index}>
                <span className="plan__summary">{step.summary}</span>
                <code>{commandLine(step.argv)}</code>
                <span className="plan__explanation">{step.explanation}</span>
              </li>
            ))}
          </ol>
          {current && plan.steps.length > 0 && (
            <button type="button" onClick={() => requestApply(editorStore.getState().doc)}>
              Apply these {plan.steps.length} steps
            </button>
          )}
        </>
      )}
      <ApplyStatus />
    </section>
  );
}
