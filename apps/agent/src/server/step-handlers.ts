import type { AgentMessage, ChangeSummary, ClientMessage, StepRun } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import type { Stepper } from '../engine/step-through';
import { busy, errorMessage, invalidDocument, type Context, type Services } from './context';
import { broadcastOptions, confirmRequired, validDocument } from './document-handlers';
import type { Session } from './session';

type Req<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;

/**
 * The agent's one step-through (engine/step-through.ts): it holds the apply lock, so there is at
 * most one per host. Only the client that started it moves it; every client is told where it stands.
 */
export class StepSessions {
  active: { readonly owner: Session; readonly doc: Document; readonly stepper: Stepper } | null = null;
}

export async function handleStepStart(msg: Req<'stepStart'>, ctx: Context): Promise<void> {
  const doc = validDocument(ctx, msg.id, msg.document);
  if (doc === null) return;
  if (ctx.stepping.active !== null) return ctx.session.send(busy(msg.id, ctx.stepping.active.stepper.topology));
  const start = await ctx.serial.run(() =>
    ctx.engine.stepThrough(doc, {
      planHash: msg.planHash,
      ...(msg.force === true && { force: true }),
      ...(msg.basedOn !== undefined && { lineage: { kind: 'designer', basedOn: msg.basedOn } }),
    }),
  );
  if (!start.ok && start.reason === 'INVALID') return ctx.session.send(invalidDocument(msg.id, start.issues));
  if (!start.ok && start.reason === 'CONFIRM_REQUIRED') return ctx.session.send(confirmRequired(msg.id, start));
  if (!start.ok) {
    return ctx.session.send(
      errorMessage('PLAN_STALE', 'the kernel changed since this plan was made; plan again and review it', msg.id),
    );
  }
  // A second start that raced this one: only one session holds the lock at a time, but be sure.
  const racing = ctx.stepping.active as StepSessions['active'];
  if (racing !== null) {
    await start.stepper.end();
    return ctx.session.send(busy(msg.id, racing.stepper.topology));
  }
  ctx.stepping.active = { owner: ctx.session, doc, stepper: start.stepper };
  // Every command would otherwise be reported as drift of what is not there yet.
  ctx.drift.pause();
  ctx.hub.broadcast(stepState(msg.id, start.stepper, 'active'));
}

export async function handleStepNext(msg: Req<'stepNext'>, ctx: Context): Promise<void> {
  const stepper = movable(msg, ctx);
  if (stepper === null) return;
  const outcome = await running(ctx, () => stepper.next(broadcastOptions(ctx, msg.id, stepper.topology)));
  if (!outcome.ok) return ctx.session.send(errorMessage('STEP_REFUSED', outcome.refused, msg.id));
  ctx.hub.broadcast(stepState(msg.id, stepper, 'active', outcome.run));
}

export async function handleStepBack(msg: Req<'stepBack'>, ctx: Context): Promise<void> {
  const stepper = movable(msg, ctx);
  if (stepper === null) return;
  const outcome = await running(ctx, () => stepper.back(broadcastOptions(ctx, msg.id, stepper.topology)));
  if (!outcome.ok) return ctx.session.send(errorMessage('STEP_REFUSED', outcome.refused, msg.id));
  ctx.hub.broadcast(stepState(msg.id, stepper, 'active', outcome.run));
}

export async function handleStepRunToEnd(msg: Req<'stepRunToEnd'>, ctx: Context): Promise<void> {
  const stepper = movable(msg, ctx);
  const active = ctx.stepping.active;
  if (stepper === null || active === null) return;
  const result = await running(ctx, () => stepper.runToEnd(broadcastOptions(ctx, msg.id, stepper.topology)));
  if (result.failed === undefined && result.remaining.length === 0) ctx.documents.set(active.doc);
  finish(ctx);
  ctx.hub.broadcast(stepState(msg.id, stepper, 'finished', result.failed, result.remaining));
}

export async function handleStepStop(msg: Req<'stepStop'>, ctx: Context): Promise<void> {
  const active = ctx.stepping.active;
  if (active === null || active.stepper.topology !== msg.topology)
    return ctx.session.send(errorMessage('STEP_REFUSED', `no step-through of ${msg.topology} is running`, msg.id));
  if (active.owner !== ctx.session)
    return ctx.session.send(
      errorMessage('STEP_REFUSED', 'another client is stepping through it; only it can stop', msg.id),
    );
  await stopStepping(ctx, msg.id);
}

/** Ends the step-through of the client that left, leaving the kernel as it is (the journal keeps what it made). */
export async function stepOwnerLeft(services: Services, session: Session): Promise<void> {
  if (services.stepping.active?.owner === session) await stopStepping(services, 'disconnected');
}

async function stopStepping(services: Services, id: string): Promise<void> {
  const active = services.stepping.active;
  if (active === null) return;
  await services.serial.run(() => active.stepper.end());
  finish(services);
  services.hub.broadcast(stepState(id, active.stepper, 'stopped'));
}

function finish(services: Services): void {
  services.stepping.active = null;
  services.drift.resume();
}

/** The session's stepper when this request may move it; otherwise answers why not and gives null. */
function movable(msg: Req<'stepNext' | 'stepBack' | 'stepRunToEnd'>, ctx: Context): Stepper | null {
  const active = ctx.stepping.active;
  const refuse = (message: string) => (ctx.session.send(errorMessage('STEP_REFUSED', message, msg.id)), null);
  if (active === null || active.stepper.topology !== msg.topology)
    return refuse(`no step-through of ${msg.topology} is running: start one with Step`);
  if (active.owner !== ctx.session) return refuse(`another client is stepping through ${msg.topology}`);
  const { stepper } = active;
  if (msg.planHash !== stepper.planHash)
    return refuse('this request is for another plan than the running step-through');
  if (msg.index !== stepper.done)
    return refuse(
      `out of order: ${stepper.done} of ${stepper.steps.length} commands have run, not ${msg.index}; nothing was run`,
    );
  return stepper;
}

/** One move at a time, after any apply already queued, with live state read on a clock meanwhile. */
function running<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  return ctx.serial.run(async () => {
    ctx.live.setBusy(true);
    try {
      return await run();
    } finally {
      ctx.live.setBusy(false);
      await ctx.live.settle();
    }
  });
}

function stepState(
  id: string,
  stepper: Stepper,
  state: 'active' | 'finished' | 'stopped',
  last?: StepRun,
  remaining?: readonly ChangeSummary[],
): AgentMessage {
  return {
    type: 'stepState',
    id,
    topology: stepper.topology,
    planHash: stepper.planHash,
    steps: stepper.steps,
    done: stepper.done,
    state,
    ...(last !== undefined && { last }),
    ...(remaining !== undefined && { remaining }),
    ...(stepper.revision !== undefined && { revision: stepper.revision }),
  };
}
