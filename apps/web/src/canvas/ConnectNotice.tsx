import { useEffect } from 'react';

import { sessionStore } from '../editor/session';
import { useSession } from '../hooks/useSession';

const SHOW_MS = 3000;

/** A refused connection's reason, where the pointer let go. */
export function ConnectNotice() {
  const notice = useSession((s) => s.notice);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => sessionStore.getState().set({ notice: null }), SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (notice === null) return null;
  return (
    <div role="alert" className="connect-notice" style={{ left: notice.x + 12, top: notice.y + 12 }}>
      {notice.text}
    </div>
  );
}
