import { useStore } from 'zustand';

import { useLive } from '../agent/useLive';
import { useEditor } from '../hooks/useEditor';
import { ApplyStatus } from '../panels/ApplyStatus';
import { followStore } from './viewer-store';

/** A viewer's top bar: who it follows, the drawing's name, the connection, and the apply in progress. */
export function ViewerBar() {
  const view = useStore(followStore, (s) => s.view);
  const problem = useStore(followStore, (s) => s.problem);
  const name = useEditor((s) => s.doc.name);
  const status = useLive((s) => s.status);
  const statusText = useLive((s) => s.statusText);
  const presenter = view?.presenter ?? 'the presenter';
  return (
    <header className="toolbar viewer-bar" aria-label="Viewer">
      <span className="viewer-bar__badge" role="status" aria-label="Viewing">
        Viewing — following {presenter}
      </span>
      <strong className="viewer-bar__name">{view === null ? 'waiting for the presenter…' : name}</strong>
      {view?.applied !== null && view?.applied !== undefined && (
        <span className="viewer-bar__live" title="the live state shown is this topology's, as the kernel reports it">
          live: {view.applied.topology}
        </span>
      )}
      <ApplyStatus />
      {problem !== null && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
      <span
        className="viewer-bar__status"
        role="status"
        aria-label="Agent connection"
        data-status={status}
        title={statusText}
      >
        {status === 'connected' ? 'connected, read-only' : statusText}
      </span>
    </header>
  );
}
