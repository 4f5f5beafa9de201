import { memo } from 'react';

/**
 * Traffic as dots travelling along a line in the direction packets go: faster and closer
 * together as packets per second grow (by powers of two, so a rate that wobbles from one second to
 * the next does not restart the animation).
 */
function FlowDotsView({ path, length, pps, reverse }: { path: string; length: number; pps: number; reverse: boolean }) {
  if (pps <= 0 || length <= 0) return null;
  const level = Math.max(0, Math.round(Math.log2(pps)));
  const speed = 50 + 12 * level; // px per second
  const spacing = Math.max(36, 150 - 9 * level);
  const count = Math.max(1, Math.floor(length / spacing));
  const duration = length / speed;
  return (
    <g className={`flow-dots flow-dots--${reverse ? 'backward' : 'forward'}`} data-level={level}>
      {Array.from({ length: count }, (_, i) => (
        <circle key={i} r={4.5} className="flow-dot">
          <animateMotion
            dur={`${duration.toFixed(2)}s`}
            repeatCount="indefinite"
            path={path}
            begin={`${(-(i * duration) / count).toFixed(2)}s`}
            {...(reverse && { keyPoints: '1;0', keyTimes: '0;1', calcMode: 'linear' })}
          />
        </circle>
      ))}
    </g>
  );
}

export const FlowDots = memo(FlowDotsView);
