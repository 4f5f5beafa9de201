import { formatPath } from '@netloom/topology';

import { useLive } from '../agent/useLive';
import { sessionStore } from '../editor/session';
import { useIssues } from '../hooks/useIssues';

const NO_ISSUES: readonly never[] = [];

/** Every problem of the document; clicking one focuses its node or edge on the canvas. */
export function ProblemsPanel() {
  const issues = useIssues().all;
  const agentIssues = useLive((s) => s.error?.issues) ?? NO_ISSUES;
  const focus = (id: string | undefined) => id !== undefined && sessionStore.getState().canvasApi?.focus(id);
  return (
    <section role="region" aria-label="Problems" className="dock__panel">
      {issues.length === 0 && agentIssues.length === 0 && <p className="hint">No problems: the document is valid.</p>}
      <ul className="problems">
        {[...issues.map((i) => ({ ...i, from: 'editor' })), ...agentIssues.map((i) => ({ ...i, from: 'agent' }))].map(
          (issue, i) => (
            <li key={i}>
              <button
                type="button"
                className="problems__item"
                onClick={() => focus(issue.objectId)}
                disabled={issue.objectId === undefined}
              >
                <span className="problems__path">{formatPath(issue.path)}</span> {issue.message}
                {issue.from === 'agent' && <span className="badge">agent</span>}
              </button>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
