import { lazy, Suspense, useLayoutEffect, useRef, useState, type ComponentType } from 'react';

import type { DockTab } from '../editor/session';
import { sessionStore } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
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
  // The packet list is virtualised: it fills what it is given, the dock's full height.
  { id: 'packets', label: 'Packets', Panel: PacketsPanel, fill: true },
] as const satisfies readonly { id: DockTab; label: string; Panel: ComponentType; fill?: boolean }[];

/**
 * The height the tab's content needs, measured as it changes. It grows at once (a plan of 40
 * steps, a ping's lines) but does not follow small shrinks while the same tab shows the same
 * document: the canvas above is fitted again when the dock's height changes, and it should not
 * jump with every live message (a line more, a line less). A large shrink is followed: a plan of
 * 33 steps that gives way to the one line of its result, once applied, gives the room back.
 * Another tab or another document starts again from what that one needs. CSS keeps it between
 * about two lines and 28% of the window.
 */
const FOLLOW_SHRINK_BELOW = 0.5;

function useContentHeight(key: string) {
  const content = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState<{ key: string; px: number } | null>(null);
  useLayoutEffect(() => {
    const el = content.current;
    if (el === null) return;
    const measure = () =>
      setHeight((was) => {
        const px = Math.ceil(el.getBoundingClientRect().height);
        return was?.key === key && was.px >= px && px > was.px * FOLLOW_SHRINK_BELOW ? was : { key, px };
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [key]);
  return { content, height: height?.key === key ? height.px : undefined };
}

/** The bottom dock: one panel at a time, chosen by tab. */
export function Dock() {
  const active = useSession((s) => s.dock);
  const { all: errors, warnings } = useIssues();
  const tab: (typeof TABS)[number] = TABS.find((t) => t.id === active) ?? TABS[0];
  const docName = useEditor((s) => s.doc.name);
  const fill = 'fill' in tab && tab.fill;
  const { content, height } = useContentHeight(`${tab.id}\n${docName}`);
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
      <div
        role="tabpanel"
        id={`panel-${tab.id}`}
        aria-labelledby={`tab-${tab.id}`}
        className="dock__body"
        data-fill={fill || undefined}
        style={fill ? undefined : { height }}
      >
        {fill ? (
          <Panel tab={tab} />
        ) : (
          <div ref={content} className="dock__content">
            <Panel tab={tab} />
          </div>
        )}
      </div>
    </div>
  );
}

function Panel({ tab }: { readonly tab: (typeof TABS)[number] }) {
  return (
    <PanelBoundary name={tab.label}>
      <Suspense fallback={null}>
        <tab.Panel />
      </Suspense>
    </PanelBoundary>
  );
}
