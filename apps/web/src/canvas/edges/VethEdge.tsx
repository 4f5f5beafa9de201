import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';

import { useHighlighted } from '../highlight';
import { STATE_ATTRIBUTE, useDrifted, useFlowLevels, useVethState } from '../live';
import { lengthOf, pathOf } from '../model/route';
import type { CanvasEdge } from '../to-flow';
import { EdgeLabel } from './EdgeLabel';
import { FlowDots } from './FlowDots';
import { FlowRate } from './FlowRate';
import { useDetailed } from './useDetailed';

/**
 * A veth pair: a thick line from port to port. Its state is its colour and its dash pattern
 * (the ports say it in words); traffic is dots moving along it, and its rate is written on it.
 */
function VethEdgeView({ id, source, target, data, selected }: EdgeProps<CanvasEdge>) {
  const points = data?.points;
  const { path, length } = useMemo(() => ({ path: pathOf(points ?? []), length: lengthOf(points ?? []) }), [points]);
  const state = useVethState(id);
  const drifted = useDrifted(id);
  const detailed = useDetailed();
  const highlighted = useHighlighted(id);
  // Levels, not rates: the line renders again when its dots change pace, not every second.
  const { forward, backward } = useFlowLevels(id, detailed);
  const moving = forward !== null || backward !== null;
  const text = data?.text ?? '';
  // The label shows when it has words or a rate (below): dots pass under it then.
  const labelRect = data?.label != null && (text !== '' || moving) ? data.label : null;
  const classes = [
    'edge',
    'edge--veth',
    `edge--${state}`,
    data?.invalid === true && 'edge--invalid',
    drifted && 'edge--drift',
    selected === true && 'edge--selected',
  ].filter(Boolean);
  return (
    <>
      {/* Under the line, so the line keeps its state's colour and dashes: what a lesson step points at. */}
      {highlighted && <path d={path} className="edge-halo" data-highlighted="true" fill="none" />}
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={24}
        className={classes.join(' ')}
        data-link-state={STATE_ATTRIBUTE[state]}
      />
      {detailed && (
        <>
          <FlowDots edge={id} path={path} length={length} level={forward} reverse={false} label={labelRect} />
          <FlowDots edge={id} path={path} length={length} level={backward} reverse label={labelRect} />
        </>
      )}
      {detailed && data?.label != null && (text !== '' || moving) && (
        <EdgeLabel
          edge={id}
          ends={[source, target]}
          rect={data.label}
          kind={text === '' ? 'rate' : 'underlay'}
          stacked={data.stacked}
        >
          {data.stacked ? text !== '' && <span>{text}</span> : text}
          {!data.stacked && text !== '' && moving && ' · '}
          {moving && <FlowRate link={id} />}
        </EdgeLabel>
      )}
    </>
  );
}

export const VethEdge = memo(VethEdgeView);
