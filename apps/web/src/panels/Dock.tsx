import { lazy, Suspense, type ComponentType } from 'react';

import type { DockTab } from '../editor/session';
import { sessionStore } from '../editor/session';
import { useIssues } from '../hooks/useIssues';
import { useSession } from '../hooks/useSession';
import { PanelBoundary } from './PanelBoundary';
import { ProblemsPanel } from './ProblemsPanel';

// Problems is the tab shown first; the others are chunks of their own, loaded when first shown.
const PlanPanel = lazy(() => import('./PlanPanel').then((m) => ({ default: m.PlanPanel })));
const StepPanel = lazy(() => import('./StepPanel').then((m) => ({ default: m.StepPanel })));
const CommandLog = lazy(() => import('./CommandLog').then((m) => ({ default: m.CommandLog })));
const PingTool = lazy(() => import('./PingTool').then((m) => ({ default: m.PingTool })));
const ReachabilityMatrix = lazy(() => import('./ReachabilityMatrix').then((m) => ({ default: m.ReachabilityMatrix })));

/** The Packets panel, with the packet decoder (apps/web/src/packets). */
const PacketsPanel = lazy(() => import('../packets/PacketsPanel'));

const TABS = [
  { id: 'problems', label: 'Problems', Panel: ProblemsPanel },
  { id: 'plan', label: 'Plan', Panel: PlanPanel },
  { id: 'step', label: 'Step', Panel: StepPanel },
  { id: 'commands', label: 'Command log', Panel: CommandLog },
  { id: 'ping', label: 'Ping', Panel: PingTool },
  { id: 'reachability', label: 'Reachability', Panel: ReachabilityMatrix },
  { id: 'packets', label: 'Packets', Panel: PacketsPanel },
] as const satisfies readonly { id: DockTab; label: string; Panel: ComponentType }[];

/** The bottom dock: one panel at a time, chosen by tab. */
export function Dock() {
  const active = useSession((s) => s.dock);
  const { all: errors, warnings } = useIssues();
  const tab = TABS.find((t) => t.id === active) ?? TABS[0];
  return (
    <div className="dock">
      <div role="tablist" aria-label="Panels" className="dock__tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === active}
            aria-controls={`panel-${t.id}`}
            onClick={() => sessionStore.getState().set({ dock: t.id })}
          >
            {t.label}
            {t.id === 'problems' && errors.length > 0 && (
              <span className="badge badge--error" aria-label={`${errors.length} error(s)`}>
                {errors.length}
              </span>
            )}
            {t.id === 'problems' && warnings.length > 0 && (
              <span className="badge badge--warn" aria-label={`${warnings.length} warning(s)`}>
                <span aria-hidden="true">⚠ </span>
                {warnings.length}
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} className="dock__body">
        <PanelBoundary name={tab.label}>
          <Suspense fallback={null}>
            <tab.Panel />
          </Suspense>
        </PanelBoundary>
      </div>
    </div>
  );
}
