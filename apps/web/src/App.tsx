import { lazy, Suspense, useEffect } from 'react';
import { useStore } from 'zustand';

import { startLiveMode } from './agent/live-mode';
import { agent } from './agent/connection';
import { Canvas } from './canvas/Canvas';
import { startAutosave } from './files/autosave';
import { useSession } from './hooks/useSession';
import { useShortcuts } from './hooks/useShortcuts';
import { startInspectorOnSelect } from './lessons/lesson-room';
import { startLessonHighlight } from './lessons/lesson-store';
import { useLessons } from './lessons/useLessons';
import { AgentBanner } from './panels/AgentBanner';
import { Dock } from './panels/Dock';
import { Foldable } from './panels/Foldable';
import { ConfirmApply } from './panels/host/ConfirmApply';
import { LeaveDialog } from './panels/host/LeaveDialog';
import { startOpenApplied } from './panels/host/open-applied';
import { ThisHost } from './panels/host/ThisHost';
import { Inspector } from './panels/Inspector';
import { OpenErrorsDialog } from './panels/OpenErrors';
import { Palette } from './panels/Palette';
import { PanelBoundary } from './panels/PanelBoundary';
import { Toolbar } from './panels/Toolbar';
import { startCaptureStore } from './packets/capture-store';
import { trafficStore } from './traffic/traffic-store';
import { startPresenting } from './viewers/present';
import { startViewerLink, ViewerLinkDialog } from './viewers/ViewerLinkDialog';

/** The Lessons panel and the lessons' text are a chunk of their own, loaded when the panel first opens. */
const LessonsPanel = lazy(() => import('./lessons/LessonsPanel'));
/** Traffic on demand's form and live labels: a chunk of their own, loaded when a form first opens. */
const TrafficDialog = lazy(() => import('./traffic/TrafficUi').then((m) => ({ default: m.TrafficDialog })));

/**
 * Layout: Toolbar on top (one row), a banner when the agent is away; Palette | Canvas | Inspector;
 * the Dock (Problems, Plan, …) below. Palette, Inspector and Dock fold away; presenter view hides
 * them all and the toolbar. The Lessons panel, when open, takes the palette's place (and stays in
 * presenter view, where the class reads it).
 */
export function App() {
  const theme = useSession((s) => s.theme);
  const folded = useSession((s) => s.folded);
  const presenter = useSession((s) => s.presenter);
  const lessons = useLessons((s) => s.open);
  const dock = useSession((s) => s.dock);
  const trafficForm = useStore(trafficStore, (s) => s.dialog !== null);
  useShortcuts();
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  useEffect(() => {
    const stopAutosave = startAutosave();
    const stopLiveMode = startLiveMode();
    const stopOpenApplied = startOpenApplied();
    const stopLessonHighlight = startLessonHighlight();
    const stopInspectorOnSelect = startInspectorOnSelect();
    const stopPresenting = startPresenting();
    const stopViewerLink = startViewerLink();
    const stopCaptures = startCaptureStore();
    agent.start();
    return () => {
      agent.stop();
      stopCaptures();
      stopViewerLink();
      stopPresenting();
      stopInspectorOnSelect();
      stopLessonHighlight();
      stopOpenApplied();
      stopLiveMode();
      stopAutosave();
    };
  }, []);
  return (
    <div
      className="app"
      data-presenter={presenter || undefined}
      data-lessons={lessons || undefined}
      data-dock={dock}
      data-folded={Object.entries(folded)
        .flatMap(([panel, on]) => (on ? [panel] : []))
        .join(' ')}
    >
      {!presenter && <Toolbar />}
      <div className="app__banner">
        <AgentBanner />
      </div>
      {lessons ? (
        <PanelBoundary name="Lessons">
          <Suspense fallback={<div className="lessons" role="region" aria-label="Lessons" aria-busy="true" />}>
            <LessonsPanel />
          </Suspense>
        </PanelBoundary>
      ) : (
        !presenter && (
          <Foldable panel="palette" label="palette">
            <Palette />
          </Foldable>
        )
      )}
      <main className="app__canvas">
        <Canvas />
      </main>
      {!presenter && (
        <Foldable panel="inspector" label="inspector">
          <PanelBoundary name="Inspector">
            <Inspector />
          </PanelBoundary>
        </Foldable>
      )}
      {!presenter && (
        <Foldable panel="dock" label="dock">
          <Dock />
        </Foldable>
      )}
      <ConfirmApply />
      <LeaveDialog />
      <ThisHost />
      <ViewerLinkDialog />
      {trafficForm && (
        <Suspense fallback={null}>
          <TrafficDialog />
        </Suspense>
      )}
      <OpenErrorsDialog />
    </div>
  );
}
