import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@netloom/protocol';

const TOKEN_KEY = 'netloom.token';
/** Set when the tab was opened with a viewer link (`#viewer=…`): the token is then a viewer's. */
const VIEWER_KEY = 'netloom.viewer';

/**
 * The token arrives in the URL fragment (`#token=…`, or `#viewer=…` for a viewer link; a fragment
 * never reaches a server log). It is kept in sessionStorage so a reload keeps working, and removed
 * from the address bar.
 */
export function readToken(): string | null {
  const match = /(?:^#|&)(token|viewer)=([^&]+)/.exec(location.hash);
  if (match?.[2] !== undefined) {
    const token = decodeURIComponent(match[2]);
    sessionStorage.setItem(TOKEN_KEY, token);
    if (match[1] === 'viewer') sessionStorage.setItem(VIEWER_KEY, '1');
    else sessionStorage.removeItem(VIEWER_KEY);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * True when this tab was opened with a viewer link: the page then only follows the presenter
 * (the agent refuses anything else from its session anyway). Reads the fragment first.
 */
export function isViewerPage(): boolean {
  readToken();
  return sessionStorage.getItem(VIEWER_KEY) === '1';
}

/** The viewer link for a token, on the origin this page was served from (what works for the presenter). */
export const viewerLinkUrl = (token: string): string => `${location.origin}${location.pathname}#viewer=${token}`;

/** Same origin as the page (the agent serves both), or `?agent=ws://host:port/ws` for development. */
export function agentUrl(): string {
  const override = new URLSearchParams(location.search).get('agent');
  if (override !== null) return override;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export const subprotocols = (token: string | null): string[] =>
  token === null ? [SUBPROTOCOL] : [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
