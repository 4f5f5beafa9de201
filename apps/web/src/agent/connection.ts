import {
  PROTOCOL_VERSION,
  decodeAgentMessage,
  encode,
  type AgentMessage,
  type ClientMessage,
  type Request,
} from '@netloom/protocol';

import { reduceMessage, type PendingRequest } from './handle-message';
import { liveStore, setLive } from './live-store';
import { agentUrl, readToken, subprotocols } from './endpoint';

/**
 * Retries every 2 s at most: an agent restarted mid-class is back in a second or two, and the
 * page must be live again well within 10 s of that (a failed attempt on loopback costs nothing).
 */
const BACKOFF_MS = { first: 250, max: 2000 };
/** After this many attempts in a row that never opened, the page says why it may be failing. */
const FAILURES_BEFORE_DIAGNOSIS = 3;
/** Close code the agent uses for VERSION_MISMATCH: reconnecting cannot help. */
const CLOSE_PROTOCOL_ERROR = 1002;
/** Close code of a viewer whose link the presenter revoked: the token is refused from then on. */
const CLOSE_VIEWER_REVOKED = 4001;

type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/**
 * The one WebSocket of the app. Says `hello` first, subscribes to telemetry, reconnects with
 * backoff, and turns every agent message into live state. Requests are fire-and-forget: their
 * answers arrive as live state, matched by `id`.
 */
export class AgentConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  /** Attempts since the last one that opened: a refused token looks like a closed port from here. */
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private nextId = 1;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly watches = new Map<'checks', string>();
  private readonly listeners = new Set<(msg: AgentMessage) => void>();

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    setLive({ status: 'offline', statusText: 'disconnected', connectionProblem: null });
  }

  get connected(): boolean {
    return liveStore.getState().status === 'connected';
  }

  /** Sends a request; returns its id, or null when not connected. */
  send(body: RequestBody, pending: PendingRequest = { type: body.type } as PendingRequest): string | null {
    if (this.socket?.readyState !== WebSocket.OPEN || !this.connected) return null;
    const id = `r${this.nextId++}`;
    this.pending.set(id, pending);
    this.socket.send(encode({ ...body, id } as ClientMessage));
    return id;
  }

  /**
   * The request whose answers keep coming for a kind of watch (`watchChecks`): the one before it
   * is forgotten, so a late answer to it is not taken for the new one's.
   */
  replaceWatch(kind: 'checks', id: string | null): void {
    const before = this.watches.get(kind);
    if (before !== undefined && before !== id) this.pending.delete(before);
    if (id === null) this.watches.delete(kind);
    else this.watches.set(kind, id);
  }

  /** Sends a message that gets no answer unless it is refused (`presenterUpdate`); false when not connected. */
  notify(body: RequestBody): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN || !this.connected) return false;
    this.socket.send(encode({ ...body, id: `n${this.nextId++}` } as ClientMessage));
    return true;
  }

  /** Every message from the agent, after live state took it (viewers follow `presenterState`). */
  listen(listener: (msg: AgentMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private open(): void {
    setLive({ status: 'connecting', statusText: 'connecting…' });
    let socket: WebSocket;
    try {
      socket = new WebSocket(agentUrl(), subprotocols(readToken()));
    } catch (e: unknown) {
      setLive({
        status: 'offline',
        statusText: `cannot reach the agent: ${e instanceof Error ? e.message : String(e)}`,
      });
      return this.retry();
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.failures = 0;
      setLive({ connectionProblem: null });
      socket.send(encode({ type: 'hello', protocolVersion: PROTOCOL_VERSION }));
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      const decoded = decodeAgentMessage(event.data);
      if (!decoded.ok) {
        console.warn('netloom: ignoring a message the agent sent', decoded.error);
        return;
      }
      const msg = decoded.value;
      const id = 'id' in msg ? msg.id : undefined;
      const pending = id === undefined ? undefined : this.pending.get(id);
      setLive(reduceMessage(liveStore.getState(), msg, pending, Date.now()));
      for (const listener of this.listeners) listener(msg);
      if (msg.type === 'hello') {
        this.attempt = 0;
        this.send({ type: 'subscribe', streams: ['linkState', 'counters', 'drift'] });
      }
      // A watch's answers keep coming under its id until it is replaced (replaceWatch).
      const watching = pending?.type === 'watchChecks' && msg.type === 'checkResults';
      if (id !== undefined && isFinal(msg.type) && !watching) this.pending.delete(id);
    };
    socket.onclose = (event) => {
      // A socket replaced by stop()/start() (React StrictMode does that) must not reconnect.
      if (this.socket !== socket) return;
      this.socket = null;
      this.pending.clear();
      this.watches.clear();
      // The agent ends a step-through whose page left, leaving the kernel as it is.
      const stepping = liveStore.getState().stepThrough;
      if (stepping !== null && (stepping.state === 'active' || stepping.state === 'starting'))
        setLive({ stepThrough: { ...stepping, state: 'stopped', waiting: false } });
      if (this.stopped) return setLive({ status: 'offline', statusText: 'disconnected' });
      if (event.code === CLOSE_VIEWER_REVOKED) {
        return setLive({
          status: 'refused',
          statusText: 'the presenter revoked this viewer link: ask for a new one',
          connectionProblem: 'The presenter revoked this viewer link. Ask for a new one.',
        });
      }
      if (event.code === CLOSE_PROTOCOL_ERROR) {
        return setLive({
          status: 'refused',
          statusText: `the agent refused this version: ${event.reason || 'protocol mismatch'}`,
        });
      }
      if (!opened) this.failures += 1;
      if (readToken() === null) {
        setLive({
          status: 'offline',
          statusText: 'not connected: open the URL that `netloom serve` printed (it carries the token)',
        });
      } else if (this.failures < FAILURES_BEFORE_DIAGNOSIS) {
        setLive({ status: 'offline', statusText: 'not connected; retrying…' });
      } else {
        void this.diagnose();
      }
      this.retry();
    };
  }

  /**
   * A browser WebSocket does not say why it failed: a 401 for a token the agent no longer
   * accepts (it was rotated) looks like a closed port. So ask whether the agent answers HTTP
   * at all: if it does, it is the token it refuses. Either way the page keeps retrying.
   */
  private async diagnose(): Promise<void> {
    const reachable = await fetch(httpUrlOf(agentUrl()), { method: 'HEAD', mode: 'no-cors', cache: 'no-store' }).then(
      () => true,
      () => false,
    );
    if (this.stopped || this.failures < FAILURES_BEFORE_DIAGNOSIS) return;
    const problem = reachable
      ? 'The agent refused the token: open the URL `netloom serve` printed. Retrying…'
      : 'The agent is not reachable (is `netloom serve` running?). Retrying…';
    setLive({ statusText: problem, connectionProblem: problem });
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempt++);
    this.timer = setTimeout(() => this.open(), delay);
  }
}

/** The agent's HTTP root, from its WebSocket URL. */
const httpUrlOf = (ws: string): string => ws.replace(/^ws(s?):/, 'http$1:').replace(/\/ws$/, '/');

const isFinal = (type: string) => type !== 'progress' && type !== 'command' && type !== 'pingStarted';

export const agent = new AgentConnection();
