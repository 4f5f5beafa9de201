import { Panel } from '@xyflow/react';
import { useEffect, useRef } from 'react';

import { sessionStore } from '../editor/session';

import { MarkerControls } from './markers/MarkerControls';
import { onResize } from './on-resize';

const STATES = [
  { key: 'up', label: 'UP' },
  { key: 'down', label: 'DOWN' },
  { key: 'nocarrier', label: 'NO-CARRIER' },
  { key: 'unapplied', label: 'not applied' },
] as const;

/**
 * What the line styles mean: each state has its colour, its dash pattern and its word; where the
 * drawing has a VXLAN tunnel, its pipe too (it has no state of its own to show). While packets are
 * drawn on the lines, their controls follow on a second row.
 */
export function Legend({ tunnel }: { readonly tunnel: boolean }) {
  const panel = useRef<HTMLDivElement>(null);
  // Fitted with the legend as it was, the drawing would go under a row it grows (packets) or wraps to.
  useEffect(() => {
    const element = panel.current;
    if (element === null) return;
    return onResize(element, () => sessionStore.getState().canvasApi?.overlayResized());
  }, []);
  return (
    <Panel ref={panel} position="top-right" className="legend" aria-label="Link state legend">
      {STATES.map((s) => (
        <span key={s.key} className="legend__item">
          <svg width="26" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="25" y2="5" className={`edge edge--veth edge--${s.key}`} />
          </svg>
          {s.label}
        </span>
      ))}
      {tunnel && (
        <span className="legend__item">
          <svg width="30" height="10" aria-hidden="true">
            <line x1="5" y1="5" x2="25" y2="5" className="edge-pipe" />
            <line x1="5" y1="5" x2="25" y2="5" className="edge-pipe__bore" />
            <line x1="5" y1="5" x2="25" y2="5" className="edge edge--tunnel" />
          </svg>
          tunnel
        </span>
      )}
      {/* While packets are drawn: their speed and counts, on a row of their own. */}
      <MarkerControls />
    </Panel>
  );
}
