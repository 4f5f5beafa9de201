import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { networkInterfaces } from 'node:os';

import { SUBPROTOCOL } from '@netloom/protocol';
import { WebSocketServer } from 'ws';

import { NlRelay } from '../exec/nl-relay';
import { processScope as defaultScope, type ProcessScope } from '../exec/process-scope';
import { execaRunner, type CommandRunner } from '../exec/runner';
import { AppliedStore } from '../engine/applied';
import { AppliedDocuments } from '../telemetry/documents';
import { DriftWatcher } from '../telemetry/drift';
import { RelayLinkSource, type LinkSource } from '../telemetry/link-source';
import { LiveState } from '../telemetry/live-state';
import { Probes } from '../telemetry/probes';
import { Captures } from '../capture/captures';
import { CaptureViewerRelay } from '../capture/viewer-relay';
import { Flows } from '../traffic/flows';
import { TablesWatch } from '../telemetry/tables-watch';
import { KernelWatch } from '../telemetry/kernel-watch';
import { ChecksWatch } from '../checks/checks-watch';
import { ownPolicy } from './auth';
import { DEFAULT_LIMITS, type Limits, type ServerConfig } from './config';
import { serveConnection } from './connection';
import { isLoopbackHost } from './loopback';
import type { Services } from './context';
import { consoleLogger, type EnginePort, type Logger } from './engine-port';
import { Serial } from './serial';
import { StepSessions } from './step-handlers';
import { Health } from './health';
import { Hub } from './session';
import { serveStatic } from './static-files';
import { writeTokenFile } from './token';
import { agentToken } from './agent-token';
import { upgradeHandler } from './upgrade';
import { PresenterRelay } from './presenter';
import { ViewerLinks } from './viewer-links';

export type ServerDeps = {
  readonly engine: EnginePort;
  /** The relay behind `engine` and `source`, when the caller made it: its health goes to clients. */
  readonly relay?: NlRelay;
  readonly runner?: CommandRunner;
  readonly scope?: ProcessScope;
  readonly source?: LinkSource;
  readonly log?: Logger;
  readonly agentVersion?: string;
  /** Where the URL with the token is printed; stdout by default. */
  readonly print?: (line: string) => void;
};

export type AgentServer = {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly services: Services;
  /** Closes every connection, ends every child process; the kernel topology stays. */
  close(): Promise<void>;
};

