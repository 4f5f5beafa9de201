/**
 * Bump on any breaking change (a field removed or renamed, a meaning changed); additions keep
 * it. The agent refuses other versions at `hello`, and the WebSocket subprotocol names it too.
 */
export const PROTOCOL_VERSION = 1;

/** The subprotocol a client offers beside its token; it names the major version. */
export const SUBPROTOCOL = `netloom.v${PROTOCOL_VERSION}`;

/** The token travels as the subprotocol entry `netloom.token.<token>` (browsers cannot set headers). */
export const TOKEN_SUBPROTOCOL_PREFIX = 'netloom.token.';
