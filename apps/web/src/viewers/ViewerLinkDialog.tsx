import { lazy, Suspense } from 'react';
import { useStore } from 'zustand';

import { agent } from '../agent/connection';
import { viewerLinkStore } from './viewer-store';

/** The dialog is a chunk of its own (LinkDialog.tsx), loaded when it first opens. */
const LinkDialog = lazy(() => import('./LinkDialog').then((m) => ({ default: m.LinkDialog })));

/** Keeps viewerLinkStore to the agent's answers; returns the stop. */
export function startViewerLink(): () => void {
  return agent.listen((msg) => {
    if (msg.type === 'viewerLinkResult')
      viewerLinkStore.setState({ token: msg.token, viewers: msg.viewers, busy: false });
  });
}

/** Kernel > Viewer link… (LinkDialog), when open. */
export function ViewerLinkDialog() {
  const open = useStore(viewerLinkStore, (s) => s.open);
  return open ? (
    <Suspense fallback={null}>
      <LinkDialog />
    </Suspense>
  ) : null;
}
