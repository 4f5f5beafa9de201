import { useEffect } from 'react';
import { useStore } from 'zustand';

import { requestDown } from '../../agent/actions';
import { useLive } from '../../agent/useLive';
import { leaveStore } from './leave';

/**
 * Asked before the drawing of an applied topology is replaced: keep it running and leave, tear it
 * down and leave, or stay. The topology stays findable under This host either way.
 */
export function LeaveDialog() {
  const leaving = useStore(leaveStore, (s) => s.leaving);
  const apply = useLive((s) => s.apply);
  const connected = useLive((s) => s.status === 'connected');
  const result = apply?.result;
  const torn =
    leaving?.tearingDown === true &&
    apply?.running === false &&
    result?.type === 'downResult' &&
    result.topology === leaving.topology;
  const failed = torn && !result.ok;

  useEffect(() => {
    if (!torn || failed) return;
    leaveStore.setState({ leaving: null });
    leaving.proceed();
  }, [torn, failed, leaving]);

  if (leaving === null) return null;
  const { topology } = leaving;
  const close = () => leaveStore.setState({ leaving: null });
  return (
    <div role="alertdialog" aria-label={`Leave ${topology}`} className="dialog">
      <h2>Leave the drawing of {topology}?</h2>
      <p>
        Topology <strong>{topology}</strong> stays applied on this host: its namespaces and interfaces keep running
        after you leave this drawing. To find it again, open <strong>This host</strong> in the toolbar: it lists every
        topology on the host, opens the document that was applied, and tears it down.
      </p>
      {leaving.tearingDown && !failed && <p role="status">Tearing down {topology}…</p>}
      {failed && (
        <p role="alert" className="error">
          Tearing down {topology} failed; it may be partly applied. See the Plan panel, or try again.
        </p>
      )}
      <div className="dialog__actions">
        <button
          type="button"
          disabled={leaving.tearingDown && !failed}
          onClick={() => {
            close();
            leaving.proceed();
          }}
        >
          Keep it running and leave
        </button>
        <button
          type="button"
          disabled={!connected || (leaving.tearingDown && !failed)}
          onClick={() => {
            requestDown(topology);
            leaveStore.setState({ leaving: { ...leaving, tearingDown: true } });
          }}
        >
          Tear down and leave
        </button>
        <button type="button" autoFocus onClick={close}>
          Cancel
        </button>
      </div>
    </div>
  );
}
