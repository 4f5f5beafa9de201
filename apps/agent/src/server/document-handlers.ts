import type { AgentMessage, ClientMessage } from '@netloom/protocol';
import { validateDocument, type Document } from '@netloom/topology';

import { confirmationMessage, type Confirmation } from '../engine/confirm';
import type { ApplyOptions, ApplyOutcome } from '../engine/types';
import { busy, errorMessage, invalidDocument, type Context } from './context';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/** The document, or null after answering with every problem (nothing runs). */
export function validDocument(ctx: Context, id: string, raw: unknown): Document | null {
  const parsed = validateDocument(raw, { limits: ctx.documentLimits });
  if (parsed.ok) return parsed.value;
  ctx.session.send(invalidDocument(id, parsed.error));
  return null;
}

export async function handlePlan(msg: Req<'plan'>, ctx: Context): Promise<void> {
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return;
  const outcome = await ctx.engine.plan(doc);
  if (!outcome.ok) return ctx.session.send(invalidDocument(msg.id, outcome.issues));
  const { topology, changes, steps, planHash } = outcome;
  ctx.session.send({ type: 'planResult', id: msg.id, topology, changes, steps, planHash });
}

export async function handleStatus(msg: Req<'status'>, ctx: Context): Promise<void> {
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return;
  const report = await ctx.engine.status(doc);
  ctx.session.send({ type: 'statusResult', id: msg.id, report });
}

/**
 * A lesson's checks against the live kernel. Not queued behind applies: checks only read, and a
 * check run during an apply shows the kernel halfway, which is what it is.
 */
export async function handleRunChecks(msg: Req<'runChecks'>, ctx: Context): Promise<void> {
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return;
  const steps = doc.lesson?.steps.length ?? 0;
  if (msg.step !== undefined && msg.step >= steps) {
    const has = steps === 0 ? 'has no lesson' : `has ${steps} steps (0 to ${steps - 1})`;
    return ctx.session.send(errorMessage('NOT_FOUND', `no step ${msg.step}: the document ${has}`, msg.id));
  }
  const started = performance.now();
  const results = await ctx.engine.checks(doc, msg.step);
  ctx.session.send({
    type: 'checkResults',
    id: msg.id,
    topology: doc.name,
    results,
    durationMs: performance.now() - started,
  });
}

/**
 * Keeps a lesson's checks live for this connection (replacing what it kept): run at once, again
 * when a namespace they involve changes, and every 5 s (checks/checks-watch.ts). `document: null` stops.
 */
export function handleWatchChecks(msg: Req<'watchChecks'>, ctx: Context): void {
  if (msg.document === null) return ctx.checks.unwatch(ctx.session);
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return ctx.checks.unwatch(ctx.session);
  const steps = doc.lesson?.steps.length ?? 0;
  if (msg.step !== undefined && msg.step >= steps) {
    ctx.checks.unwatch(ctx.session);
    const has = steps === 0 ? 'has no lesson' : `has ${steps} steps (0 to ${steps - 1})`;
    return ctx.session.send(errorMessage('NOT_FOUND', `no step ${msg.step}: the document ${has}`, msg.id));
  }
  ctx.checks.watch(ctx.session, msg.id, doc, msg.step);
}

/** Progress and every command go to every client: all of them watch the same kernel. */
export function broadcastOptions(ctx: Context, id: string, topology: string): ApplyOptions {
  return {
    onProgress: (e) =>
      ctx.hub.broadcast({ type: 'progress', id, topology, done: e.done, total: e.total, stage: e.stage }),
    onCommand: (e) =>
      ctx.hub.broadcast({
        type: 'command',
        id,
        topology,
        namespace: e.netns,
        argv: e.argv,
        exitCode: e.exitCode,
        stderr: e.stderr,
        durationMs: e.durationMs,
        ...(e.batch !== undefined && { batch: e.batch }),
        ...(e.stepIndex !== undefined && { stepIndex: e.stepIndex }),
      }),
  };
}

