import { useStore } from 'zustand';

import { sessionStore, type SessionState } from '../editor/session';

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(sessionStore, selector);
}
