import {
  assembleState,
  deriveDesired,
  diffState,
  findForeignCasualties,
  findForeignClashes,
  namespaceNames,
  planChanges,
  type NamespaceNames,
  type Document,
  type Issue,
  type KernelState,
  type Observed,
  type Snapshot,
  type Step,
  natTableName,
  parseMarker,
} from '@netloom/topology';

import type { CheckResult } from '@netloom/protocol';

import { runChecks } from '../checks/run-checks';
import type { NlRelay } from '../exec/nl-relay';
import type { CommandRunner } from '../exec/runner';
import { readSettledKernel } from '../observe/dismantling';
import { readNat } from '../observe/nat';
import { readQdiscs } from '../observe/qdisc';
import {
  liveKey,
  readKernel,
  readLinkIndexes,
  readRouting,
  rereadNamespaces,
  type KernelReading,
} from '../observe/observe';
import type { AppliedRecord, AppliedSource, AppliedStore } from './applied';
import { needsConfirmation, type Lineage } from './confirm';
import { findUnprovenChanges } from './provenance';
import { executePlan } from './execute';
import type { Journal, JournalEntries } from './journal';
import type { ApplyLock } from './lock';
import { preflight } from './preflight';
import { rollBack, rollbackTarget, type RollbackDeps } from './rollback';
import { namespacesTouched } from './touched';
import { planHash, renderSteps, summarizeChanges } from './render';
import { statusOf } from './status';
import { Stepper } from './step-through';
import type { ApplyOptions, ApplyOutcome, PlanOutcome, RenderedStep, StatusReport } from './types';

export type EngineDeps = {
  readonly runner: CommandRunner;
  readonly relay: NlRelay;
  readonly lock: ApplyLock;
  readonly journal: Journal;
  /** The document applied last per topology (applied/<topology>.json), shared with the CLI. */
  readonly applied: AppliedStore;
};

/**
 * The pipeline of DESIGN.md: observe → diff → plan → execute → observe again. Documents are
 * already valid here (callers run `validateDocument`); what the engine adds is the kernel.
 */
export type Engine = ReturnType<typeof createEngine>;

