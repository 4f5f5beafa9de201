import { useEffect, useState } from 'react';
import { useStore } from 'zustand';

import { agent } from '../agent/connection';
import { viewerLinkUrl } from '../agent/endpoint';
import { useLive } from '../agent/useLive';
import { viewerLinkStore } from './viewer-store';

/** Asks the agent for the viewer link (made on first use), or revokes it; the answer lands in viewerLinkStore. */
function request(type: 'viewerLink' | 'revokeViewerLink'): void {
  if (agent.send({ type }) !== null) viewerLinkStore.setState({ busy: true });
}

/**
 * Kernel > Viewer link…: the read-only link for a class to follow this page, with Copy and
 * Revoke. Revoking disconnects every viewer at once; the next link is a new one.
 */
export function LinkDialog() {
  const { token, viewers, busy, shareViewport } = useStore(viewerLinkStore);
  const connected = useLive((s) => s.status === 'connected');
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (connected) request('viewerLink');
  }, [connected]);
  const url = token === null ? null : viewerLinkUrl(token);
  const close = () => viewerLinkStore.setState({ open: false });

  return (
    <div role="dialog" aria-label="Viewer link" className="dialog viewer-link">
      <h2>Viewer link</h2>
      <p className="hint">
        Anyone with this link sees this page follow along, read-only: the drawing, the selection, the lesson step, the
        live state, the checks and the step-through. They cannot plan, apply, step, change links or ping: the agent
        refuses it. Up to 100 viewers.
      </p>
      {!connected && <p role="alert">Not connected to the agent.</p>}
      {url === null ? (
        <p>{busy ? 'Asking the agent…' : 'No viewer link.'}</p>
      ) : (
        <>
          <label className="viewer-link__url">
            <span>Link</span>
            <input type="text" readOnly value={url} aria-label="Viewer link URL" onFocus={(e) => e.target.select()} />
          </label>
          <p className="hint">{viewers === 1 ? '1 viewer' : `${viewers} viewers`} connected when last asked.</p>
        </>
      )}
      <label className="viewer-link__share">
        <input
          type="checkbox"
          checked={shareViewport}
          onChange={(e) => viewerLinkStore.setState({ shareViewport: e.target.checked })}
        />
        Viewers follow my pan and zoom (otherwise each fits the drawing to their window)
      </label>
      <div className="dialog__actions">
        <button
          type="button"
          disabled={url === null}
          onClick={() => {
            if (url === null) return;
            void navigator.clipboard?.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <button
          type="button"
          disabled={url === null || !connected || busy}
          title="the link stops working and every viewer is disconnected; the next link is a new one"
          onClick={() => {
            setCopied(false);
            request('revokeViewerLink');
          }}
        >
          Revoke
        </button>
        <button type="button" disabled={url !== null || !connected || busy} onClick={() => request('viewerLink')}>
          New link
        </button>
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
