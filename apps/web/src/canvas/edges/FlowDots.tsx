import { memo, type CSSProperties } from 'react';

/**
 * Traffic as dots travelling along a line in the direction packets go: faster and closer
 * together as packets per second grow (by powers of two, so a rate that wobbles from one second to
 * the next does not restart the animation).
 *
 * The dots are one dashed path per direction (zero-length dashes with round caps are dots), moved
 * by a CSS animation of its dash offset: two elements and no script per line, where a circle with
 * an SVG <animateMotion> per dot made hundreds of SMIL animations the page serviced every frame
 * (bench/web.ts, 300 and 1000 namespaces). One path, without a second one under it as a rim:
 * each animated path is restyled and repainted every frame, and the dot's colour stands out
 * against every state colour of the line on its own.
 */
function FlowDotsView({ path, length, pps, reverse }: { path: string; length: number; pps: number; reverse: boolean }) {
  if (pps <= 0 || length <= 0) return null;
  const level = Math.max(0, Math.round(Math.log2(pps)));
  const speed = 50 + 12 * level; // px per second
  const spacing = Math.max(36, 150 - 9 * level);
  const style = {
    strokeDasharray: `0 ${spacing}`,
    // One spacing per cycle: the pattern repeats, so the loop is seamless.
    '--flow-shift': `${reverse ? spacing : -spacing}px`,
    animationDuration: `${(spacing / speed).toFixed(3)}s`,
  } as CSSProperties;
  return (
    <g className={`flow-dots flow-dots--${reverse ? 'backward' : 'forward'}`} data-level={level}>
      <path d={path} className="flow-dot" style={style} />
    </g>
  );
}

export const FlowDots = memo(FlowDotsView);
