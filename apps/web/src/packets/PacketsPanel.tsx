import { decodePacket } from '@netloom/packets';
import type { CaptureStopReason } from '@netloom/protocol';
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';

import {
  captureStore,
  clearPackets,
  packetRing,
  RING_PACKETS,
  stopCapture,
  type CapturePacket,
  type CaptureView,
} from './capture-store';
import { DecodeTree } from './DecodeTree';
import { captureFile, downloadBytes } from './download';
import { HexView, type ByteRange } from './HexView';
import { ifaceName, PacketList } from './PacketList';
import { rowMatches, showOnlyWords } from './show-only';
import './packets.css';

const fmt = new Intl.NumberFormat('en');

function stopText(c: CaptureView): string {
  const s = c.stopped;
  if (s === null) return c.state === 'stopping' ? 'stopping…' : 'capturing';
  const why: Record<CaptureStopReason, string> = {
    stopped: 'stopped',
    packetLimit: `stopped: its limit of ${fmt.format(c.limits.packets)} packets was reached`,
    byteLimit: `stopped: its limit of ${fmt.format(c.limits.bytes)} bytes was reached`,
    timeLimit: `stopped: its time limit of ${fmt.format(c.limits.seconds)} s was reached`,
    client: 'ended: the connection to the agent was lost',
    error: `ended by an error${s.detail === undefined ? '' : `: ${s.detail}`}`,
  };
  return `${why[s.reason]} (${fmt.format(s.packets)} packets${s.dropped > 0 ? `, ${fmt.format(s.dropped)} dropped by the agent` : ''})`;
}

/**
 * The Packets panel (a chunk of its own): every capture's packets in one timeline, the selected
 * packet's layers and bytes, and what each capture is doing. Pause freezes the list (packets keep
 * arriving into the page's ring); Clear empties it; Stop ends this page's captures; the downloads
 * hold every packet the page keeps.
 */
export default function PacketsPanel() {
  const captures = useStore(captureStore, (s) => s.captures);
  const version = useStore(captureStore, (s) => s.version);
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [selected, setSelected] = useState<CapturePacket | null>(null);
  const [range, setRange] = useState<ByteRange | null>(null);
  const [showOnly, setShowOnly] = useState('');
  const decoded = useMemo(
    () => (selected === null ? null : decodePacket(selected.data, selected.linkType)),
    [selected],
  );

  // A canvas trace is the markers' own (headers only): not listed, not stopped from here.
  const list = Object.values(captures).filter((c) => !c.trace);
  const running = list.filter((c) => c.state !== 'stopped');
  const mineRunning = running.filter((c) => c.mine);
  const end = pausedAt === null ? packetRing.end : Math.min(pausedAt, packetRing.end);
  const from = packetRing.first;
  const waiting = pausedAt === null ? 0 : packetRing.end - end;
  void version; // the ring changed: read it again
  // With "Show only" words the list is the matching packets of the ring (at most 5,000 to test).
  const words = showOnlyWords(showOnly);
  const shown: CapturePacket[] | null = words.length === 0 ? null : [];
  if (shown !== null)
    for (let i = from; i < end; i++) {
      const p = packetRing.at(i);
      if (p !== undefined && rowMatches(p, ifaceName(captures, p), words)) shown.push(p);
    }

  const download = (format: 'pcap' | 'pcapng') => {
    const packets = packetRing.slice();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    downloadBytes(`netloom-capture-${stamp}.${format}`, captureFile(format, packets, captures));
  };

  return (
    <div className="packets" aria-label="Packets panel" role="region">
      <div className="packets__bar">
        <button
          type="button"
          aria-pressed={pausedAt !== null}
          onClick={() => setPausedAt(pausedAt === null ? packetRing.end : null)}
        >
          {pausedAt === null ? 'Pause' : 'Resume'}
        </button>
        <button
          type="button"
          onClick={() => {
            clearPackets();
            setSelected(null);
            setRange(null);
            if (pausedAt !== null) setPausedAt(packetRing.end);
          }}
        >
          Clear
        </button>
        <button
          type="button"
          disabled={mineRunning.length === 0}
          onClick={() => mineRunning.forEach((c) => stopCapture(c.captureId))}
        >
          Stop
        </button>
        <button type="button" disabled={packetRing.size === 0} onClick={() => download('pcap')}>
          Download .pcap
        </button>
        <button type="button" disabled={packetRing.size === 0} onClick={() => download('pcapng')}>
          Download .pcapng
        </button>
        <label className="packets__show">
          Show only
          <input
            type="search"
            value={showOnly}
            placeholder="words, e.g. echo"
            title="List only packets whose row has every word typed (protocol, address, interface, summary); the capture and its downloads keep every packet"
            onChange={(e) => setShowOnly(e.target.value)}
          />
        </label>
        <span className="packets__count" role="status">
          {shown === null
            ? `${fmt.format(end - from)} packets`
            : `${fmt.format(shown.length)} of ${fmt.format(end - from)} packets shown`}
          {waiting > 0 && ` · paused, ${fmt.format(waiting)} new`}
          {from > 0 && packetRing.size === RING_PACKETS && ` · the page keeps the last ${fmt.format(RING_PACKETS)}`}
        </span>
      </div>
      {list.length === 0 ? (
        <p className="hint packets__empty">
          No capture yet. Select a link, a device or a namespace on the canvas and choose Capture in the inspector.
        </p>
      ) : (
        <ul className="packets__captures" aria-label="Captures">
          {list.map((c) => (
            <li key={c.captureId} data-state={c.state}>
              <strong>{c.ifaces.map((i) => `${i.netns ?? 'host'} ${i.ifname}`).join(', ')}</strong>
              {c.filter !== '' && (
                <>
                  {' '}
                  · filter <code>{c.filter}</code>
                </>
              )}{' '}
              · {c.mine ? '' : "presenter's · "}
              <span className="packets__state">{stopText(c)}</span>
              {c.state === 'running' &&
                c.dropped > 0 &&
                ` · ${fmt.format(c.dropped)} dropped by the agent (reading too slowly)`}
            </li>
          ))}
        </ul>
      )}
      <div className="packets__main">
        <PacketList
          from={shown === null ? from : 0}
          to={shown === null ? end : shown.length}
          at={shown === null ? (i) => packetRing.at(i) : (i) => shown[i]}
          captures={captures}
          selectedSeq={selected?.seq ?? null}
          onSelect={(p) => {
            setSelected(p);
            setRange(null);
          }}
        />
        <div className="packets__detail">
          {selected === null || decoded === null ? (
            <p className="hint">Choose a packet to see its layers and bytes.</p>
          ) : (
            <>
              <p className="packets__which">
                No. {selected.seq} on {ifaceName(captures, selected)}, {selected.length} bytes
                {selected.data.length < selected.length && ` (${selected.data.length} captured)`}
              </p>
              <DecodeTree packet={decoded} selected={range} onSelect={setRange} />
              <HexView data={selected.data} highlight={range} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}
