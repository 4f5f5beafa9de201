import { lazy, Suspense } from 'react';
import { useStore } from 'zustand';

import { hostStore } from './open-applied';

/** A chunk of its own, loaded when the dialog first opens. */
const HostDialog = lazy(() => import('./HostDialog').then((m) => ({ default: m.HostDialog })));

/** "This host" (every topology applied on this host: list, open, tear down), when asked for. */
export function ThisHost() {
  const open = useStore(hostStore, (s) => s.open);
  const problem = useStore(hostStore, (s) => s.problem);
  return open ? (
    <Suspense fallback={null}>
      <HostDialog problem={problem} onClose={() => hostStore.setState({ open: false })} />
    </Suspense>
  ) : null;
}
