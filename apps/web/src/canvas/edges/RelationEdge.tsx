import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';

import { pathOf } from '../model/route';
import type { CanvasEdge } from '../to-flow';
import { EdgeLabel } from './EdgeLabel';
import { useDetailed } from './useDetailed';

/**
 * A relation rather than a cable. A bridge port's `master`: a short dashed line. A VXLAN pair's
 * tunnel: a hollow pipe with a thin core, labelled with its VNI and UDP port, so it reads as a
 * network carried inside another one, not as one more cable. Nothing of it is dashed or in a
 * state's colour: a line's dashes and colour say its state (Legend.tsx), and the tunnel's devices
 * say theirs on their cards.
 */
function RelationEdgeView({ id, source, target, type, data, selected }: EdgeProps<CanvasEdge>) {
  const points = data?.points;
  const path = useMemo(() => pathOf(points ?? []), [points]);
  const detailed = useDetailed();
  const kind = type === 'tunnel' ? 'tunnel' : 'master';
  const classes = [
    'edge',
    `edge--${kind}`,
    data?.invalid === true && 'edge--invalid',
    selected === true && 'edge--selected',
  ].filter(Boolean);
  return (
    <>
      {kind === 'tunnel' && (
        <>
          <path d={path} className="edge-pipe" />
          <path d={path} className="edge-pipe__bore" />
        </>
      )}
      <BaseEdge id={id} path={path} interactionWidth={20} className={classes.join(' ')} />
      {detailed && data?.label != null && data.text !== '' && (
        <EdgeLabel edge={id} ends={[source, target]} rect={data.label} kind={kind} stacked={data.stacked}>
          {data.stacked ? data.text.split(' · ').map((part) => <span key={part}>{part}</span>) : data.text}
        </EdgeLabel>
      )}
    </>
  );
}

export const RelationEdge = memo(RelationEdgeView);
