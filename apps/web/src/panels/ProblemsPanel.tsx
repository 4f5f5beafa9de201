import { formatPath, type Issue } from '@netloom/topology';

import { useLive } from '../agent/useLive';
import { sessionStore } from '../editor/session';
import { useIssues } from '../hooks/useIssues';

const NO_ISSUES: readonly never[] = [];

type Listed = {
  readonly path: Issue['path'];
  readonly message: string;
  readonly objectId?: string | undefined;
  readonly severity?: Issue['severity'] | undefined;
  readonly from: 'editor' | 'agent';
};

/**
 * Every problem of the document, errors first, then warnings (accepted as written, never
 * blocking); each says which it is in words and by icon. Clicking one focuses its node or edge.
 */
export function ProblemsPanel() {
  const { all: errors, warnings } = useIssues();
  const agentIssues = useLive((s) => s.error?.issues) ?? NO_ISSUES;
  const focus = (id: string | undefined) => id !== undefined && sessionStore.getState().canvasApi?.focus(id);
  const listed: Listed[] = [
    ...errors.map((i) => ({ ...i, from: 'editor' as const })),
    ...agentIssues.map((i) => ({ ...i, from: 'agent' as const })),
    ...warnings.map((i) => ({ ...i, from: 'editor' as const })),
  ];
  return (
    <section role="region" aria-label="Problems" className="dock__panel">
      {listed.length === 0 && <p className="hint">No problems: the document is valid.</p>}
      {errors.length === 0 && agentIssues.length === 0 && warnings.length > 0 && (
        <p className="hint">No errors: warnings do not stop Plan or Apply.</p>
      )}
      <ul className="problems">
        {listed.map((issue, i) => {
          const severity = issue.severity === 'warning' ? 'warning' : 'error';
          return (
            <li key={i}>
              <button
                type="button"
                className="problems__item"
                onClick={() => focus(issue.objectId)}
                disabled={issue.objectId === undefined}
              >
                <span className={`problems__severity problems__severity--${severity}`}>
                  <span aria-hidden="true">{severity === 'warning' ? '⚠' : '✖'}</span> {severity}
                </span>{' '}
                <span className="problems__path">{formatPath(issue.path)}</span> {issue.message}
                {issue.from === 'agent' && <span className="badge">agent</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
