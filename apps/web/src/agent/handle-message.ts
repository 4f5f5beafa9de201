import type { AgentMessage } from '@netloom/protocol';

import { COMMAND_LOG_LIMIT, SPARK_POINTS, liveKey, tablesKey, type LiveState, type ProbeView } from './live-store';

/** What a request was, so its answer can be understood (ping answers carry no from/to). */
export type PendingRequest =
  | { readonly type: 'plan'; readonly documentKey: string }
  | { readonly type: 'runChecks' | 'watchChecks'; readonly step: number; readonly documentKey: string }
  | {
      readonly type:
        | 'apply'
        | 'down'
        | 'status'
        | 'setLinkState'
        | 'subscribe'
        | 'reachability'
        | 'pingStop'
        | 'hostTopologies'
        | 'openApplied'
        | 'stepStart'
        | 'stepNext'
        | 'stepBack'
        | 'stepRunToEnd'
        | 'stepStop'
        | 'captureStart'
        | 'captureStop';
    }
  | { readonly type: 'pingStart'; readonly from: string | null; readonly to: string };

/** Pure: the live-state change one agent message makes. */
export function reduceMessage(
  s: LiveState,
  msg: AgentMessage,
  pending: PendingRequest | undefined,
  now: number,
): Partial<LiveState> {
  switch (msg.type) {
    case 'hello':
      return {
        status: 'connected',
        statusText: `connected to agent ${msg.agentVersion}`,
        agentVersion: msg.agentVersion,
        role: msg.role ?? 'control',
      };
    case 'planResult':
      return {
        planning: false,
        error: null,
        plan: {
          topology: msg.topology,
          planHash: msg.planHash,
          changes: msg.changes,
          steps: msg.steps,
          documentKey: pending?.type === 'plan' ? pending.documentKey : '',
        },
      };
    case 'progress':
      return { apply: { running: true, done: msg.done, total: msg.total, stage: msg.stage } };
    case 'command':
      return { commands: [...s.commands, msg].slice(-COMMAND_LOG_LIMIT) };
    case 'applyResult':
    case 'downResult': {
      // A finished apply makes the plan stale: the kernel moved.
      const ended: Partial<LiveState> = {
        apply: {
          running: false,
          done: msg.completed,
          total: msg.total,
          stage: msg.ok ? 'done' : 'failed',
          result: msg,
        },
        plan: null,
      };
      // This page's apply made the drawing that topology (even a failed one built some of it).
      if (msg.type === 'applyResult' && pending?.type === 'apply') {
        // Without a revision (nothing ran), the drawing still continues what it continued.
        const revision = msg.revision ?? (s.applied?.topology === msg.topology ? s.applied.revision : undefined);
        return { ...ended, applied: { topology: msg.topology, ...(revision !== undefined && { revision }) } };
      }
      if (msg.type === 'downResult' && msg.ok) {
        const { [msg.topology]: _gone, ...drift } = s.drift;
        return { ...ended, drift, ...(s.applied?.topology === msg.topology && { applied: null }) };
      }
      return ended;
    }
    case 'statusResult':
    case 'setLinkStateResult':
    case 'subscribed':
    case 'viewerLinkResult': // the viewer link's own store (presenter/) keeps these
    case 'presenterState': // a viewer page follows these (presenter/), outside live state
    case 'captureStarted': // the Packets panel keeps captures in its own store, outside live state
    case 'packets':
    case 'captureStopped':
    case 'tablesWatched':
    case 'trafficStarted': // traffic flows live in their own store (traffic/), loaded with its form
    case 'trafficResult':
    case 'trafficStopped':
      return {};
    case 'checkResults': {
      // Kept by the step asked for (the Lessons panel shows them beside the step's checks).
      if (pending?.type !== 'runChecks' && pending?.type !== 'watchChecks') return {};
      const results = msg.results.filter((r) => r.step === pending.step);
      const view = { running: false, results, error: null, documentKey: pending.documentKey };
      return { checks: { ...s.checks, [pending.step]: view } };
    }
    case 'linkState': {
      const links = msg.snapshot ? {} : { ...s.links };
      for (const entry of msg.links) links[liveKey(entry.topology, entry.object)] = entry;
      return { links };
    }
    case 'counters': {
      // `full`: every owned interface (after subscribing); otherwise only those that moved.
      const counters = msg.full ? {} : { ...s.counters };
      for (const sample of msg.interfaces) {
        const key = liveKey(sample.topology, sample.object);
        const pps = sample.rates === undefined ? 0 : sample.rates.rxPacketsPerSec + sample.rates.txPacketsPerSec;
        const history = [...(counters[key]?.history ?? []), pps].slice(-SPARK_POINTS);
        counters[key] = {
          counters: sample.counters,
          history,
          ...(sample.rates !== undefined && { rates: sample.rates }),
        };
      }
      return { counters };
    }
    case 'pingStarted': {
      if (pending?.type !== 'pingStart') return {};
      const probe: ProbeView = { probeId: msg.probeId, from: pending.from, to: pending.to, replies: [] };
      return { probes: { ...s.probes, [msg.probeId]: probe } };
    }
    case 'ping': {
      const probe = s.probes[msg.probeId];
      if (probe === undefined) return {};
      const reply = { seq: msg.seq, status: msg.status, ...(msg.rttMs !== undefined && { rttMs: msg.rttMs }) };
      return { probes: { ...s.probes, [msg.probeId]: { ...probe, replies: [...probe.replies, reply].slice(-200) } } };
    }
    case 'pingStopped': {
      const probe = s.probes[msg.probeId];
      return probe === undefined ? {} : { probes: { ...s.probes, [msg.probeId]: { ...probe, stopped: msg.reason } } };
    }
    case 'reachabilityResult':
      return { reachability: { pairs: msg.pairs, running: false } };
    case 'drift': {
      const { [msg.topology]: _old, ...others } = s.drift;
      return { drift: msg.changes.length === 0 ? others : { ...others, [msg.topology]: msg.changes } };
    }
    case 'topologyRemoved': {
      // Taken down from the CLI: a drawing of it is applied nowhere now, so it offers no kernel action.
      const { [msg.topology]: _gone, ...drift } = s.drift;
      return {
        drift,
        ...(s.applied?.topology === msg.topology && { applied: null }),
        ...(s.host !== null && {
          host: { ...s.host, topologies: s.host.topologies.filter((t) => t.name !== msg.topology) },
        }),
      };
    }
    case 'hostTopologiesResult':
      return { host: { topologies: msg.topologies, loading: false } };
    case 'openAppliedResult':
      return pending?.type === 'openApplied' ? { opened: msg } : {};
    case 'health':
      return { services: msg.services };
    case 'tables':
      return { tables: { ...s.tables, [tablesKey(msg.topology, msg.netns)]: msg } };
    case 'stepState': {
      const prev = s.stepThrough;
      const same = prev !== null && prev.planHash === msg.planHash && prev.topology === msg.topology;
      const runs = [...(same ? prev.runs : []), ...(msg.last === undefined ? [] : [msg.last])];
      const mine = pending?.type === 'stepStart' || (same && prev.mine);
      // This page's step-through made the drawing that topology, as its apply would have.
      const applied =
        mine && msg.revision !== undefined ? { applied: { topology: msg.topology, revision: msg.revision } } : {};
      // The kernel moved: a plan made before the step-through is stale now.
      // Each command's progress events come under the apply view; a step-through's state replaces it.
      return {
        ...applied,
        apply: null,
        plan: null,
        error: null,
        stepThrough: {
          topology: msg.topology,
          planHash: msg.planHash,
          steps: msg.steps,
          done: msg.done,
          state: msg.state,
          runs: runs.slice(-COMMAND_LOG_LIMIT),
          mine,
          waiting: false,
          ...(msg.remaining !== undefined && { remaining: msg.remaining }),
        },
      };
    }
    case 'error': {
      const error = {
        code: msg.code,
        message: msg.message,
        at: now,
        ...(msg.issues !== undefined && { issues: msg.issues }),
      };
      const base: Partial<LiveState> = { error };
      // The capture store says it where the capture was asked for (a filter tcpdump refused, a cap).
      if (pending?.type === 'captureStart' || pending?.type === 'captureStop') return {};
      if (pending?.type === 'plan') return { ...base, planning: false };
      if (pending?.type === 'runChecks' || pending?.type === 'watchChecks') {
        // The panel says why beside the checks; it is no error of the drawing's apply.
        const { step, documentKey } = pending;
        const view = { running: false, results: [], error: msg.message, documentKey };
        return { checks: { ...s.checks, [step]: view } };
      }
      if (
        msg.code === 'CONFIRM_REQUIRED' &&
        msg.confirm !== undefined &&
        (pending?.type === 'apply' || pending?.type === 'stepStart')
      ) {
        // Not an error to show: a question for the person (ConfirmApply), and nothing ran.
        const { topology, reasons, deletes } = msg.confirm;
        const action = pending.type === 'apply' ? 'apply' : 'step';
        const confirm = { action, topology, reasons, deletes, message: msg.message } as const;
        return { error: null, confirm, ...(action === 'apply' ? { apply: null } : { stepThrough: null }) };
      }
      if (pending?.type === 'stepStart') return { ...base, stepThrough: null };
      if (pending?.type.startsWith('step') === true && s.stepThrough !== null)
        return { ...base, stepThrough: { ...s.stepThrough, waiting: false } };
      if (pending?.type === 'apply' || pending?.type === 'down')
        return { ...base, apply: s.apply === null ? null : { ...s.apply, running: false } };
      if (pending?.type === 'reachability')
        return { ...base, reachability: { pairs: s.reachability?.pairs ?? [], running: false } };
      if (pending?.type === 'hostTopologies')
        return { ...base, host: { topologies: s.host?.topologies ?? [], loading: false } };
      return base;
    }
  }
}
