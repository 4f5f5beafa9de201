import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';

import type { Side } from '../model/frame';
import type { ScenePort } from '../model/scene';
import { useHighlighted } from '../highlight';
import { useInterfaceState } from '../live';
import { markerCentre } from '../to-flow';
import { StateChip } from './StateChip';

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  right: Position.Right,
  bottom: Position.Bottom,
  left: Position.Left,
};

/**
 * An interface: a marker on its frame's border, where its line meets it, and just inside, its
 * kernel name, state and addresses. The marker's colour and the label's words say the same.
 * Without `detailed` (zoomed out past reading) only the marker is drawn.
 */
function PortView({
  port,
  width,
  height,
  detailed,
}: {
  readonly port: ScenePort;
  readonly width: number;
  readonly height: number;
  readonly detailed: boolean;
}) {
  const state = useInterfaceState(port.live);
  const highlighted = useHighlighted(port.live);
  const c = markerCentre(port.side, port.offset, width, height);
  const { label, text } = port;
  return (
    <>
      <Handle
        id={port.id}
        type="source"
        position={POSITION[port.side]}
        isConnectable={false}
        className={`port-marker port-marker--${state}${highlighted ? ' port-marker--highlighted' : ''}`}
        style={{ left: c.x, top: c.y }}
        aria-label={`port ${text.name}`}
      />
      {detailed && (
        <div
          className={`port port--${port.side}`}
          data-port={port.live}
          data-state={state}
          {...(highlighted && { 'data-highlighted': true })}
          style={{ left: label.x, top: label.y, width: label.width, height: label.height }}
        >
          {port.stacked ? (
            <div className="port__row">
              <span className="port__name">{text.name}</span>
            </div>
          ) : (
            <div className="port__row">
              <span className="port__name">{text.name}</span>
              <StateChip state={state} />
            </div>
          )}
          {text.addresses.map((a) => (
            <div key={a} className="port__address">
              {a}
            </div>
          ))}
          {text.note !== undefined && <div className="port__note">{text.note}</div>}
          {/* Stacked, the state is the last row: while there is none, its place is a margin. */}
          {port.stacked && (
            <div className="port__row port__row--state">
              <StateChip state={state} />
            </div>
          )}
        </div>
      )}
    </>
  );
}

export const Port = memo(PortView);
