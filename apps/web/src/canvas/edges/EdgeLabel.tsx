import { EdgeLabelRenderer } from '@xyflow/react';
import type { ReactNode } from 'react';

import type { Rect } from '../model/rect';

/**
 * A line's label, in the place the scene kept for it (clear of every frame, port and other
 * label); the text is centred in it, so a shorter text stays inside.
 */
export function EdgeLabel({
  edge,
  ends,
  rect,
  kind,
  stacked = false,
  children,
}: {
  readonly edge: string;
  /** The frames the line joins (for checks: a label may lie only inside a box holding both). */
  readonly ends: readonly [string, string];
  readonly rect: Rect;
  readonly kind: string;
  /** Its parts (children) one to a row. */
  readonly stacked?: boolean | undefined;
  readonly children: ReactNode;
}) {
  return (
    <EdgeLabelRenderer>
      <div
        className={`edge-label edge-label--${kind}${stacked ? ' edge-label--stacked' : ''}`}
        data-edge={edge}
        data-ends={ends.join(' ')}
        style={{ transform: `translate(${rect.x}px, ${rect.y}px)`, width: rect.width, height: rect.height }}
      >
        <span className="edge-label__text">{children}</span>
      </div>
    </EdgeLabelRenderer>
  );
}
