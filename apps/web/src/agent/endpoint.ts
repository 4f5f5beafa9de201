import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@netloom/protocol';

const TOKEN_KEY = 'netloom.token';

/**
 * The token arrives in the URL fragment (`#token=…`, which never reaches a server log). It is
 * kept in sessionStorage so a reload keeps working, and removed from the address bar.
 */
export function readToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1] !== undefined) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Same origin as the page (the agent serves both), or `?agent=ws://host:port/ws` for development. */
export function agentUrl(): string {
  const override = new URLSearchParams(location.search).get('agent');
  if (override !== null) return override;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export const subprotocols = (token: string | null): string[] =>
  token === null ? [SUBPROTOCOL] : [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
