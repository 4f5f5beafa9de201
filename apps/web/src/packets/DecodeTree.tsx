import type { DecodedPacket } from '@netloom/packets';

import type { ByteRange } from './HexView';
import { LAYER_NAMES } from './layer-names';

const show = (v: string | number | boolean): string => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

/**
 * The packet's layers in wire order, each with its fields; a VXLAN packet's inner frame is
 * indented under the tunnel header. Choosing a layer or a field highlights its bytes.
 */
export function DecodeTree({
  packet,
  selected,
  onSelect,
}: {
  readonly packet: DecodedPacket;
  readonly selected: ByteRange | null;
  readonly onSelect: (range: ByteRange) => void;
}) {
  // How many VXLAN headers come before each layer: its inner frames are indented under them.
  const levels = packet.layers.map((_, i) => packet.layers.slice(0, i).filter((l) => l.kind === 'vxlan').length);
  return (
    <div className="decode" role="region" aria-label="Decoded layers">
      {packet.layers.map((layer, i) => {
        const level = levels[i] ?? 0;
        const name = LAYER_NAMES[layer.kind];
        const isOn = (r: { offset: number; length: number }) =>
          selected !== null && selected.offset === r.offset && selected.length === r.length;
        return (
          <section
            key={i}
            aria-label={`${name} layer`}
            className="decode__layer"
            style={{ marginLeft: level * 14 }}
            data-kind={layer.kind}
          >
            {level > 0 && layer.kind === 'ethernet' && <div className="decode__inner">Inner frame (inside VXLAN)</div>}
            <button
              type="button"
              className="decode__head"
              aria-pressed={isOn(layer)}
              onClick={() => onSelect({ offset: layer.offset, length: layer.length, label: name })}
            >
              <strong>{name}</strong> {layer.summary}
            </button>
            <ul>
              {layer.fields.map((f) => (
                <li key={f.name}>
                  <button
                    type="button"
                    className="decode__field"
                    aria-pressed={isOn(f) && selected?.label === f.label}
                    onClick={() => onSelect({ offset: f.offset, length: f.length, label: f.label })}
                  >
                    {f.label}: <span className="decode__value">{show(f.value)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
