import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { editorStore } from './editor/store';
import { restoreAutosave } from './files/autosave';
import './styles.css';

const restored = restoreAutosave();
if (restored !== null) editorStore.getState().load(restored);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
