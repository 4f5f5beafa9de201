import type {
  AgentMessageOf,
  ChangeSummary,
  CheckResult,
  ConfirmReason,
  HostTopology,
  CounterValues,
  LinkStateEntry,
  Rates,
  ReachabilityPair,
  RenderedStep,
  ServiceHealth,
  SessionRole,
  StepRun,
  WireIssue,
} from '@netloom/protocol';
import { createStore } from 'zustand/vanilla';

/**
 * Live state: what the agent reports. Never undoable, never persisted, never part of the
 * document (STYLE §B.10). Written only by the connection, read by panels and canvas overlays.
 */

export type ConnectionStatus = 'offline' | 'connecting' | 'connected' | 'refused';

export type PlanView = {
  readonly topology: string;
  readonly planHash: string;
  readonly changes: readonly ChangeSummary[];
  readonly steps: readonly RenderedStep[];
  /** The document text the plan was made for: Apply is only offered while it is unchanged. */
  readonly documentKey: string;
};

export type ApplyView = {
  readonly running: boolean;
  readonly done: number;
  readonly total: number;
  readonly stage: string;
  readonly result?: AgentMessageOf<'applyResult'> | AgentMessageOf<'downResult'>;
};

export type AgentError = {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly WireIssue[];
  readonly at: number;
};

export type CounterView = {
  readonly counters: CounterValues;
  readonly rates?: Rates;
  readonly history: readonly number[];
};

export type ProbeView = {
  readonly probeId: string;
  readonly from: string | null;
  readonly to: string;
  readonly replies: readonly {
    readonly seq: number;
    readonly rttMs?: number;
    readonly status: AgentMessageOf<'ping'>['status'];
  }[];
  readonly stopped?: string;
};

/** The applied topology a drawing is, and the revision of the document applied (sent as `basedOn`). */
export type AppliedDrawing = { readonly topology: string; readonly revision?: string };

export type ConfirmView = {
  /** What waits for the yes: an apply, or a step-through's start (the same rules, the same question). */
  readonly action: 'apply' | 'step';
  readonly topology: string;
  readonly reasons: readonly ConfirmReason[];
  readonly deletes: readonly ChangeSummary[];
  readonly message: string;
};

/** A lesson step's checks as the agent last ran them (`runChecks`), for the Lessons panel. */
export type ChecksView = {
  /** A run for this step is under way (its answer not in yet). */
  readonly running: boolean;
  /** The last answer: one per check of the step, in order. */
  readonly results: readonly CheckResult[];
  /** Why the last run was refused (an invalid document, no such step), or null. */
  readonly error: string | null;
  /** The document the last answer was for (`documentKey`). */
  readonly documentKey: string;
};

/**
 * A step-through of a plan (Step beside Apply), as the agent last reported it (`stepState`).
 * `runs` are the commands run in it, forward and back, with the kernel's answers, oldest first.
 */
export type StepThroughView = {
  readonly topology: string;
  readonly planHash: string;
  readonly steps: readonly RenderedStep[];
  /** Plan steps run so far: the next one is `steps[done]`. */
  readonly done: number;
  readonly state: 'starting' | 'active' | 'finished' | 'stopped';
  readonly runs: readonly StepRun[];
  /** This page started it, so it may move it (the agent takes moves only from the client that started). */
  readonly mine: boolean;
  /** A request of this page is on its way: the buttons wait for its answer. */
  readonly waiting: boolean;
  /** After run to end: what still differs from the document (empty: converged). */
  readonly remaining?: readonly ChangeSummary[];
};

