import { memo } from 'react';

import type { Rect } from '../model/rect';

import { useFlowDots } from './flow-dots-layer';
import { flowMotion } from './flow-motion';

/**
 * Traffic as dots travelling along a line in the direction packets go, at a speed and spacing
 * that follow packets per second by powers of two (`level`, flow-motion.ts): a rate that wobbles
 * from one second to the next changes nothing here. The dots are painted by the dots' layer
 * (flow-dots-layer.tsx), one canvas for every line, not in the line's SVG, except while an
 * export renders the drawing: then they are drawn here, standing still.
 */
function FlowDotsView({
  edge,
  path,
  length,
  level,
  reverse,
  label,
}: {
  edge: string;
  /** Where the line's label is, when it shows one: dots pass under it. */
  label: Rect | null;
  path: string;
  length: number;
  level: number | null;
  reverse: boolean;
}) {
  const motion = level === null || length <= 0 ? null : flowMotion(level);
  const inLine = useFlowDots(
    `${edge}/${reverse ? 'backward' : 'forward'}`,
    motion === null ? null : { path, spacing: motion.spacing, speed: reverse ? -motion.speed : motion.speed, label },
  );
  // An export renders the DOM: the dots as they stand, in the line's own SVG.
  if (!inLine || motion === null) return null;
  return (
    <path
      d={path}
      className="flow-dot"
      data-edge={edge}
      style={{ strokeDasharray: `0 ${motion.spacing}`, strokeDashoffset: reverse ? motion.spacing / 2 : 0 }}
    />
  );
}

export const FlowDots = memo(FlowDotsView);