/**
 * Runs an apply or down in the queue, with drift checks paused, and link state read again before
 * the result goes out: a client that acts on the result (a ping from a new namespace) finds it known.
 */
async function converge(ctx: Context, run: () => Promise<ApplyOutcome>): Promise<ApplyOutcome> {
  return ctx.serial.run(async () => {
    ctx.drift.pause();
    ctx.live.setBusy(true);
    try {
      return await run();
    } finally {
      ctx.live.setBusy(false);
      await ctx.live.settle();
      ctx.drift.resume();
    }
  });
}

export async function handleApply(msg: Req<'apply'>, ctx: Context): Promise<void> {
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return;
  if (ctx.stepping.active !== null) return ctx.session.send(busy(msg.id, ctx.stepping.active.stepper.topology));
  const outcome = await converge(ctx, () =>
    ctx.engine.apply(doc, {
      ...broadcastOptions(ctx, msg.id, doc.name),
      planHash: msg.planHash,
      ...(msg.force === true && { force: true }),
      ...(msg.noRollback === true && { noRollback: true }),
      // A client that says which applied document its drawing continues is asked when it is not the one running.
      ...(msg.basedOn !== undefined && { lineage: { kind: 'designer', basedOn: msg.basedOn } }),
    }),
  );
  if (!outcome.ok && outcome.reason === 'INVALID') return ctx.session.send(invalidDocument(msg.id, outcome.issues));
  if (!outcome.ok && outcome.reason === 'CONFIRM_REQUIRED') return ctx.session.send(confirmRequired(msg.id, outcome));
  if (!outcome.ok && outcome.reason === 'PLAN_STALE') {
    return ctx.session.send(
      errorMessage('PLAN_STALE', 'the kernel changed since this plan was made; plan again and review it', msg.id),
    );
  }
  if (!('completed' in outcome)) return;
  if (outcome.ok) ctx.documents.set(doc);
  ctx.hub.broadcast({
    type: 'applyResult',
    ...runFields(msg.id, outcome),
    planHash: outcome.planHash,
    remaining: outcome.remaining,
    ...(outcome.reason !== undefined && { reason: outcome.reason }),
    ...(outcome.revision !== undefined && { revision: outcome.revision }),
    ...(outcome.rolledBack !== undefined && { rolledBack: outcome.rolledBack }),
  });
}

export function confirmRequired(id: string, outcome: { readonly confirmation: Confirmation }): AgentMessage {
  const { topology, reasons, deletes } = outcome.confirmation;
  return {
    type: 'error',
    id,
    code: 'CONFIRM_REQUIRED',
    message: confirmationMessage(outcome.confirmation, 'confirm to go on'),
    confirm: { topology, reasons, deletes },
  };
}

export async function handleDown(msg: Req<'down'>, ctx: Context): Promise<void> {
  if (ctx.stepping.active !== null) return ctx.session.send(busy(msg.id, ctx.stepping.active.stepper.topology));
  const outcome = await converge(ctx, async () => {
    const o = await ctx.engine.down(msg.name, broadcastOptions(ctx, msg.id, msg.name));
    // Before drift checks resume: a check in between would report the whole topology missing.
    if (o.ok) {
      ctx.documents.delete(msg.name);
      ctx.drift.forget(msg.name);
    }
    return o;
  });
  if (!('completed' in outcome)) {
    return ctx.session.send(errorMessage('INTERNAL', `down of ${msg.name} could not be planned`, msg.id));
  }
  ctx.hub.broadcast({ type: 'downResult', ...runFields(msg.id, outcome) });
}

function runFields(id: string, o: Extract<ApplyOutcome, { completed: number }>) {
  return {
    id,
    ok: o.ok,
    topology: o.topology,
    completed: o.completed,
    total: o.steps.length,
    processes: o.processes,
    durationMs: o.durationMs,
    ...(o.failed !== undefined && { failed: o.failed }),
  };
}
