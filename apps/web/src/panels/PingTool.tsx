import { useState } from 'react';

import { startPing, stopPing } from '../agent/actions';
import { useAppliedTopology } from '../agent/drawing-live';
import { useLive } from '../agent/useLive';
import { useEditor } from '../hooks/useEditor';
import { documentAddresses, pingSources } from './addresses';
import { ProbeRow } from './ProbeRow';

/** Pick a source namespace and a target address; RTTs stream in live. */
export function PingTool() {
  const doc = useEditor((s) => s.doc);
  const connected = useLive((s) => s.status === 'connected');
  const probes = useLive((s) => s.probes);
  const topology = useAppliedTopology();
  const addresses = documentAddresses(doc);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const target = to.trim();
  return (
    <section role="region" aria-label="Ping" className="dock__panel">
      <form
        className="ping__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (target !== '' && topology !== null) startPing(topology, from === '' ? null : from, target);
        }}
      >
        <label>
          From
          {/* Named explicitly: a wrapping label's text would include every option's. */}
          <select aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)}>
            {pingSources(doc).map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <input
            aria-label="To"
            list="ping-targets"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="address"
            spellCheck={false}
          />
        </label>
        <datalist id="ping-targets">
          {addresses.map((a) => (
            <option key={a.label} value={a.address}>
              {a.label}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={!connected || topology === null || target === ''}>
          Start ping
        </button>
      </form>
      {!connected && <p className="hint">Ping needs the agent.</p>}
      {connected && topology === null && (
        <p className="hint">This drawing is not applied: apply it to ping from its namespaces.</p>
      )}
      <ul className="probes" aria-label="Probes">
        {Object.values(probes).map((p) => (
          <ProbeRow key={p.probeId} probe={p} onStop={() => stopPing(p.probeId)} />
        ))}
      </ul>
    </section>
  );
}
