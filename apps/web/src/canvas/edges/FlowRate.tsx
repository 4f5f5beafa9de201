import { memo } from 'react';

import { useFlowRate } from '../live';
import { formatRate } from './format-rate';

/**
 * A veth's rate as text. Its own component: the rate changes with nearly every counters message
 * (1 Hz), and only this text node renders again then, not the line, its dots and its label.
 */
function FlowRateView({ link }: { readonly link: string }) {
  const pps = useFlowRate(link);
  return (
    <span className="edge-label__rate" data-testid={`rate-${link}`}>
      {formatRate(pps)}
    </span>
  );
}

export const FlowRate = memo(FlowRateView);
