import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';

import type { RelationFlowEdge } from '../to-flow';
import { useDetailed } from './useDetailed';

/** A relation rather than a cable: a bridge port's `master`, or a VXLAN pair's tunnel. */
function RelationEdgeView(props: EdgeProps<RelationFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const kind = id.startsWith('tunnel:') ? 'tunnel' : 'master';
  const detailed = useDetailed();
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`edge edge--${kind}${data?.invalid === true ? ' edge--invalid' : ''}${selected === true ? ' edge--selected' : ''}`}
      />
      {detailed && (
        <EdgeLabelRenderer>
          <div
            className="edge-label edge-label--relation"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {data?.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const RelationEdge = memo(RelationEdgeView);
