import { memo, type CSSProperties } from 'react';

import { flowMotion } from './flow-motion';

/**
 * Traffic as dots travelling along a line in the direction packets go, at a speed and spacing
 * that follow packets per second by powers of two (`level`, flow-motion.ts): a rate that wobbles
 * from one second to the next neither restarts the animation nor renders this again.
 *
 * The dots are one dashed path per direction (zero-length dashes with round caps are dots), moved
 * by a CSS animation of its dash offset: two elements and no script per line, where a circle with
 * an SVG <animateMotion> per dot made hundreds of SMIL animations the page serviced every frame
 * (bench/web.ts, 300 and 1000 namespaces). One path, without a second one under it as a rim:
 * each animated path is restyled and repainted every frame, and the dot's colour stands out
 * against every state colour of the line on its own.
 */
function FlowDotsView({
  path,
  length,
  level,
  reverse,
}: {
  path: string;
  length: number;
  level: number | null;
  reverse: boolean;
}) {
  if (level === null || length <= 0) return null;
  const { spacing, shift, duration } = flowMotion(level);
  const style = {
    strokeDasharray: `0 ${spacing}`,
    // A whole number of spacings per iteration: the pattern repeats, so the loop is seamless.
    '--flow-shift': `${reverse ? shift : -shift}px`,
    animationDuration: `${duration.toFixed(3)}s`,
  } as CSSProperties;
  return (
    <g className={`flow-dots flow-dots--${reverse ? 'backward' : 'forward'}`} data-level={level}>
      <path d={path} className="flow-dot" style={style} />
    </g>
  );
}

export const FlowDots = memo(FlowDotsView);
