import { documentKey, requestApply } from '../../agent/actions';
import { setLive } from '../../agent/live-store';
import { startStepThrough } from '../../agent/step-through';
import { useLive } from '../../agent/useLive';
import { editorStore } from '../../editor/store';
import { useEditor } from '../../hooks/useEditor';

const OP = { create: 'create', update: 'change', replace: 'replace', delete: 'delete' } as const;

/**
 * The agent refused an apply or a step-through until the person confirms it (`CONFIRM_REQUIRED`):
 * it would delete every object of a running topology, or replace one applied from another
 * document. Says what would go, and applies (or starts stepping) with `force` only on an explicit yes.
 */
export function ConfirmApply() {
  const confirm = useLive((s) => s.confirm);
  const docKey = useEditor((s) => documentKey(s.doc));
  const planCurrent = useLive((s) => s.plan?.documentKey === docKey);
  if (confirm === null) return null;
  const { action, topology, reasons, deletes } = confirm;
  const step = action === 'step';
  const cancel = () => setLive({ confirm: null });
  const go = () =>
    step
      ? startStepThrough(editorStore.getState().doc, { force: true })
      : requestApply(editorStore.getState().doc, { force: true });
  // The step-through runs the same commands one at a time: the same question, in its words.
  const doing = step ? 'stepping through it' : 'applying it';
  return (
    <div role="alertdialog" aria-label={step ? 'Confirm step-through' : 'Confirm apply'} className="dialog">
      <h2>
        {step ? 'Step through' : 'Apply'} over the running topology {topology}?
      </h2>
      {reasons.includes('DELETES_ALL') && (
        <p>
          This drawing keeps none of what <strong>{topology}</strong> has on this host: {doing} deletes all of it.
        </p>
      )}
      {reasons.includes('OTHER_DOCUMENT') && (
        <p>
          <strong>{topology}</strong> runs on this host from another document than this drawing (applied from a file,
          from another drawing, or changed since this drawing was applied). {step ? 'Stepping through' : 'Applying'}{' '}
          replaces it with this drawing.
        </p>
      )}
      {deletes.length > 0 && (
        <>
          <p>
            What the {step ? 'step-through' : 'apply'} deletes or replaces of {topology}:
          </p>
          <ul aria-label={`What the ${step ? 'step-through' : 'apply'} deletes or replaces`}>
            {deletes.map((c) => (
              <li key={`${c.op}:${c.key}`}>
                {OP[c.op]} {c.kind} {c.key}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="hint">
        To keep {topology} as it is, cancel: rename this drawing&apos;s topology, or open the running one from This
        host.
      </p>
      {!planCurrent && <p className="hint">The drawing changed since this plan: plan again first.</p>}
      <div className="dialog__actions">
        <button type="button" disabled={!planCurrent} onClick={go}>
          {step ? 'Step anyway' : 'Apply anyway'}
        </button>
        <button type="button" autoFocus onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