export function createEngine(deps: EngineDeps) {
  /**
   * Reads the kernel and assembles what this topology owns. With `since`, only the namespaces
   * `since.touched` names are read again; the rest is taken from `since.reading`. With 'settled',
   * once the kernel has finished dismantling what it is removing of this topology (what a plan
   * is made against, so that its hash does not depend on how far the kernel got).
   */
  const observe = async (
    topology: string,
    desired: KernelState,
    since: { readonly reading: KernelReading; readonly touched: ReadonlySet<string> } | 'settled' | 'now',
    names: NamespaceNames,
  ): Promise<{ observed: Observed; reading: KernelReading; journal: JournalEntries }> => {
    const reading =
      since === 'settled'
        ? await readSettledKernel(deps.relay, topology)
        : since === 'now'
          ? await readKernel(deps.relay)
          : await rereadNamespaces(deps.relay, since.reading, since.touched);
    const managed = new Set(
      [...desired.values()].flatMap((o) =>
        o.kind === 'netns' &&
        (o.routes !== undefined || o.forwarding !== undefined) &&
        (typeof since === 'string' || since.touched.has(o.name))
          ? [o.name]
          : [],
      ),
    );
    const routed = managed.size === 0 ? reading.snapshot : await readRouting(deps.runner, reading.snapshot, managed);
    const natted = new Set(
      [...desired.values()].flatMap((o) =>
        o.kind === 'netns' && o.nat !== undefined && (typeof since === 'string' || since.touched.has(o.name))
          ? [o.name]
          : [],
      ),
    );
    const natRead = natted.size === 0 ? routed : await readNat(deps.runner, routed, natted, natTableName(topology));
    // Only where a marked interface has a netem or tbf at its root (the link dump says): usually nowhere.
    const snapshot = await readQdiscs(deps.runner, natRead, typeof since === 'string' ? 'all' : since.touched);
    // Unmarked objects count as ours only where the journal proves they are the ones it made.
    const { pending, kept } = await deps.journal.prove(await deps.journal.read(topology), snapshot);
    return {
      observed: assembleState(snapshot, topology, pending, names),
      reading: { ...reading, snapshot },
      journal: kept,
    };
  };

  const planAgainst = (
    topology: string,
    desired: KernelState,
    observed: Observed,
    doc: Document | null,
    snapshot: Snapshot,
    applied: AppliedRecord | undefined,
  ): PlanOutcome => {
    const issues = doc === null ? [] : findForeignClashes(doc, observed);
    if (issues.length > 0) return { ok: false, issues };
    const changes = diffState(desired, observed.state, observed.orphans);
    const planned = planChanges(topology, changes, observed.orphans);
    const references = [...(doc === null ? [] : [doc]), ...(applied === undefined ? [] : [applied.document])];
    const casualties = [
      ...findForeignCasualties(planned, observed),
      ...findUnprovenChanges(topology, planned, snapshot, references),
    ];
    if (casualties.length > 0) return { ok: false, issues: casualties };
    const steps = renderSteps(planned);
    return { ok: true, topology, changes: summarizeChanges(changes), steps, planHash: planHash(steps) };
  };

  /** A plan that passed `planAgainst`, checked against what the host has (`preflight`). */
  const checked = async (
    plan: PlanOutcome,
    desired: KernelState,
    observed: Observed,
    reading: KernelReading,
    doc: Document | null,
  ): Promise<PlanOutcome> => {
    if (!plan.ok || doc === null) return plan;
    const steps = plan.steps.map((s) => s.step);
    const issues = await preflight(deps.runner, doc, desired, steps, reading.snapshot, observed);
    return issues.length > 0 ? { ok: false, issues } : plan;
  };

  /**
   * Looks again after an apply: everything, or, when no command ran in the root namespace, only
   * the namespaces the commands ran in (nothing else can have changed through them). What the
   * kernel is still dismantling (root ends of veths whose namespace was deleted) does not count
   * against convergence: it goes on its own, and if the next apply still finds it, it deletes it first.
   */
  const verify = async (
    topology: string,
    desired: KernelState,
    before: KernelReading,
    steps: readonly Step[],
    names: NamespaceNames,
  ) => {
    const touched = namespacesTouched(steps);
    const { observed, reading } = await observe(
      topology,
      desired,
      touched.root ? 'now' : { reading: before, touched: touched.names },
      names,
    );
    const remaining = summarizeChanges(diffState(desired, observed.state, observed.orphans));
    const settled = observed.orphans.every((o) => o.ifname !== null && reading.dying.has(liveKey(o.netns, o.ifname)));
    return { remaining, clean: remaining.length === 0 && settled };
  };

  /**
   * Everything an apply does before its first command, shared by `apply` and the step-through:
   * observe, plan, preflight, the quoted hash, confirmation. The refusal, or what to go on with.
   */
  const prepare = async (topology: string, desired: KernelState, doc: Document | null, options: ApplyOptions) => {
    const record = await appliedRecord(topology);
    const names = knownNames(desired, record);
    const { observed, reading, journal } = await observe(topology, desired, 'settled', names);
    const plan = await checked(
      planAgainst(topology, desired, observed, doc, reading.snapshot, record),
      desired,
      observed,
      reading,
      doc,
    );
    if (!plan.ok) return { ok: false, reason: 'INVALID', issues: plan.issues } as const;
    if (options.planHash !== undefined && options.planHash !== plan.planHash)
      return { ok: false, reason: 'PLAN_STALE', planHash: plan.planHash } as const;
    if (doc !== null && options.force !== true) {
      const confirmation = needsConfirmation(doc, observed, plan.changes, record, options.lineage);
      if (confirmation !== null) return { ok: false, reason: 'CONFIRM_REQUIRED', confirmation } as const;
    }
    return { ok: true, record, names, observed, reading, journal, plan } as const;
  };

  const converge = async (
    topology: string,
    desired: KernelState,
    doc: Document | null,
    options: ApplyOptions,
  ): Promise<ApplyOutcome> => {
    const started = performance.now();
    const prepared = await prepare(topology, desired, doc, options);
    if (!prepared.ok) return prepared;
    const { record, names, observed, reading, journal, plan } = prepared;
    // Once anything runs (or when nothing needs to), the topology is this document's.
    const remember = async (): Promise<{ revision?: string }> => {
      if (doc === null) return {};
      // The same text applied again from the same file, and nothing ran: the record stands as it is.
      // (Another text of the same value is recorded, so that it too is found without a parse.)
      if (
        plan.steps.length === 0 &&
        record?.checked !== undefined &&
        record.checked.digest === options.checked?.digest &&
        record.checked.text === options.checked.text &&
        sameSource(record.source, options.lineage)
      )
        return { revision: record.revision };
      return {
        revision: (await deps.applied.write(doc, sourceOf(options.lineage), undefined, options.checked)).revision,
      };
    };
    const done = { topology, planHash: plan.planHash, steps: plan.steps };
    if (plan.steps.length === 0) {
      await deps.journal.clear(topology);
      const revision = await remember();
      return {
        ok: true,
        ...done,
        completed: 0,
        processes: 0,
        durationMs: performance.now() - started,
        remaining: [],
        ...revision,
      };
    }
    // Before anything changes: what a failed apply returns to, and the record it would restore.
    const undo =
      doc === null || options.noRollback === true
        ? undefined
        : {
            target: await rollbackTarget(
              deps.runner,
              topology,
              observed,
              reading,
              plan.steps.map((s) => s.step),
              names,
            ),
            record,
          };
    await deps.journal.record(
      topology,
      plan.steps.map((s) => s.step),
      journal,
    );
    const revision = await remember();
    const report = await execute(topology, plan.steps, options);
    if (report.failed !== undefined && undo !== undefined && doc !== null && options.signal?.aborted !== true) {
      const rolledBack = await rollBack(rollbackDeps(doc, names), topology, undo.target, options);
      // Back where it was: so is the record of what it was applied from.
      if (rolledBack.ok && undo.record !== undefined)
        await deps.applied.write(undo.record.document, undo.record.source, undo.record.appliedAt, undo.record.checked);
      else if (rolledBack.ok) await deps.applied.remove(topology);
      return {
        ok: false,
        reason: 'COMMAND_FAILED',
        ...done,
        completed: report.completed,
        failed: report.failed,
        processes: report.processes,
        durationMs: performance.now() - started,
        // Rolled back, the kernel lacks exactly what the plan was to change.
        remaining: rolledBack.ok ? plan.changes : await differences(topology, desired, names),
        ...(rolledBack.ok ? (undo.record === undefined ? {} : { revision: undo.record.revision }) : revision),
        rolledBack,
      };
    }
    const after = await verify(
      topology,
      desired,
      reading,
      plan.steps.map((s) => s.step),
      names,
    );
    if (after.clean) await deps.journal.clear(topology);
    const ok = report.failed === undefined && after.clean;
    if (doc === null && ok) await deps.applied.remove(topology);
    return {
      ok,
      ...(!ok && { reason: report.failed === undefined ? ('NOT_CONVERGED' as const) : ('COMMAND_FAILED' as const) }),
      ...done,
      completed: report.completed,
      ...(report.failed !== undefined && { failed: report.failed }),
      processes: report.processes,
      durationMs: performance.now() - started,
      remaining: after.remaining,
      ...revision,
    };
  };

  /**
   * Once the devices are made (or the apply stopped while making them), the identity of what
   * the journal cannot prove yet: taps and tuns (made without a MAC) by their ifindex, and any
   * namespace whose batch was cut short. Only what appeared under a journaled name is read.
   */
  const noteWhatAppeared = async (topology: string): Promise<void> => {
    const unproven = await deps.journal.unproven(topology);
    if (unproven.netns.length > 0) await deps.journal.noteNamespaces(topology, unproven.netns);
    const places = [...new Set(unproven.links.map((l) => l.netns))];
    const found = await Promise.all(
      places.map(async (netns) => {
        const links = await readLinkIndexes(deps.relay, netns);
        return unproven.links.flatMap((l) => {
          const ifindex = l.netns === netns ? links.get(l.ifname) : undefined;
          return ifindex === undefined ? [] : [{ netns, ifname: l.ifname, ifindex }];
        });
      }),
    );
    await deps.journal.noteLinks(topology, found.flat());
  };

  /** What differs from `desired` now, read whole. */
  const differences = async (topology: string, desired: KernelState, names: NamespaceNames) => {
    const { observed } = await observe(topology, desired, 'now', names);
    return summarizeChanges(diffState(desired, observed.state, observed.orphans));
  };

  /** Runs `steps`, recording what they make with its identity before anything marks it (journal.ts). */
  const execute = (topology: string, steps: readonly RenderedStep[], options: ApplyOptions) =>
    executePlan(deps.runner, steps, {
      ...options,
      onBuilt: (stage, built) =>
        stage === 'netns-add'
          ? deps.journal.noteNamespaces(
              topology,
              built.flatMap((s) => (s.step.op === 'netns.add' ? [s.step.name] : [])),
            )
          : undefined,
      beforeBuild: () => deps.journal.openWindow(topology),
      afterBuild: () => noteWhatAppeared(topology),
    });

  /** The engine's steps for rolling back an apply of `doc` (whose objects the rollback may delete). */
  const rollbackDeps = (doc: Document, names: NamespaceNames): RollbackDeps => ({
    journal: deps.journal,
    observe: (topology, desired) => observe(topology, desired, 'settled', names),
    planAgainst: (topology, desired, observed, snapshot) =>
      planAgainst(topology, desired, observed, null, snapshot, { document: doc, revision: '', appliedAt: 0 }),
    execute,
    verify: (topology, desired, before, steps) => verify(topology, desired, before, steps, names),
    diff: (desired, observed) => summarizeChanges(diffState(desired, observed.state, observed.orphans)),
  });

  /** What a namespace marker of the topology is checked against: the desired state's names and the record's. */
  const knownNames = (desired: KernelState, record: AppliedRecord | undefined): NamespaceNames =>
    namespaceNames(record === undefined ? [] : [record.document], [desired]);

  /** The record of what `topology` was applied from; one that cannot be read counts as none. */
  const appliedRecord = async (topology: string): Promise<AppliedRecord | undefined> => {
    const r = await deps.applied.read(topology);
    return r === undefined || 'problem' in r ? undefined : r;
  };

  return {
    /** The record of the document applied last under `topology`, if there is one that can be read. */
    recorded: appliedRecord,

    /** The record whose document was checked from exactly this text (`AppliedStore.findByText`). */
    recordedText: (text: string, digest: string) => deps.applied.findByText(text, digest),

    /** What `apply` would run now. */
    async plan(doc: Document): Promise<PlanOutcome> {
      const desired = deriveDesired(doc);
      const record = await appliedRecord(doc.name);
      const { observed, reading } = await observe(doc.name, desired, 'settled', knownNames(desired, record));
      const plan = planAgainst(doc.name, desired, observed, doc, reading.snapshot, record);
      return checked(plan, desired, observed, reading, doc);
    },

    /** What `down` would run now. */
    async planDown(topology: string): Promise<PlanOutcome> {
      const record = await appliedRecord(topology);
      const { observed, reading } = await observe(topology, new Map(), 'settled', knownNames(new Map(), record));
      return planAgainst(topology, new Map(), observed, null, reading.snapshot, record);
    },

    /** Converges the kernel to `doc`. Serialized with every other apply on this host. */
    apply(doc: Document, options: ApplyOptions = {}): Promise<ApplyOutcome> {
      return deps.lock.with(() => converge(doc.name, deriveDesired(doc), doc, options));
    },

    /**
     * Starts a step-through of `doc` (step-through.ts): planned, checked and confirmed as `apply`
     * is, journaled before the first command, and holding the apply lock until the session ends.
     */
    stepThrough(doc: Document, options: ApplyOptions = {}): Promise<StepStart> {
      return new Promise<StepStart>((resolve, reject) => {
        let release: () => void = () => undefined;
        const held = new Promise<void>((r) => (release = r));
        const locked = deps.lock.with(async () => {
          const topology = doc.name;
          const desired = deriveDesired(doc);
          const prepared = await prepare(topology, desired, doc, options);
          if (!prepared.ok) return resolve(prepared);
          const { names, plan, journal } = prepared;
          await deps.journal.record(
            topology,
            plan.steps.map((s) => s.step),
            journal,
          );
          const stepper = new Stepper({
            topology,
            planHash: plan.planHash,
            steps: plan.steps,
            execute: (steps, opts) => execute(topology, steps, opts),
            read: async () => (await observe(topology, desired, 'now', names)).reading.snapshot,
            differences: () => differences(topology, desired, names),
            remember: async () => (await deps.applied.write(doc, sourceOf(options.lineage))).revision,
            clearJournal: () => deps.journal.clear(topology),
            release: async () => {
              release();
              await locked;
            },
          });
          resolve({ ok: true, stepper });
          await held;
        });
        locked.catch(reject);
      });
    },

    /** Removes everything `topology` owns: reconcile toward an empty desired state. */
    down(topology: string, options: ApplyOptions = {}): Promise<ApplyOutcome> {
      return deps.lock.with(() => converge(topology, new Map(), null, options));
    },

    /**
     * Whether the interface at `netns`/`ifname`, whose marker names `topology`, is netloom's to
     * change (`setLinkState`): in the root namespace or one of the topology's (its marker under a
     * name the record gives it), with the MAC netloom gave it. The problems, FOREIGN_MARKER; none when it is.
     */
    async proveInterface(topology: string, netns: string | null, ifname: string): Promise<Issue[]> {
      const record = await appliedRecord(topology);
      const none: KernelState = new Map();
      const { observed, reading } = await observe(topology, none, 'now', knownNames(none, record));
      const ours = [...observed.state.values()].some((o) => o.kind === 'netns' && o.name === netns);
      if (netns !== null && !ours)
        return [
          {
            path: [],
            code: 'FOREIGN_MARKER',
            message: `namespace "${netns}" is not one topology ${topology} made (no marker of it on its lo under a name its applied document gives), so netloom will not change "${ifname}" there`,
          },
        ];
      const touch: Step = { op: 'link.set', netns, object: '', ifname, up: true };
      return findUnprovenChanges(topology, [touch], reading.snapshot, record === undefined ? [] : [record.document]);
    },

    /**
     * The tun or tap `ifname` in `netns` (null: the root namespace), when it is netloom's: marked
     * as a whole device of some topology, proven as `proveInterface` proves what `setLinkState`
     * may touch, and the very device that topology's reading takes for that object. Its ifindex
     * and kind, to attach to exactly that device (`tun-echo`), or one line saying why not.
     */
    async ownedTun(
      netns: string | null,
      ifname: string,
    ): Promise<
      | { ok: true; topology: string; object: string; ifindex: number; kind: 'tun' | 'tap' }
      | { ok: false; reason: string }
    > {
      const where = netns === null ? 'the root namespace' : `namespace ${netns}`;
      const link = (await readKernel(deps.relay)).live.get(liveKey(netns, ifname));
      if (link === undefined) return { ok: false, reason: `there is no ${ifname} in ${where}` };
      const marker = parseMarker(link.alias);
      if (marker === null || marker.end !== null)
        return { ok: false, reason: `${ifname} in ${where} carries no netloom marker: it is not netloom's` };
      // The kind is read only on marked links (observe reads little of anyone else's).
      if (link.info.kind !== 'tun') return { ok: false, reason: `${ifname} in ${where} is not a tun or tap device` };
      const kind = link.info.tap === true ? 'tap' : 'tun';
      const unproven = await this.proveInterface(marker.topology, netns, ifname);
      if (unproven.length > 0) return { ok: false, reason: unproven.map((i) => i.message).join('; ') };
      // A tun has no MAC to prove it by: it must also be the one the topology's reading takes
      // for that object (a second device with a copied marker makes the object ambiguous).
      const record = await appliedRecord(marker.topology);
      const none: KernelState = new Map();
      const { observed } = await observe(marker.topology, none, 'now', knownNames(none, record));
      const obj = observed.state.get(marker.key);
      const ours = obj?.kind === kind && obj.iface.netns === netns && obj.iface.ifname === ifname;
      if (!ours)
        return {
          ok: false,
          reason: `${ifname} in ${where} carries the marker of ${marker.topology}/${marker.key}, but is not that ${kind}`,
        };
      return { ok: true, topology: marker.topology, object: marker.key, ifindex: link.ifindex, kind };
    },

    async status(doc: Document): Promise<StatusReport> {
      const desired = deriveDesired(doc);
      // The document's names only: status runs on every kernel change, and the record costs a parse.
      const { observed, reading } = await observe(doc.name, desired, 'now', knownNames(desired, undefined));
      return statusOf(doc.name, desired, observed, reading.live);
    },

    /** The lesson's checks (of one step or some, by index, or all) against the kernel as it is now. */
    async checks(doc: Document, step?: number | readonly number[]): Promise<CheckResult[]> {
      const desired = deriveDesired(doc);
      const { observed, reading } = await observe(doc.name, desired, 'now', knownNames(desired, undefined));
      return runChecks(doc, step, { runner: deps.runner, observed: observed.state, live: reading.live });
    },
  };
}

/** Where an apply that continues `lineage` comes from, as the applied record says it. */
const sourceOf = (lineage: Lineage | undefined): AppliedSource | undefined =>
  lineage === undefined
    ? undefined
    : lineage.kind === 'file'
      ? { kind: 'file', path: lineage.path }
      : { kind: 'designer' };

/** A step-through that started, or why it did not (what `apply` would have answered). */
export type StepStart =
  | Extract<ApplyOutcome, { reason: 'INVALID' | 'PLAN_STALE' | 'CONFIRM_REQUIRED' }>
  | { readonly ok: true; readonly stepper: Stepper };

/** A record made by applying from where `lineage` says this apply comes from. */
function sameSource(source: AppliedSource | undefined, lineage: Lineage | undefined): boolean {
  if (source === undefined || lineage === undefined) return false;
  return source.kind === 'file' ? lineage.kind === 'file' && lineage.path === source.path : lineage.kind === 'designer';
}
