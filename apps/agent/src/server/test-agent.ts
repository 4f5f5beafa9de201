import { request } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';

import {
  decodeAgentMessage,
  encode,
  PROTOCOL_VERSION,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  type AgentMessage,
  type AgentMessageOf,
  type ClientMessage,
} from '@netloom/protocol';
import { WebSocket } from 'ws';

import { AppliedStore } from '../engine/applied';
import { createEngine } from '../engine/engine';
import { Journal } from '../engine/journal';
import { ApplyLock } from '../engine/lock';
import { NlRelay } from '../exec/nl-relay';
import { ProcessScope } from '../exec/process-scope';
import { execaRunner } from '../exec/runner';
import type { Limits } from './config';
import type { Logger } from './engine-port';
import { startServer, type AgentServer } from './start-server';

/** Helpers for the integration tests: a real agent on a free port, and a real WebSocket client. */

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function startTestAgent(
  limits: Partial<Limits> = {},
  countersIntervalMs = 1000,
  log?: Logger,
  /** The state directory; a fresh one under /run/netloom unless given (`/run/netloom` itself: the CLI's). */
  stateDir?: string,
): Promise<AgentServer & { scope: ProcessScope; dir: string; relay: NlRelay }> {
  const dir = stateDir ?? (await mkdtemp('/run/netloom/test-'));
  const scope = new ProcessScope();
  // One relay for the engine and telemetry, as `netloom serve` has.
  const relay = new NlRelay(scope);
  const engine = createEngine({
    runner: execaRunner,
    relay,
    lock: new ApplyLock(join(dir, 'apply.lock')),
    journal: new Journal(join(dir, 'journal')),
    applied: new AppliedStore(join(dir, 'applied')),
  });
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      allowOrigins: [],
      tokenFile: join(dir, 'token'),
      webRoot: join(dir, 'no-web'),
      limits,
      countersIntervalMs,
    },
    {
      engine,
      relay,
      scope,
      print: () => undefined,
      ...(log !== undefined ? { log } : process.env['NETLOOM_TEST_LOG'] !== '1' && { log: quiet }),
    },
  );
  return { ...server, scope, dir, relay };
}

export type UpgradeHeaders = { host?: string; origin?: string | null; protocols?: string[] };

/** A raw upgrade request: the status line says whether the agent would have upgraded. */
export function rawUpgrade(port: number, h: UpgradeHeaders): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      host: h.host ?? `127.0.0.1:${port}`,
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    if (h.origin !== null) headers['origin'] = h.origin ?? `http://127.0.0.1:${port}`;
    if (h.protocols !== undefined) headers['sec-websocket-protocol'] = h.protocols.join(', ');
    const req = request({ host: '127.0.0.1', port, path: '/ws', headers });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

type ApplyRequest = Extract<ClientMessage, { type: 'apply' }>;

/** A client that records every message, with waits by predicate. */
export class TestClient {
  readonly ws: WebSocket;
  readonly messages: AgentMessage[] = [];
  private waiters: { pred: (m: AgentMessage) => boolean; resolve: (m: AgentMessage) => void }[] = [];

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const decoded = decodeAgentMessage(String(data));
      if (!decoded.ok)
        throw new Error(`agent sent an invalid message: ${decoded.error.message}: ${String(data).slice(0, 300)}`);
      this.messages.push(decoded.value);
      this.waiters = this.waiters.filter((w) => !(w.pred(decoded.value) && (w.resolve(decoded.value), true)));
    });
  }

  static async connect(server: Pick<AgentServer, 'port' | 'token'>, hello = true): Promise<TestClient> {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/ws`,
      [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${server.token}`],
      {
        origin: `http://127.0.0.1:${server.port}`,
      },
    );
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new TestClient(ws);
    if (hello) {
      client.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
      await client.next((m) => m.type === 'hello');
    }
    return client;
  }

  send(message: ClientMessage): void {
    this.ws.send(encode(message));
  }

  /** Anything at all, for the tests of what the agent refuses. */
  sendRaw(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  /** The first message (already received or coming) that matches. */
  next<T extends AgentMessage['type']>(
    pred: (m: AgentMessage) => boolean,
    timeoutMs = 10_000,
    type?: T,
  ): Promise<Extract<AgentMessage, { type: T }>> {
    void type;
    const seen = this.messages.find(pred);
    if (seen !== undefined) return Promise.resolve(seen as Extract<AgentMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no matching message in ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(', ')}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (m) => (clearTimeout(timer), resolve(m as Extract<AgentMessage, { type: T }>)),
      });
    });
  }

  /** Sends a request and waits for the first answer with its id (not progress or command events). */
  async request(message: ClientMessage, timeoutMs = 30_000): Promise<AgentMessage> {
    const id = 'id' in message ? message.id : undefined;
    this.send(message);
    return this.next((m) => 'id' in m && m.id === id && m.type !== 'progress' && m.type !== 'command', timeoutMs);
  }

  /**
   * Plans `document` and applies that plan, as the designer's Apply does: the applyResult, or a
   * throw with whatever the agent answered instead (a refused plan, a failed apply).
   */
  async planAndApply(
    document: ApplyRequest['document'],
    options: { id?: string; basedOn?: string | null; timeoutMs?: number } = {},
  ): Promise<AgentMessageOf<'applyResult'>> {
    const id = options.id ?? 'apply';
    const plan = await this.request({ type: 'plan', id: `${id}-plan`, document });
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    const applied = await this.request(
      {
        type: 'apply',
        id,
        document,
        planHash: plan.planHash,
        ...(options.basedOn !== undefined && { basedOn: options.basedOn }),
      },
      options.timeoutMs ?? 60_000,
    );
    if (applied.type !== 'applyResult' || !applied.ok) throw new Error(JSON.stringify(applied));
    return applied;
  }

  of<T extends AgentMessage['type']>(type: T): Extract<AgentMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<AgentMessage, { type: T }> => m.type === type);
  }

  close(): void {
    this.ws.terminate();
  }
}
