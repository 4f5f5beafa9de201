import { useEffect, useRef } from 'react';

export type ByteRange = { readonly offset: number; readonly length: number; readonly label: string };

const BYTES_PER_ROW = 16;
const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/**
 * The packet's bytes, 16 a row, with the selected field's bytes highlighted (and scrolled to).
 * No ASCII column: a class reads headers, and the row fits beside the decode tree at 1024 px.
 */
export function HexView({ data, highlight }: { readonly data: Uint8Array; readonly highlight: ByteRange | null }) {
  const on = useRef<HTMLSpanElement | null>(null);
  useEffect(() => {
    on.current?.scrollIntoView({ block: 'nearest' });
  }, [highlight, data]);
  const from = highlight?.offset ?? -1;
  const to = highlight === null ? -1 : highlight.offset + highlight.length;
  const rows = [];
  for (let row = 0; row < data.length; row += BYTES_PER_ROW) {
    const cells = [];
    for (let i = row; i < Math.min(row + BYTES_PER_ROW, data.length); i++) {
      const lit = i >= from && i < to;
      cells.push(
        <span
          key={i}
          className={lit ? 'hex__byte hex__byte--on' : 'hex__byte'}
          data-on={lit || undefined}
          ref={lit && i === from ? on : undefined}
        >
          {hex2(data[i] as number)}
        </span>,
      );
    }
    rows.push(
      <div key={row} className="hex__row">
        <span className="hex__offset">{row.toString(16).padStart(4, '0')}</span>
        {cells}
      </div>,
    );
  }
  return (
    <div
      className="hex"
      role="region"
      aria-label={highlight === null ? 'Packet bytes' : `Packet bytes, ${highlight.label} highlighted`}
    >
      {rows}
    </div>
  );
}
