import type { HostTopology } from '@netloom/protocol';
import { useEffect, useState } from 'react';

import { requestDown, requestHostTopologies, requestOpenApplied } from '../../agent/actions';
import { useLive } from '../../agent/useLive';
import { useEditor } from '../../hooks/useEditor';

const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function appliedText(t: HostTopology): string {
  if (t.revision === undefined) return 'not recorded';
  const at = t.appliedAt === undefined || t.appliedAt === 0 ? 'at a time not recorded' : when.format(t.appliedAt);
  if (t.appliedFrom?.kind === 'file') return `${at}, from ${t.appliedFrom.path}`;
  if (t.appliedFrom?.kind === 'designer') return `${at}, from the designer`;
  return at;
}

/** The topologies on the host changed (an apply or down, by anyone): a key that says so. */
const topologiesKey = (links: Readonly<Record<string, { topology: string; present: boolean }>>): string =>
  [...new Set(Object.values(links).flatMap((e) => (e.present ? [e.topology] : [])))].sort().join(' ');

/**
 * "This host": every topology applied on the host, as the agent reads it from the ownership
 * markers, with what it holds and when it was applied. Open loads the document that was applied;
 * Tear down removes it (after a second click that says what goes).
 */
export function HostDialog({ problem, onClose }: { readonly problem: string | null; readonly onClose: () => void }) {
  const host = useLive((s) => s.host);
  const connected = useLive((s) => s.status === 'connected');
  const running = useLive((s) => s.apply?.running === true);
  const result = useLive((s) => s.apply?.result);
  const onHost = useLive((s) => topologiesKey(s.links));
  const drawing = useEditor((s) => s.doc.name);
  const applied = useLive((s) => s.applied?.topology);
  const [confirming, setConfirming] = useState<string | null>(null);

  // What the host holds changes with every apply and down, from here, another page or the CLI.
  useEffect(() => {
    requestHostTopologies();
  }, [result, onHost]);

  const topologies = host?.topologies ?? [];
  return (
    <div role="dialog" aria-label="This host" className="dialog host">
      <h2>This host</h2>
      <p className="hint">
        Every topology applied on this host, read from netloom&apos;s ownership markers in the kernel. Each keeps
        running whatever drawing is open.
      </p>
      {problem !== null && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {host?.loading === true && topologies.length === 0 && <p>Reading the host…</p>}
      {host?.loading === false && topologies.length === 0 && <p>No topology is applied on this host.</p>}
      {topologies.length > 0 && (
        <table className="host__table" aria-label="Applied topologies">
          <thead>
            <tr>
              <th scope="col">Topology</th>
              <th scope="col">Holds</th>
              <th scope="col">Applied</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {topologies.map((t) => (
              <tr key={t.name} aria-label={t.name}>
                <th scope="row">
                  {t.name}
                  {applied === t.name && drawing === t.name && <span className="hint"> (this drawing)</span>}
                  {t.drifted > 0 && (
                    <span className="badge badge--warn" title={`${plural(t.drifted, 'object')} no longer match`}>
                      drift
                    </span>
                  )}
                </th>
                <td>
                  {plural(t.namespaces, 'namespace')}, {plural(t.interfaces, 'interface')}
                </td>
                <td>{appliedText(t)}</td>
                <td>
                  <div className="host__actions">
                    {confirming === t.name ? (
                      <>
                        <span>
                          Delete its {plural(t.namespaces, 'namespace')} and {plural(t.interfaces, 'interface')}?
                        </span>
                        <button
                          type="button"
                          disabled={!connected || running}
                          onClick={() => {
                            setConfirming(null);
                            requestDown(t.name);
                          }}
                        >
                          Tear down {t.name}
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          aria-label={`Open ${t.name}`}
                          disabled={!connected || t.revision === undefined}
                          title={
                            t.revision === undefined
                              ? 'no applied document is recorded for it (applied by an older netloom?)'
                              : 'open the document that was applied'
                          }
                          onClick={() => requestOpenApplied(t.name)}
                        >
                          Open
                        </button>
                        <button
                          type="button"
                          aria-label={`Tear down ${t.name}…`}
                          disabled={!connected || running}
                          onClick={() => setConfirming(t.name)}
                        >
                          Tear down…
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog__actions">
        <button type="button" disabled={!connected} onClick={() => requestHostTopologies()}>
          Refresh
        </button>
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
