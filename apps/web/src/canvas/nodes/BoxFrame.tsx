import { useDrifted } from '../../agent/drawing-live';
import type { BoxData } from '../to-flow';
import { NodeHandles } from './NodeHandles';

/** The frame shared by namespace and root boxes; devices render inside it as child nodes. */
export function BoxFrame({
  id,
  kind,
  data,
  selected,
}: {
  readonly id: string;
  readonly kind: 'namespace' | 'root';
  readonly data: BoxData;
  readonly selected: boolean;
}) {
  const drifted = useDrifted(id);
  return (
    <div className={`box box--${kind}`} data-selected={selected} data-invalid={data.invalid}>
      <div className="box__header">
        <span className="box__title">{data.title}</span>
        <span className="box__subtitle">{data.subtitle}</span>
        {data.invalid && (
          <span className="badge badge--error" aria-label="has problems">
            !
          </span>
        )}
        {drifted && <span className="badge badge--warn">drift</span>}
      </div>
      <NodeHandles label={data.title} />
    </div>
  );
}
