import { Panel } from '@xyflow/react';

import { useLive } from '../agent/useLive';

const STATES = [
  { key: 'up', label: 'up' },
  { key: 'down', label: 'admin down' },
  { key: 'nocarrier', label: 'no carrier' },
  { key: 'unapplied', label: 'not applied' },
] as const;

/** What the live colours mean; shown while the agent reports link state. */
export function Legend() {
  const connected = useLive((s) => s.status === 'connected');
  if (!connected) return null;
  return (
    <Panel position="top-right" className="legend" aria-label="Link state legend">
      {STATES.map((s) => (
        <span key={s.key} className={`legend__item legend__item--${s.key}`}>
          {s.label}
        </span>
      ))}
    </Panel>
  );
}