export type LiveState = {
  readonly status: ConnectionStatus;
  readonly statusText: string;
  /** Why the page has not reached the agent for several attempts in a row (it keeps retrying); null otherwise. */
  readonly connectionProblem: string | null;
  readonly agentVersion: string | null;
  /** What the agent's `hello` said this session may do: `viewer` (a viewer link) only watches. */
  readonly role: SessionRole | null;
  readonly plan: PlanView | null;
  readonly planning: boolean;
  readonly apply: ApplyView | null;
  readonly commands: readonly AgentMessageOf<'command'>[];
  /**
   * By topology and marker object (`liveKey`: `netns-veth/l1/a`): object ids repeat across
   * topologies, so an id alone would show one topology's state on another's drawing.
   */
  readonly links: Readonly<Record<string, LinkStateEntry>>;
  readonly counters: Readonly<Record<string, CounterView>>;
  readonly probes: Readonly<Record<string, ProbeView>>;
  readonly reachability: { readonly pairs: readonly ReachabilityPair[]; readonly running: boolean } | null;
  /** By topology: what no longer matches its applied document. */
  readonly drift: Readonly<Record<string, readonly ChangeSummary[]>>;
  /**
   * The applied topology this drawing is: set when this page applies the drawing, or opens a
   * topology from the host; cleared when that topology is torn down or another drawing is
   * loaded. Live state is shown, and kernel actions offered, only while the drawing's name is
   * this one (see `drawing-live.ts`). Kept across reloads with the autosaved drawing.
   */
  readonly applied: AppliedDrawing | null;
  readonly error: AgentError | null;
  /** What "This host" lists: every topology applied on the host, as last asked. */
  readonly host: { readonly topologies: readonly HostTopology[]; readonly loading: boolean } | null;
  /** An applied document the agent sent for opening (`openApplied`), until the drawing takes it. */
  readonly opened: AgentMessageOf<'openAppliedResult'> | null;
  /** An apply or step-through the agent will run only once the person confirms it (`CONFIRM_REQUIRED`). */
  readonly confirm: ConfirmView | null;
  /** The agent's helper processes (`health`): one that is not ok means live state or Plan may be stale or fail. */
  readonly services: readonly ServiceHealth[];
  /** Each edit is planned and applied as soon as it is made. */
  readonly liveMode: boolean;
  /** By lesson step (0-based): its checks as last run against the kernel. */
  readonly checks: Readonly<Record<number, ChecksView>>;
  /** Kernel tables of the watched namespaces, by `tablesKey(topology, netns)`: the latest whole message. */
  readonly tables: Readonly<Record<string, AgentMessageOf<'tables'>>>;
  /** The step-through running on the agent (this page's or another's), or the last one until dismissed. */
  readonly stepThrough: StepThroughView | null;
};

export const COMMAND_LOG_LIMIT = 2000;
export const SPARK_POINTS = 60;

export const initialLive: LiveState = {
  status: 'offline',
  statusText: 'not connected',
  connectionProblem: null,
  agentVersion: null,
  role: null,
  plan: null,
  planning: false,
  apply: null,
  commands: [],
  links: {},
  counters: {},
  probes: {},
  reachability: null,
  drift: {},
  applied: null,
  host: null,
  opened: null,
  confirm: null,
  error: null,
  services: [],
  liveMode: false,
  checks: {},
  tables: {},
  stepThrough: null,
};

export const liveStore = createStore<LiveState>()(() => initialLive);

export const setLive = (patch: Partial<LiveState>): void => liveStore.setState(patch);

/** Where the tables of one namespace (null: root) of one topology are kept. */
export const tablesKey = (topology: string, netns: string | null): string => `${topology}/${netns ?? ''}`;

/** `unapplied`: the drawing is not applied as this topology, or the kernel has nothing for the object yet. */
export type OperState = 'up' | 'down' | 'nocarrier' | 'absent' | 'unapplied';

/** Where live state of one object of one topology is kept. Topology names hold no `/`. */
export const liveKey = (topology: string, object: string): string => `${topology}/${object}`;

/** One interface's state as a colour class: admin down wins, then no carrier. */
export function operOf(entry: LinkStateEntry | undefined): OperState {
  if (entry === undefined) return 'unapplied';
  if (!entry.present) return 'absent';
  if (entry.admin === 'down') return 'down';
  return entry.carrier ? 'up' : 'nocarrier';
}

/** A veth's state from both ends: the worse one. */
export function vethOper(a: LinkStateEntry | undefined, b: LinkStateEntry | undefined): OperState {
  const order: OperState[] = ['absent', 'down', 'nocarrier', 'unapplied', 'up'];
  const [x, y] = [operOf(a), operOf(b)];
  return order.indexOf(x) <= order.indexOf(y) ? x : y;
}
