import { useId } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

import { useAppliedTopology } from '../agent/drawing-live';
import type { LiveState } from '../agent/live-store';
import { useLive } from '../agent/useLive';
import { showDock } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
import { useSession } from '../hooks/useSession';
import { captureStore, clearStartError, startCapture } from './capture-store';
import { liveTargets, selectionObjects, type Target } from './capture-targets';

/** The filter typed, kept while the selection changes (one filter for the next capture). */
const filterStore = createStore<{ readonly text: string }>()(() => ({ text: '' }));

const named = (t: Target) => `${t.netns ?? 'host'} ${t.ifname}`;

/**
 * Capture in the inspector: on the selection's interfaces (a link's two ends, a device and its
 * ports, a namespace's interfaces, or all of a multiple selection), in their namespaces, with a
 * BPF filter sent as typed. The agent checks the filter; its refusal shows under the field.
 * Control pages only, while the drawing is applied.
 */
export function CaptureSection() {
  const doc = useEditor((s) => s.doc);
  const selected = useSession((s) => s.selected);
  const topology = useAppliedTopology();
  const control = useLive((s) => s.status === 'connected' && s.role === 'control');
  const applied = useLive((s) => s.applied);
  const links = useLive((s) => s.links);
  const filter = useStore(filterStore, (s) => s.text);
  const starting = useStore(captureStore, (s) => s.starting !== null);
  const error = useStore(captureStore, (s) => s.startError);
  const id = useId();
  if (!control || topology === null || selected.length === 0) return null;
  const objects = selectionObjects(doc, selected);
  if (objects.length === 0) return null;
  const { targets, more } = liveTargets(doc, { applied, links } as LiveState, objects);
  const start = (on: readonly Target[]) => {
    if (startCapture({ topology, targets: on, filter })) showDock('packets');
  };
  const oneLink = selected.length === 1 && doc.links.some((l) => l.id === selected[0]) && targets.length === 2;
  return (
    <section className="capture" aria-label="Capture packets">
      <h3>Capture packets</h3>
      {targets.length === 0 ? (
        <p className="hint">Nothing here is applied yet: apply the drawing to capture.</p>
      ) : (
        <>
          <div className="field" data-invalid={error !== null}>
            <label htmlFor={id}>Capture filter (BPF)</label>
            <input
              id={id}
              value={filter}
              placeholder="e.g. icmp or udp port 4789"
              spellCheck={false}
              aria-invalid={error !== null}
              aria-describedby={error !== null ? `${id}-error` : undefined}
              onChange={(e) => {
                filterStore.setState({ text: e.target.value });
                clearStartError();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') start(targets);
              }}
            />
            {error !== null && (
              <p role="alert" id={`${id}-error`} className="field__issue">
                {error.message}
              </p>
            )}
          </div>
          <button type="button" disabled={starting} onClick={() => start(targets)}>
            {targets.length === 1
              ? `Capture on ${named(targets[0] as Target)}`
              : `Capture on ${targets.length} interfaces`}
          </button>
          {oneLink &&
            targets.map((t) => (
              <button key={t.object} type="button" disabled={starting} onClick={() => start([t])}>
                Only {named(t)}
              </button>
            ))}
          <p className="hint">
            {targets.map(named).join(', ')}
            {more > 0 && ` (and ${more} more: a capture takes 8 interfaces at most)`}
          </p>
        </>
      )}
    </section>
  );
}
