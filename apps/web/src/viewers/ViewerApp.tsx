import { lazy, Suspense, useEffect } from 'react';
import { useStore } from 'zustand';

import { agent } from '../agent/connection';
import { Canvas } from '../canvas/Canvas';
import { useSession } from '../hooks/useSession';
import { startLessonHighlight } from '../lessons/lesson-store';
import { AgentBanner } from '../panels/AgentBanner';
import { Inspector } from '../panels/Inspector';
import { captureStore, startCaptureStore } from '../packets/capture-store';
import { PanelBoundary } from '../panels/PanelBoundary';
import { startFollowing } from './follow';
import { FollowPanel } from './FollowPanel';
import { ViewerBar } from './ViewerBar';

/**
 * The page a viewer link opens: the presenter's drawing with its live state, read-only. No
 * palette, no menus, no Plan/Apply/Step; the inspector shows the selection with every field
 * disabled. Nothing is autosaved (the presenter's drawing is not this browser's). The agent
 * refuses anything but watching from this session anyway.
 */
/** The presenter's captures, in the Packets panel (its own chunk), once there is one. */
const PacketsPanel = lazy(() => import('../packets/PacketsPanel'));

export function ViewerApp() {
  const theme = useSession((s) => s.theme);
  const capturing = useStore(captureStore, (s) => Object.values(s.captures).some((c) => !c.trace));
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  useEffect(() => {
    const stopFollowing = startFollowing();
    const stopLessonHighlight = startLessonHighlight();
    const stopCaptures = startCaptureStore();
    agent.start();
    return () => {
      agent.stop();
      stopCaptures();
      stopLessonHighlight();
      stopFollowing();
    };
  }, []);
  return (
    <div className="app app--viewer" data-viewer>
      <ViewerBar />
      <div className="app__banner">
        <AgentBanner />
      </div>
      <main className="app__canvas">
        <Canvas />
      </main>
      <div className="viewer__inspector">
        <PanelBoundary name="Inspector">
          {/* A disabled fieldset disables every field and button inside: the inspector only shows. */}
          <fieldset disabled className="viewer__fields">
            <legend className="sr-only">Read-only</legend>
            <Inspector />
          </fieldset>
        </PanelBoundary>
      </div>
      <div className="viewer__dock" data-packets={capturing || undefined}>
        <FollowPanel />
        {capturing && (
          <div className="viewer__packets">
            <PanelBoundary name="Packets">
              <Suspense fallback={<p className="hint">Loading the Packets panel…</p>}>
                <PacketsPanel />
              </Suspense>
            </PanelBoundary>
          </div>
        )}
      </div>
    </div>
  );
}
