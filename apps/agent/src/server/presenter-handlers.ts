import type { ClientMessage } from '@netloom/protocol';

import type { Context } from './context';

type Of<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** Close code for the viewers of a revoked link (4000-4999: the application's own). */
export const CLOSE_VIEWER_REVOKED = 4001;
/** A viewer that does not finish the closing handshake is cut off after this. */
const REVOKED_LINGER_MS = 1000;

/** The viewer link (made on first use, the same one until revoked) and how many watch now. */
export async function handleViewerLink(msg: Of<'viewerLink'>, ctx: Context): Promise<void> {
  const token = await ctx.viewerLinks.issue();
  ctx.session.send({
    type: 'viewerLinkResult',
    id: msg.id,
    url: ctx.viewerUrl(token),
    token,
    viewers: ctx.hub.count('viewer'),
  });
}

/** Refuses the viewer token from now on and disconnects every viewer it opened. */
export async function handleRevokeViewerLink(msg: Of<'revokeViewerLink'>, ctx: Context): Promise<void> {
  await ctx.viewerLinks.revoke();
  const viewers = ctx.hub.viewers();
  for (const viewer of viewers) {
    viewer.outbox.close(); // nothing more reaches it, not even what is broadcast while it closes
    viewer.ws.close(CLOSE_VIEWER_REVOKED, 'the viewer link was revoked');
    setTimeout(() => viewer.ws.terminate(), REVOKED_LINGER_MS).unref();
  }
  ctx.log.info('viewer link revoked', { disconnected: viewers.length });
  ctx.session.send({ type: 'viewerLinkResult', id: msg.id, url: null, token: null, viewers: 0 });
}

/** The presenter's state, relayed to every viewer; no answer. */
export function handlePresenterUpdate(msg: Of<'presenterUpdate'>, ctx: Context): Promise<void> {
  ctx.session.presenting = true;
  ctx.presenter.update(msg.document, msg.view);
  return Promise.resolve();
}
