import { PROTOCOL_VERSION, decodeAgentMessage, encode, type ClientMessage, type Request } from '@netloom/protocol';

import { reduceMessage, type PendingRequest } from './handle-message';
import { liveStore, setLive } from './live-store';
import { agentUrl, readToken, subprotocols } from './endpoint';

const BACKOFF_MS = { first: 500, max: 10_000 };
/** Close code the agent uses for VERSION_MISMATCH: reconnecting cannot help. */
const CLOSE_PROTOCOL_ERROR = 1002;

type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/**
 * The one WebSocket of the app. Says `hello` first, subscribes to telemetry, reconnects with
 * backoff, and turns every agent message into live state. Requests are fire-and-forget: their
 * answers arrive as live state, matched by `id`.
 */
export class AgentConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private nextId = 1;
  private readonly pending = new Map<string, PendingRequest>();

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
    setLive({ status: 'offline', statusText: 'disconnected' });
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
    socket.onopen = () => socket.send(encode({ type: 'hello', protocolVersion: PROTOCOL_VERSION }));
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
      if (msg.type === 'hello') {
        this.attempt = 0;
        this.send({ type: 'subscribe', streams: ['linkState', 'counters', 'drift'] });
      }
      if (id !== undefined && isFinal(msg.type)) this.pending.delete(id);
    };
    socket.onclose = (event) => {
      // A socket replaced by stop()/start() (React StrictMode does that) must not reconnect.
      if (this.socket !== socket) return;
      this.socket = null;
      this.pending.clear();
      if (this.stopped) return setLive({ status: 'offline', statusText: 'disconnected' });
      if (event.code === CLOSE_PROTOCOL_ERROR) {
        return setLive({
          status: 'refused',
          statusText: `the agent refused this version: ${event.reason || 'protocol mismatch'}`,
        });
      }
      setLive({
        status: 'offline',
        statusText:
          readToken() === null
            ? 'not connected: open the URL that `netloom serve` printed (it carries the token)'
            : 'not connected; retrying…',
      });
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempt++);
    this.timer = setTimeout(() => this.open(), delay);
  }
}

const isFinal = (type: string) => type !== 'progress' && type !== 'command' && type !== 'pingStarted';

export const agent = new AgentConnection();
