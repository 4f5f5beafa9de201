import { documentKey, requestApply, requestDown, requestPlan } from '../agent/actions';
import { useAppliedTopology } from '../agent/drawing-live';
import { setLive } from '../agent/live-store';
import { useLive } from '../agent/useLive';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { useEditor } from '../hooks/useEditor';
import { useIssues } from '../hooks/useIssues';

/** Connection state, Plan, Apply (only for a current plan of an error-free document), Down, Live mode. */
export function AgentActions() {
  const status = useLive((s) => s.status);
  const statusText = useLive((s) => s.statusText);
  const planning = useLive((s) => s.planning);
  const running = useLive((s) => s.apply?.running === true);
  const planKey = useLive((s) => s.plan?.documentKey);
  const liveMode = useLive((s) => s.liveMode);
  const applied = useAppliedTopology();
  const docKey = useEditor((s) => documentKey(s.doc));
  const errors = useIssues().all.length;
  const connected = status === 'connected';
  const why =
    errors > 0
      ? `fix ${errors} problem(s) first`
      : !connected
        ? 'not connected to the agent'
        : planKey !== docKey
          ? 'plan first'
          : '';
  const showDock = () => sessionStore.getState().set({ dock: 'plan' });

  return (
    <div className="toolbar__group" role="group" aria-label="Agent">
      <span
        role="status"
        aria-label="Agent connection"
        className={`connection connection--${status}`}
        title={statusText}
      >
        <span className="connection__dot" aria-hidden="true" /> {status === 'connected' ? 'connected' : status}
      </span>
      <button
        type="button"
        disabled={!connected || errors > 0 || planning || running}
        onClick={() => {
          showDock();
          requestPlan(editorStore.getState().doc);
        }}
      >
        Plan
      </button>
      <button
        type="button"
        disabled={why !== '' || running}
        title={why || 'apply the plan to the kernel'}
        onClick={() => {
          showDock();
          requestApply(editorStore.getState().doc);
        }}
      >
        Apply
      </button>
      <button
        type="button"
        disabled={!connected || running || applied === null}
        title={
          applied === null
            ? 'this drawing is not applied from this page; topologies running on the host are under This host'
            : `remove everything topology ${applied} owns from the kernel`
        }
        onClick={() => {
          showDock();
          if (applied !== null) requestDown(applied);
        }}
      >
        Tear down
      </button>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={liveMode}
          disabled={!connected}
          onChange={(e) => setLive({ liveMode: e.target.checked })}
        />
        Live mode
      </label>
    </div>
  );
}
