import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';

import { useDrifted, useObjectCounters, useVethOper } from '../../agent/drawing-live';
import type { VethEdgeData, VethFlowEdge } from '../to-flow';
import { formatRate } from './format-rate';
import { useDetailed } from './useDetailed';

const at = (t: number, a: number, b: number) => a + (b - a) * t;

function VethEdgeView(props: EdgeProps<VethFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const data: VethEdgeData = props.data ?? { a: '', b: '', invalid: false };
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const oper = useVethOper(id);
  const drifted = useDrifted(id);
  const detailed = useDetailed();
  // Zoomed out the rate is not drawn: reading 0 then spares a re-render per edge per counter tick.
  const pps = useObjectCounters(`${id}/a`, (c) => {
    const r = c?.rates;
    return r === undefined || !detailed ? 0 : r.rxPacketsPerSec + r.txPacketsPerSec;
  });
  // Dashes move faster with more packets: 2 s per cycle when idle-ish, down to 0.2 s. Zoomed out,
  // neither dashes nor labels can be seen, and animating hundreds of paths repaints every frame.
  const flowing = pps > 0;
  const duration = flowing ? Math.max(0.2, 2 / Math.log10(10 + pps)) : 0;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(markerEnd === undefined ? {} : { markerEnd })}
        className={`edge edge--veth edge--${oper}${flowing ? ' edge--flowing' : ''}${data.invalid ? ' edge--invalid' : ''}${drifted ? ' edge--drift' : ''}${selected === true ? ' edge--selected' : ''}`}
        style={duration > 0 ? { animationDuration: `${duration}s` } : {}}
        data-link-state={oper === 'nocarrier' ? 'no-carrier' : oper === 'unapplied' ? 'not-applied' : oper}
      />
      {detailed && (
        <EdgeLabelRenderer>
          <div
            className="edge-label edge-label--end"
            style={{
              transform: `translate(-50%, -50%) translate(${at(0.22, sourceX, targetX)}px, ${at(0.22, sourceY, targetY) - 12}px)`,
            }}
          >
            {data.a}
          </div>
          <div
            className="edge-label edge-label--end"
            style={{
              transform: `translate(-50%, -50%) translate(${at(0.78, sourceX, targetX)}px, ${at(0.78, sourceY, targetY) - 12}px)`,
            }}
          >
            {data.b}
          </div>
          {pps > 0 && (
            <div
              className="edge-label edge-label--rate"
              data-testid={`rate-${id}`}
              style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + 12}px)` }}
            >
              {formatRate(pps)}
            </div>
          )}
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const VethEdge = memo(VethEdgeView);
