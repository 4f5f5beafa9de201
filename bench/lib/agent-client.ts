import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Ws from 'ws';

/**
 * The benchmarks' WebSocket client of a real agent: hello, requests answered by a predicate,
 * apply (plan then apply), down and subscribe. Each benchmark extends it with what it counts
 * (`onMessage`) and the requests of its own.
 */

const ROOT = resolve(import.meta.dirname, '../..');
// ws is the agent's dependency, not the workspace root's: load it from there.
const { WebSocket } = createRequire(join(ROOT, 'apps/agent/package.json'))('ws') as typeof Ws;
type Socket = InstanceType<typeof WebSocket>;

/** What every agent message has; a benchmark's own type adds the fields it reads. */
export type BaseMsg = { type: string; id?: string; ok?: boolean; planHash?: string; role?: string };

type Waiter<M> = { test: (m: M) => boolean; resolve: (m: M, at: number) => void };

export class AgentClient<M extends BaseMsg = BaseMsg> {
  /** The session's role, from the agent's hello. */
  role = '';
  protected readonly ws: Socket;
  private waiters: Waiter<M>[] = [];
  private next = 1;

  constructor(ws: Socket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const m = JSON.parse(data.toString()) as M;
      this.onMessage(m, data.length, at);
      this.waiters = this.waiters.filter((w) => !(w.test(m) && (w.resolve(m, at), true)));
    });
  }

  /** Connects with the token (control or viewer) as the designer does, and says hello. */
  static async connect<C extends AgentClient<BaseMsg>>(
    this: new (ws: Socket) => C,
    port: number,
    token: string,
  ): Promise<C> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['netloom.v1', `netloom.token.${token}`], {
      origin: `http://127.0.0.1:${port}`,
    });
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    const c = new this(ws);
    const hello = await c.request({ type: 'hello', protocolVersion: 1 }, (m) => m.type === 'hello');
    c.role = hello.role ?? 'control';
    return c;
  }

  /** Every message, as it arrives (before the requests waiting for it): what a benchmark counts. */
  protected onMessage(_m: M, _bytes: number, _at: number): void {}

  /** A fresh request id. */
  id(prefix = 'r'): string {
    return `${prefix}${this.next++}`;
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message from now on that passes `test`, and when it arrived (performance.now()). */
  wait(test: (m: M) => boolean, timeoutMs = 20_000): Promise<{ m: M; at: number }> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('no matching message')), timeoutMs);
      this.waiters.push({ test, resolve: (m, at) => (clearTimeout(timer), ok({ m, at })) });
    });
  }

  /** Sends `message` and resolves with the first message that passes `test`. */
  request(message: Record<string, unknown>, test: (m: M) => boolean, timeoutMs = 300_000): Promise<M> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no answer to ${String(message['type'])}`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), ok(m)) });
      this.send(message);
    });
  }

  async apply(document: Record<string, unknown>): Promise<void> {
    const id = this.id();
    const plan = await this.request({ type: 'plan', id, document }, (m) => m.id === id);
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    const aid = this.id();
    const result = await this.request(
      { type: 'apply', id: aid, document, planHash: plan.planHash },
      (m) => m.id === aid && (m.type === 'applyResult' || m.type === 'error'),
    );
    if (result.type !== 'applyResult' || result.ok !== true) throw new Error(JSON.stringify(result).slice(0, 2000));
  }

  /** `down`; with `check`, a failed one throws. */
  async down(name: string, check = false): Promise<void> {
    const id = this.id();
    const result = await this.request(
      { type: 'down', id, name },
      (m) => m.id === id && (m.type === 'downResult' || m.type === 'error'),
    );
    if (check && (result.type !== 'downResult' || result.ok !== true))
      throw new Error(JSON.stringify(result).slice(0, 2000));
  }

  async subscribe(streams: readonly string[]): Promise<void> {
    const id = this.id();
    await this.request({ type: 'subscribe', id, streams }, (m) => m.id === id);
  }

  close(): void {
    this.ws.close();
  }
}
