import { useStore } from 'zustand';

import { HostDialog } from './HostDialog';
import { hostStore } from './open-applied';

/** "This host" (every topology applied on this host: list, open, tear down), when asked for. */
export function ThisHost() {
  const open = useStore(hostStore, (s) => s.open);
  const problem = useStore(hostStore, (s) => s.problem);
  return open ? <HostDialog problem={problem} onClose={() => hostStore.setState({ open: false })} /> : null;
}
