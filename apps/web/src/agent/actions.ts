import type { LinkStateEntry } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import { agent } from './connection';
import { liveStore, setLive } from './live-store';

let lastKey: { readonly nodes: unknown; readonly links: unknown; readonly name: string; readonly key: string } | null =
  null;

/** The document as the agent sees it: layout is the canvas's business only. Memoised: a drag changes only layout. */
export function documentKey(doc: Document): string {
  if (lastKey !== null && lastKey.nodes === doc.nodes && lastKey.links === doc.links && lastKey.name === doc.name)
    return lastKey.key;
  const { layout: _layout, ...rest } = doc;
  lastKey = { nodes: doc.nodes, links: doc.links, name: doc.name, key: JSON.stringify(rest) };
  return lastKey.key;
}

export function requestPlan(doc: Document): void {
  const id = agent.send({ type: 'plan', document: doc }, { type: 'plan', documentKey: documentKey(doc) });
  if (id !== null) setLive({ planning: true, error: null });
}

/**
 * What an apply and a step-through send about the plan they run (the same rules for both), or
 * null when the current plan is not of this document.
 */
export function planRun(doc: Document, force: boolean) {
  const { plan, applied } = liveStore.getState();
  if (plan === null || plan.documentKey !== documentKey(doc)) return null;
  // null: this drawing has applied nothing under its name (or the agent named no revision).
  const basedOn = applied?.topology === doc.name ? (applied.revision ?? null) : null;
  return { plan, fields: { document: doc, planHash: plan.planHash, basedOn, ...(force && { force: true as const }) } };
}

/**
 * Applies the current plan. `basedOn` says which applied document the drawing continues, so the
 * agent asks (CONFIRM_REQUIRED) before replacing a topology the drawing is not; `force` is the
 * person's answer to that question.
 */
export function requestApply(doc: Document, { force = false }: { readonly force?: boolean } = {}): void {
  const run = planRun(doc, force);
  if (run === null) return;
  const { plan, fields } = run;
  const id = agent.send({ type: 'apply', ...fields });
  if (id !== null)
    setLive({
      apply: { running: true, done: 0, total: plan.steps.length, stage: 'starting' },
      error: null,
      confirm: null,
    });
}

export function requestDown(topology: string): void {
  const id = agent.send({ type: 'down', name: topology });
  if (id !== null) setLive({ apply: { running: true, done: 0, total: 0, stage: 'tearing down' }, error: null });
}

/** Up or down for one interface the drawing shows live: the agent checks its marker names this topology and object. */
export function setInterfaceUp(
  target: Pick<LinkStateEntry, 'topology' | 'object' | 'netns' | 'ifname'>,
  up: boolean,
): void {
  const { topology, object, netns, ifname } = target;
  agent.send({ type: 'setLinkState', topology, object, netns, ifname, up });
}

export function startPing(topology: string, fromNetns: string | null, to: string, intervalMs = 1000): void {
  agent.send({ type: 'pingStart', topology, fromNetns, to, intervalMs }, { type: 'pingStart', from: fromNetns, to });
}

export function stopPing(probeId: string): void {
  agent.send({ type: 'pingStop', probeId });
}

export function requestReachability(doc: Document): void {
  const id = agent.send({ type: 'reachability', document: doc });
  if (id !== null) setLive({ reachability: { pairs: liveStore.getState().reachability?.pairs ?? [], running: true } });
}

/** Asks for every topology applied on the host ("This host"). */
export function requestHostTopologies(): void {
  const id = agent.send({ type: 'hostTopologies' });
  if (id !== null) setLive({ host: { topologies: liveStore.getState().host?.topologies ?? [], loading: true } });
}

/** Asks for the document applied last under `topology`; it arrives as `LiveState.opened`. */
export function requestOpenApplied(topology: string): void {
  agent.send({ type: 'openApplied', name: topology });
}

/**
 * Runs one lesson step's checks against the kernel (`runChecks`); the answer lands in
 * `LiveState.checks[step]`. Returns false when not connected.
 */
export function requestChecks(doc: Document, step: number): boolean {
  const key = documentKey(doc);
  const id = agent.send({ type: 'runChecks', document: doc, step }, { type: 'runChecks', step, documentKey: key });
  if (id === null) return false;
  const { checks } = liveStore.getState();
  const last = checks[step];
  setLive({
    checks: {
      ...checks,
      [step]: { running: true, results: last?.results ?? [], error: null, documentKey: last?.documentKey ?? key },
    },
  });
  return true;
}

/**
 * Keeps one lesson step's checks live (`watchChecks`): the agent runs them at once, again when a
 * namespace they involve changes, and every 5 s; each answer lands in `LiveState.checks[step]`.
 * Replaces the watch before. Returns false when not connected.
 */
export function watchChecks(doc: Document, step: number): boolean {
  const key = documentKey(doc);
  const id = agent.send({ type: 'watchChecks', document: doc, step }, { type: 'watchChecks', step, documentKey: key });
  if (id === null) return false;
  agent.replaceWatch('checks', id);
  const { checks } = liveStore.getState();
  const last = checks[step];
  setLive({
    checks: {
      ...checks,
      [step]: { running: true, results: last?.results ?? [], error: null, documentKey: last?.documentKey ?? key },
    },
  });
  return true;
}

/** Stops the live checks (`watchChecks` with no document). */
export function stopWatchingChecks(): void {
  agent.replaceWatch('checks', null);
  agent.notify({ type: 'watchChecks', document: null });
}
