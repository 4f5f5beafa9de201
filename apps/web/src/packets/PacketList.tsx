import { useLayoutEffect, useRef, useState } from 'react';

import type { CapturePacket, CaptureView } from './capture-store';

/**
 * Row height in px (CSS `.plist__body .plist__row` matches): two lines, the columns and then the
 * one-line summary, so both stay readable beside the decode at 1024 px. Only rows in view are drawn.
 */
export const ROW_PX = 44;
/** Rows drawn beyond the visible ones, above and below, so a fast scroll shows no gap. */
const OVERSCAN = 8;

const time = (atUs: number): string => {
  const d = new Date(atUs / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  // Minutes, seconds, milliseconds: the hour says nothing within a lesson and costs width.
  return `${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(Math.floor((atUs % 1e6) / 1000), 3)}`;
};

export function ifaceName(captures: Readonly<Record<string, CaptureView>>, p: CapturePacket): string {
  const i = captures[p.captureId]?.ifaces[p.iface];
  return i === undefined ? `if${p.iface}` : `${i.netns ?? 'host'} ${i.ifname}`;
}

/**
 * The packets from absolute ring index `from` to `to`, virtualised: only the rows in view (and a
 * few around) are in the DOM, so thousands of packets cost what thirty do. It follows the newest
 * packet while scrolled to the bottom; scrolling up stops following.
 */
export function PacketList({
  from,
  to,
  at,
  captures,
  selectedSeq,
  onSelect,
}: {
  readonly from: number;
  readonly to: number;
  readonly at: (index: number) => CapturePacket | undefined;
  readonly captures: Readonly<Record<string, CaptureView>>;
  readonly selectedSeq: number | null;
  readonly onSelect: (packet: CapturePacket) => void;
}) {
  const box = useRef<HTMLDivElement | null>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  const follow = useRef(true);
  const count = Math.max(0, to - from);

  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    if (follow.current) el.scrollTop = el.scrollHeight;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
  }, [count, to]);

  const first = Math.max(0, Math.floor(scroll.top / ROW_PX) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scroll.top + scroll.height) / ROW_PX) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const p = at(from + i);
    if (p === undefined) continue;
    rows.push(
      <div
        key={p.seq}
        role="row"
        aria-selected={p.seq === selectedSeq}
        aria-rowindex={i + 2}
        className="plist__row"
        style={{ top: i * ROW_PX }}
        onClick={() => onSelect(p)}
      >
        <span role="cell" className="plist__no">
          {p.seq}
        </span>
        <span role="cell">{time(p.atUs)}</span>
        <span role="cell">{ifaceName(captures, p)}</span>
        <span role="cell" className="plist__addr">
          {p.src} → {p.dst}
        </span>
        <span role="cell">{p.protocol}</span>
        <span role="cell" className="plist__len">
          {p.length}
        </span>
        <span role="cell" className="plist__info" title={p.summary}>
          {p.summary}
        </span>
      </div>,
    );
  }
  return (
    <div
      className="plist"
      role="grid"
      aria-label="Packets"
      aria-rowcount={count + 1}
      tabIndex={0}
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX;
        setScroll({ top: el.scrollTop, height: el.clientHeight });
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        e.preventDefault();
        let i = from;
        for (let j = from; j < to; j++) if (at(j)?.seq === selectedSeq) i = j + (e.key === 'ArrowDown' ? 1 : -1);
        const p = at(Math.min(to - 1, Math.max(from, i)));
        if (p !== undefined) onSelect(p);
      }}
    >
      <div role="row" aria-rowindex={1} className="plist__row plist__head">
        <span role="columnheader">No.</span>
        <span role="columnheader">Time</span>
        <span role="columnheader">Interface</span>
        <span role="columnheader">Source → Destination</span>
        <span role="columnheader">Protocol</span>
        <span role="columnheader" title="Length on the wire, bytes">
          Len
        </span>
        <span role="columnheader" className="plist__info">
          Info
        </span>
      </div>
      <div className="plist__body" style={{ height: count * ROW_PX }}>
        {rows}
      </div>
    </div>
  );
}
