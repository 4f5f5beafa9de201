import type { ClientMessage, HostTopology } from '@netloom/protocol';

import { errorMessage, type Context } from './context';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/**
 * "This host": every topology with objects in the kernel, read from the ownership markers (not
 * from any record, which a crash or a hand-made deletion can leave untrue), with what it holds,
 * its drift, and when and from what it was applied where a record says so.
 */
export async function handleHostTopologies(msg: Req<'hostTopologies'>, ctx: Context): Promise<void> {
  await ctx.live.settle();
  const drifted = new Map(ctx.drift.current().map((m) => [m.topology, m.changes.length]));
  const held = [...ctx.live.holdings()].sort(([a], [b]) => a.localeCompare(b));
  const topologies = await Promise.all(
    held.map(async ([name, holds]): Promise<HostTopology> => {
      const record = await ctx.applied.read(name);
      const known = record !== undefined && !('problem' in record) ? record : undefined;
      return {
        name,
        ...holds,
        drifted: drifted.get(name) ?? 0,
        ...(known !== undefined && {
          revision: known.revision,
          ...(known.appliedAt > 0 && { appliedAt: known.appliedAt }),
          ...(known.source !== undefined && { appliedFrom: known.source }),
        }),
      };
    }),
  );
  ctx.session.send({ type: 'hostTopologiesResult', id: msg.id, topologies });
}

/** The document applied last under a topology, for the designer to open as that topology. */
export async function handleOpenApplied(msg: Req<'openApplied'>, ctx: Context): Promise<void> {
  const record = await ctx.applied.read(msg.name);
  if (record === undefined || 'problem' in record) {
    const why =
      record === undefined
        ? 'no applied document is recorded for it (applied by an older netloom, or its record was removed)'
        : `its record cannot be used (${record.problem})`;
    return ctx.session.send(
      errorMessage(
        'NOT_FOUND',
        `cannot open topology ${msg.name}: ${why}; apply its file again with netloom apply FILE to record it`,
        msg.id,
      ),
    );
  }
  ctx.session.send({
    type: 'openAppliedResult',
    id: msg.id,
    topology: msg.name,
    revision: record.revision,
    ...(record.appliedAt > 0 && { appliedAt: record.appliedAt }),
    ...(record.source !== undefined && { appliedFrom: record.source }),
    document: record.document,
  });
}
