import type { AgentMessage, ErrorCode, WireIssue } from '@netloom/protocol';
import type { DocumentLimits, Issue } from '@netloom/topology';

import type { Captures } from '../capture/captures';
import type { CaptureViewerRelay } from '../capture/viewer-relay';
import type { ChecksWatch } from '../checks/checks-watch';
import type { AppliedStore } from '../engine/applied';
import type { CommandRunner } from '../exec/runner';
import type { AppliedDocuments } from '../telemetry/documents';
import type { DriftWatcher } from '../telemetry/drift';
import type { KernelWatch } from '../telemetry/kernel-watch';
import type { LiveState } from '../telemetry/live-state';
import type { Probes } from '../telemetry/probes';
import type { TablesWatch } from '../telemetry/tables-watch';
import type { Flows } from '../traffic/flows';
import type { Limits } from './config';
import type { EnginePort, Logger } from './engine-port';
import type { Health } from './health';
import type { Serial } from './serial';
import type { PresenterRelay } from './presenter';
import type { Hub, Session } from './session';
import type { ViewerLinks } from './viewer-links';
import type { StepSessions } from './step-handlers';

/** What every handler may use: the agent's parts, shared by all connections. */
export type Services = {
  readonly engine: EnginePort;
  readonly runner: CommandRunner;
  readonly live: LiveState;
  readonly probes: Probes;
  /** Running packet captures (tcpdump children), of every client. */
  readonly captures: Captures;
  /** The presenter's captures, relayed to the viewers. */
  readonly captureViewers: CaptureViewerRelay;
  /** Running traffic flows (ping, iperf3 children), of every client. */
  readonly traffic: Flows;
  readonly drift: DriftWatcher;
  /** Kernel tables of the namespaces clients look at; null without a netlink relay (some tests). */
  readonly tables: TablesWatch | null;
  /** Names the namespace of each kernel change (`nl-relay watch`); null without a netlink relay. */
  readonly kernel: KernelWatch | null;
  /** Lesson checks clients keep live (`watchChecks`). */
  readonly checks: ChecksWatch;
  readonly documents: AppliedDocuments;
  /** The applied-document records on disk, shared with the CLI: what "This host" opens. */
  readonly applied: Pick<AppliedStore, 'read'>;
  /** Applies, downs and link changes, one at a time. */
  readonly serial: Serial;
  /** The step-through running on this agent, if any (it holds the apply lock). */
  readonly stepping: StepSessions;
  readonly hub: Hub;
  /** Supervised helpers' states, for clients. */
  readonly health: Health;
  readonly limits: Limits;
  /** Size limits for documents, as `netloom serve --max-namespaces` … set them. */
  readonly documentLimits: Partial<DocumentLimits>;
  readonly log: Logger;
  readonly agentVersion: string;
  readonly now: () => number;
  /** The viewer link's token (made, kept, revoked). */
  readonly viewerLinks: ViewerLinks;
  /** The viewer link for a token, on the agent's own origin. */
  readonly viewerUrl: (token: string) => string;
  /** What the presenter shows, relayed to the viewers. */
  readonly presenter: PresenterRelay;
};

/** One request's view: the services and the client that asked. */
export type Context = Services & { readonly session: Session };

export function errorMessage(code: ErrorCode, message: string, id?: string, issues?: readonly Issue[]): AgentMessage {
  return {
    type: 'error',
    ...(id !== undefined && { id }),
    code,
    message,
    ...(issues !== undefined && { issues: issues.map(toWireIssue) }),
  };
}

function toWireIssue(issue: Issue): WireIssue {
  return {
    path: [...issue.path],
    message: issue.message,
    code: issue.code,
    ...(issue.objectId !== undefined && { objectId: issue.objectId }),
    ...(issue.severity !== undefined && { severity: issue.severity }),
  };
}

/** A step-through holds the apply lock: what apply, down and another step-through are told. */
export const busy = (id: string, topology: string): AgentMessage =>
  errorMessage(
    'BUSY',
    `a step-through of ${topology} holds the apply lock; run it to the end or stop it, then try again`,
    id,
  );

export const invalidDocument = (id: string, issues: readonly Issue[]): AgentMessage =>
  errorMessage(
    'TOPOLOGY_INVALID',
    `the document has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was run`,
    id,
    issues,
  );
