import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { isViewerPage } from './agent/endpoint';
import { setLive } from './agent/live-store';
import { sessionStore } from './editor/session';
import { editorStore } from './editor/store';
import { restoreApplied, restoreAutosave } from './files/autosave';
import './styles.css';

/** A viewer link's page is a chunk of its own: the presenter's page never loads it. */
const ViewerApp = lazy(() => import('./viewers/ViewerApp').then((m) => ({ default: m.ViewerApp })));

// A viewer link's page shows the presenter's drawing, never this browser's autosaved one.
const viewer = isViewerPage();
if (viewer) {
  sessionStore.getState().set({ readOnly: true });
} else {
  const restored = restoreAutosave();
  if (restored !== null) {
    editorStore.getState().load(restored);
    setLive({ applied: restoreApplied() });
  }
}

// The theme's colours from the first frame: the overview canvas reads them when it first paints.
document.documentElement.dataset['theme'] = sessionStore.getState().theme;

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    {viewer ? (
      <Suspense fallback={null}>
        <ViewerApp />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