/** `netloom serve`: the web app and the WebSocket on one origin, authenticated before upgrade. */
export async function startServer(config: ServerConfig, deps: ServerDeps): Promise<AgentServer> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...config.limits };
  const log = deps.log ?? consoleLogger;
  const runner = deps.runner ?? execaRunner;
  const scope = deps.scope ?? defaultScope;
  const ownRelay = deps.source === undefined && deps.relay === undefined ? new NlRelay(scope) : null;
  const relay = deps.relay ?? ownRelay;
  const source = deps.source ?? new RelayLinkSource(relay as NlRelay);
  const token = config.token ?? (await keptOrNewToken(config, log));
  if (config.token !== undefined) await writeTokenFile(config.tokenFile, config.token);

  const viewerLinks = await ViewerLinks.load(
    join(dirname(config.tokenFile), 'viewer-token'),
    token,
    config.rotateToken === true,
  );
  // Known once the server listens: the viewer link is on the agent's own origin.
  let shownOrigin = '';

  const hub = new Hub();
  const health = new Health((m) => hub.broadcast(m));
  const documents = new AppliedDocuments(join(dirname(config.tokenFile), 'applied'), (message, file) =>
    log.warn(message, { file }),
  );
  const now = Date.now;
  const warn = (message: string, e: unknown) =>
    log.warn(message, { error: e instanceof Error ? e.message : String(e) });
  const kernel =
    relay === null ? null : new KernelWatch({ relay, scope, onError: warn, onStatus: (s) => health.update(s) });
  // Constructed before use: LiveState reports drift cues that the watcher turns into messages.
  const services: Services = {
    engine: deps.engine,
    runner,
    hub,
    health,
    documents,
    // The records the engine writes (the CLI's too), read afresh: what "This host" opens.
    applied: new AppliedStore(join(dirname(config.tokenFile), 'applied')),
    limits,
    documentLimits: config.documentLimits ?? {},
    log,
    now,
    serial: new Serial(),
    stepping: new StepSessions(),
    probes: new Probes(scope),
    captures: new Captures(scope),
    captureViewers: new CaptureViewerRelay(hub, limits.telemetryBufferBytes),
    kernel,
    traffic: new Flows(scope),
    tables:
      relay === null || kernel === null
        ? null
        : new TablesWatch({
            relay,
            kernel,
            ownerOf: (netns) => services.live.ownerOfNamespace(netns),
            onError: warn,
          }),
    checks: new ChecksWatch({ run: (doc, steps) => deps.engine.checks(doc, steps), kernel, onError: warn }),
    agentVersion: deps.agentVersion ?? '0.1.0',
    viewerLinks,
    viewerUrl: (viewerToken) => `${shownOrigin}/#viewer=${viewerToken}`,
    presenter: new PresenterRelay(hub, now),
    drift: new DriftWatcher({
      documents: () => documents.all(),
      refresh: () => documents.refresh(),
      status: (doc) => deps.engine.status(doc),
      onDrift: (m) => hub.publish('drift', m),
      // An event, not telemetry to coalesce: to every client, as a downResult is.
      onRemoved: (m) => hub.broadcast(m),
      wanted: () => hub.wants('drift'),
      onError: (message, e) => log.warn(message, { error: String(e) }),
    }),
    live: new LiveState({
      source,
      scope,
      countersIntervalMs: config.countersIntervalMs ?? 1000,
      onLinkState: (links) => hub.publish('linkState', { type: 'linkState', at: now(), snapshot: false, links }),
      onCounters: (m) => hub.publish('counters', m),
      onKernelChanged: () => services.drift.kick(),
      onMonitorStatus: (status) => health.update(status),
      onError: (message, e) => log.warn(message, { error: e instanceof Error ? e.message : String(e) }),
    }),
  };
  health.track(services.live.monitorStatus);
  if (kernel !== null) health.track(kernel.status);
  if (relay !== null) {
    health.track(relay.status);
    relay.onStatus((status) => {
      health.update(status);
      // Reads failed while it was down, and the changes that woke them are gone: read everything.
      if (status.state !== 'restarting') services.live.refresh();
    });
  }
  // Pick up what an earlier run (or the CLI) left running: the kernel is the record.
  await services.live.start();
  await documents.load(services.live.topologies());
  log.info('owned topologies', { topologies: [...services.live.topologies()] });

  const wss = new WebSocketServer({
    noServer: true, // authenticate in 'upgrade', before ws adds anything
    maxPayload: limits.maxPayloadBytes, // ws defaults to 100 MiB
    perMessageDeflate: false, // no zip bombs, no per-connection zlib memory
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false), // never echo the token
  });
  const webRoot = resolve(config.webRoot);
  // Timeouts for sockets that never finish a request (slowloris: 200 of them stayed open), never
  // send one at all, or idle: every check runs once a second, not Node's 30 s default.
  const http = createServer(
    {
      headersTimeout: limits.requestTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
    (req, res) => {
      serveStatic(req, res, webRoot).catch((e: unknown) => {
        log.error('static file failed', { error: String(e) });
        res.destroy();
      });
    },
  );
  http.setTimeout(limits.idleSocketMs); // a socket that sends nothing at all; ws clears it on an upgraded one
  const upgrades = upgradeHandler({
    policy: () => ({ ...policy, viewerToken: viewerLinks.current() }),
    full: (role) => hub.count(role) >= (role === 'viewer' ? limits.maxViewers : limits.maxConnections),
    accept: (req, socket, head, role) =>
      wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, services, role)),
    log,
  });
  http.on('upgrade', upgrades.handle);

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(config.port, config.host, () => done());
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const policy = ownPolicy(reachableNames(config.host), port, config.allowOrigins, token);
  const shownHost = policy.hosts[0] ?? `${config.host}:${port}`;
  shownOrigin = `http://${shownHost}`;
  const url = `${shownOrigin}/#token=${token}`;
  if (!isLoopbackHost(config.host)) {
    log.warn('listening beyond loopback: anyone who can reach this address and has the token controls this host', {
      host: config.host,
    });
  }
  (deps.print ?? ((line: string) => process.stdout.write(`${line}\n`)))(`netloom agent: open ${url}`);

  const heartbeat = setInterval(() => {
    for (const s of hub.all()) {
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(heartbeat);
      services.live.stop();
      services.drift.stop();
      services.tables?.stop();
      services.checks.stop();
      kernel?.close();
      services.probes.stopAll();
      services.captures.stopAll('stopped');
      services.traffic.stopAll('stopped');
      for (const s of hub.all()) s.ws.close(1001, 'agent stopping');
      wss.close();
      await new Promise<void>((done) => {
        http.close(() => done());
        http.closeAllConnections();
        setTimeout(() => {
          for (const s of hub.all()) s.ws.terminate();
        }, 500).unref();
      });
      upgrades.close();
      ownRelay?.close();
      await scope.close();
    })());
  return { url, port, token, services, close };
}

/** The names a browser may use for this agent: loopback names, or every address for a wildcard bind. */
function reachableNames(host: string): string[] {
  if (host === '127.0.0.1' || host === 'localhost') return ['127.0.0.1', 'localhost'];
  if (host === '::1') return ['::1', 'localhost'];
  if (host !== '0.0.0.0' && host !== '::') return [host];
  const all = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  return [...all, 'localhost'];
}

/** The token a restarted agent keeps (pages reconnect by themselves), or a new one. */
async function keptOrNewToken(config: ServerConfig, log: Logger): Promise<string> {
  const { token, reused } = await agentToken(config.tokenFile, config.rotateToken === true);
  log.info(
    reused
      ? 'token kept from the last run: open pages reconnect by themselves (serve --rotate-token makes a new one)'
      : 'new token: pages opened before must open the URL below',
    { tokenFile: config.tokenFile },
  );
  return token;
}
