import type { ClientMessage } from '@netloom/protocol';

import { errorMessage, type Context } from './context';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/**
 * Watch the tables of some namespaces of a topology (replacing what this connection watched). A
 * namespace that is not the topology's gets `tables` with an `error` rather than its rows, and
 * rows once it is applied; in the root namespace only the rows of the topology's interfaces.
 */
export function handleWatchTables(msg: Req<'watchTables'>, ctx: Context): void {
  if (ctx.tables === null)
    return ctx.session.send(errorMessage('SERVICE_UNAVAILABLE', 'this agent has no netlink reader for tables', msg.id));
  ctx.session.send({ type: 'tablesWatched', id: msg.id, topology: msg.topology, namespaces: msg.namespaces });
  ctx.tables.watch(ctx.session.outbox, msg.topology, msg.namespaces);
}
