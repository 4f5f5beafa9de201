import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { setLive } from './agent/live-store';
import { editorStore } from './editor/store';
import { restoreApplied, restoreAutosave } from './files/autosave';
import './styles.css';

const restored = restoreAutosave();
if (restored !== null) {
  editorStore.getState().load(restored);
  setLive({ applied: restoreApplied() });
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
