import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';

import { useDetailed } from '../edges/useDetailed';
import { useHighlighted } from '../highlight';
import { useDrifted, useInterfaceState } from '../live';
import { sideHandle, CONNECT_HANDLE } from '../model/scene';
import { isBoxKind, type CanvasNode } from '../to-flow';
import { Port } from './Port';
import { StateChip } from './StateChip';
import { TablesOverlay } from './TablesOverlay';

const SIDES = [
  ['top', Position.Top],
  ['right', Position.Right],
  ['bottom', Position.Bottom],
  ['left', Position.Left],
] as const;

/**
 * A namespace box or a device card: header (kernel name, kind, state, lines), its ports on the
 * border, and a connect handle. Every kind draws the same way; only the data differs.
 *
 * Zoomed out past reading (`useDetailed`, as edges drop their labels), a frame draws its title,
 * its outline and its ports' markers only: the rest would be text under 4 px, and laying out and
 * painting it for every frame made a whole 1000-namespace document slow to open and to pan
 * (bench/web.ts). Every handle stays, so lines keep their ends.
 */
function FrameView({ id, type, data, selected, parentId, width = 0, height = 0 }: NodeProps<CanvasNode>) {
  const box = isBoxKind(type);
  const state = useInterfaceState(id);
  const drifted = useDrifted(id);
  const detailed = useDetailed();
  const highlighted = useHighlighted(id);
  const { header, headerRect: h, tablesRect } = data;
  return (
    <div
      className={`frame frame--${type} ${box ? 'frame--box' : 'frame--card'}`}
      data-frame={id}
      {...(parentId !== undefined && { 'data-parent': parentId })}
      data-selected={selected}
      data-invalid={data.invalid}
      {...(highlighted && { 'data-highlighted': true })}
      {...(!box && { 'data-oper': state })}
    >
      <div className="frame__header" style={{ left: h.x, top: h.y, width: h.width, height: h.height }}>
        <div className="frame__row">
          <span className="frame__title">{header.title}</span>
          {data.invalid && (
            <span className="badge badge--error" aria-label="has problems">
              !
            </span>
          )}
          {drifted && <span className="badge badge--warn">drift</span>}
        </div>
        {detailed && (
          <>
            <div className="frame__row">
              <span className="frame__kind">{header.kind}</span>
              {header.state && <StateChip state={state} />}
            </div>
            {header.lines.map((line) => (
              <div key={line} className="frame__line">
                {line}
              </div>
            ))}
          </>
        )}
        <Handle
          id={CONNECT_HANDLE}
          type="source"
          position={Position.Right}
          className="connect-handle"
          aria-label={`connect ${header.title}`}
          title="drag to another box or bridge to join them with a veth"
        />
      </div>
      {data.ports.map((p) => (
        <Port key={p.id} port={p} width={width} height={height} detailed={detailed} />
      ))}
      {!box &&
        SIDES.map(([side, position]) => (
          <Handle
            key={side}
            id={sideHandle(side)}
            type="source"
            position={position}
            isConnectable={false}
            className="side-handle"
          />
        ))}
      {tablesRect !== null && detailed && <TablesOverlay id={id} rect={tablesRect} />}
    </div>
  );
}

export const Frame = memo(FrameView);
