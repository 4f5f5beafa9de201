import { documentKey, requestApply, requestDown, requestPlan } from '../agent/actions';
import { useAppliedTopology } from '../agent/drawing-live';
import { startStepThrough } from '../agent/step-through';
import { setLive } from '../agent/live-store';
import { useLive } from '../agent/useLive';
import { showDock } from '../editor/session';
import { editorStore } from '../editor/store';
import { useEditor } from '../hooks/useEditor';
import { useIssues } from '../hooks/useIssues';

/** Plan, Apply (only for a current plan of an error-free document) and Tear down, with why not. */
export function useKernelActions() {
  const status = useLive((s) => s.status);
  const planning = useLive((s) => s.planning);
  const running = useLive(
    (s) => s.apply?.running === true || s.stepThrough?.state === 'active' || s.stepThrough?.state === 'starting',
  );
  const planKey = useLive((s) => s.plan?.documentKey);
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
  return {
    connected,
    plan: {
      disabled: !connected || errors > 0 || planning || running,
      run: () => {
        showDock('plan');
        requestPlan(editorStore.getState().doc);
      },
    },
    apply: {
      disabled: why !== '' || running,
      title: why || 'apply the plan to the kernel',
      run: () => {
        showDock('plan');
        requestApply(editorStore.getState().doc);
      },
    },
    step: {
      disabled: why !== '' || running,
      title: why || 'run the plan one command at a time, each explained before it runs',
      run: () => {
        showDock('step');
        startStepThrough(editorStore.getState().doc);
      },
    },
    down: {
      disabled: !connected || running || applied === null,
      title:
        applied === null
          ? 'this drawing is not applied from this page; topologies running on the host are under This host'
          : `remove everything topology ${applied} owns from the kernel`,
      run: () => {
        showDock('plan');
        if (applied !== null) requestDown(applied);
      },
    },
  };
}

/** What stays on the toolbar: the connection, Plan and Apply (the most used), and Live mode. */
export function AgentActions() {
  const status = useLive((s) => s.status);
  const statusText = useLive((s) => s.statusText);
  const liveMode = useLive((s) => s.liveMode);
  const { connected, plan, apply, step } = useKernelActions();
  return (
    <div className="toolbar__group" role="group" aria-label="Agent">
      <button type="button" disabled={plan.disabled} onClick={plan.run}>
        Plan
      </button>
      <button
        type="button"
        className="button--primary"
        disabled={apply.disabled}
        title={apply.title}
        onClick={apply.run}
      >
        Apply
      </button>
      <button type="button" disabled={step.disabled} title={step.title} onClick={step.run}>
        Step
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
      <span
        role="status"
        aria-label="Agent connection"
        className={`connection connection--${status}`}
        title={statusText}
      >
        <span className="connection__dot" aria-hidden="true" /> {status === 'connected' ? 'connected' : status}
      </span>
    </div>
  );
}
