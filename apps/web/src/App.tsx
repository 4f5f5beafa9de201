import { useEffect } from 'react';

import { startLiveMode } from './agent/live-mode';
import { agent } from './agent/connection';
import { Canvas } from './canvas/Canvas';
import { startAutosave } from './files/autosave';
import { useSession } from './hooks/useSession';
import { useShortcuts } from './hooks/useShortcuts';
import { Dock } from './panels/Dock';
import { ConfirmApply } from './panels/host/ConfirmApply';
import { LeaveDialog } from './panels/host/LeaveDialog';
import { startOpenApplied } from './panels/host/open-applied';
import { Inspector } from './panels/Inspector';
import { Palette } from './panels/Palette';
import { PanelBoundary } from './panels/PanelBoundary';
import { Toolbar } from './panels/Toolbar';

/** Layout: Toolbar on top; Palette | Canvas | Inspector; the Dock (Problems, Plan, …) below. */
export function App() {
  const theme = useSession((s) => s.theme);
  useShortcuts();
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  useEffect(() => {
    const stopAutosave = startAutosave();
    const stopLiveMode = startLiveMode();
    const stopOpenApplied = startOpenApplied();
    agent.start();
    return () => {
      agent.stop();
      stopOpenApplied();
      stopLiveMode();
      stopAutosave();
    };
  }, []);
  return (
    <div className="app">
      <Toolbar />
      <Palette />
      <main className="app__canvas">
        <Canvas />
      </main>
      <PanelBoundary name="Inspector">
        <Inspector />
      </PanelBoundary>
      <Dock />
      <ConfirmApply />
      <LeaveDialog />
    </div>
  );
}
