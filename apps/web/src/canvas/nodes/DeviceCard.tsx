import { useDrifted, useObjectOper } from '../../agent/drawing-live';
import type { DeviceData, DeviceKind } from '../to-flow';
import { NodeHandles } from './NodeHandles';

const ICON = { bridge: '⇶', tap: '◧', tun: '◨', vxlan: '⥈' } as const satisfies Record<DeviceKind, string>;

/** A device's card: kind, name, addresses; coloured by the kernel's link state when live. */
export function DeviceCard({
  id,
  kind,
  data,
  selected,
}: {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly data: DeviceData;
  readonly selected: boolean;
}) {
  const oper = useObjectOper(id);
  const drifted = useDrifted(id);
  return (
    <div className={`device device--${kind}`} data-selected={selected} data-invalid={data.invalid} data-oper={oper}>
      <span className="device__icon" aria-hidden="true">
        {ICON[kind]}
      </span>
      <div className="device__body">
        <div className="device__name">
          {data.name} <span className="device__kind">{kind}</span>
        </div>
        {data.lines.map((line) => (
          <div key={line} className="device__line">
            {line}
          </div>
        ))}
      </div>
      {data.invalid && (
        <span className="badge badge--error" aria-label="has problems">
          !
        </span>
      )}
      {drifted && <span className="badge badge--warn">drift</span>}
      <NodeHandles label={data.name} />
    </div>
  );
}
