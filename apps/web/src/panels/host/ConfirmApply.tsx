import { documentKey, requestApply } from '../../agent/actions';
import { setLive } from '../../agent/live-store';
import { useLive } from '../../agent/useLive';
import { editorStore } from '../../editor/store';
import { useEditor } from '../../hooks/useEditor';

const OP = { create: 'create', update: 'change', replace: 'replace', delete: 'delete' } as const;

/**
 * The agent refused an apply until the person confirms it (`CONFIRM_REQUIRED`): it would delete
 * every object of a running topology, or replace one applied from another document. Says what
 * would go, and applies with `force` only on an explicit yes.
 */
export function ConfirmApply() {
  const confirm = useLive((s) => s.confirm);
  const docKey = useEditor((s) => documentKey(s.doc));
  const planCurrent = useLive((s) => s.plan?.documentKey === docKey);
  if (confirm === null) return null;
  const { topology, reasons, deletes } = confirm;
  const cancel = () => setLive({ confirm: null });
  return (
    <div role="alertdialog" aria-label="Confirm apply" className="dialog">
      <h2>Apply over the running topology {topology}?</h2>
      {reasons.includes('DELETES_ALL') && (
        <p>
          This drawing keeps none of what <strong>{topology}</strong> has on this host: applying it deletes all of it.
        </p>
      )}
      {reasons.includes('OTHER_DOCUMENT') && (
        <p>
          <strong>{topology}</strong> runs on this host from another document than this drawing (applied from a file,
          from another drawing, or changed since this drawing was applied). Applying replaces it with this drawing.
        </p>
      )}
      {deletes.length > 0 && (
        <>
          <p>What the apply deletes or replaces of {topology}:</p>
          <ul aria-label="What the apply deletes or replaces">
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
        <button
          type="button"
          disabled={!planCurrent}
          onClick={() => requestApply(editorStore.getState().doc, { force: true })}
        >
          Apply anyway
        </button>
        <button type="button" autoFocus onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
