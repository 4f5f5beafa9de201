import { Panel } from '@xyflow/react';

import { MarkerControls } from './markers/MarkerControls';

const STATES = [
  { key: 'up', label: 'UP' },
  { key: 'down', label: 'DOWN' },
  { key: 'nocarrier', label: 'NO-CARRIER' },
  { key: 'unapplied', label: 'not applied' },
] as const;

/**
 * What the line styles mean: each state has its colour, its dash pattern and its word. While
 * packets are drawn on the lines, their controls follow on a second row.
 */
export function Legend() {
  return (
    <Panel position="top-right" className="legend" aria-label="Link state legend">
      {STATES.map((s) => (
        <span key={s.key} className="legend__item">
          <svg width="26" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="25" y2="5" className={`edge edge--veth edge--${s.key}`} />
          </svg>
          {s.label}
        </span>
      ))}
      {/* While packets are drawn: their speed and counts, on a row of their own. */}
      <MarkerControls />
    </Panel>
  );
}
