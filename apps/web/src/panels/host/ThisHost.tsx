import { useStore } from 'zustand';

import { useLive } from '../../agent/useLive';
import { HostDialog } from './HostDialog';
import { hostStore } from './open-applied';

/**
 * The toolbar's way to every topology applied on this host: a button that opens "This host"
 * (list, open the applied document, tear down).
 */
export function ThisHost() {
  const open = useStore(hostStore, (s) => s.open);
  const problem = useStore(hostStore, (s) => s.problem);
  const connected = useLive((s) => s.status === 'connected');
  return (
    <div className="toolbar__group" role="group" aria-label="Host">
      <button
        type="button"
        disabled={!connected}
        title="every topology applied on this host: open it, tear it down"
        onClick={() => hostStore.setState({ open: true, problem: null })}
      >
        This host
      </button>
      {open && <HostDialog problem={problem} onClose={() => hostStore.setState({ open: false })} />}
    </div>
  );
}
