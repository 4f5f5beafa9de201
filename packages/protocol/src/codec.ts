import { err, ok, type Result } from '@netloom/topology';
import type { z } from 'zod';

import { AgentMessage } from './agent';
import { CLIENT_MESSAGE_TYPES, ClientMessage } from './client';
import type { ErrorCode } from './errors';

export type DecodeError = {
  readonly code: Extract<ErrorCode, 'PROTOCOL_MALFORMED' | 'PROTOCOL_INVALID' | 'UNKNOWN_TYPE'>;
  readonly message: string;
  /** The request id, when the frame had a readable one: the error answer repeats it. */
  readonly id?: string;
};

const MAX_MESSAGE_TEXT = 500;

/** Never throws: every frame from the wire is hostile until this says otherwise. */
export function decode<T>(schema: z.ZodType<T>, frame: string, knownTypes?: readonly string[]): Result<T, DecodeError> {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    // JSON.parse throws SyntaxError for any malformed text; that is the answer, not a bug.
    return err({ code: 'PROTOCOL_MALFORMED', message: 'the frame is not JSON' });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err({ code: 'PROTOCOL_INVALID', message: 'a message is a JSON object with a "type"' });
  }
  const raw = json as Record<string, unknown>;
  const id = typeof raw['id'] === 'string' && raw['id'].length > 0 && raw['id'].length <= 64 ? raw['id'] : undefined;
  const withId = (e: Omit<DecodeError, 'id'>): DecodeError => (id === undefined ? e : { ...e, id });
  const type = raw['type'];
  if (typeof type !== 'string')
    return err(withId({ code: 'PROTOCOL_INVALID', message: 'a message needs a string "type"' }));
  if (knownTypes !== undefined && !knownTypes.includes(type)) {
    return err(withId({ code: 'UNKNOWN_TYPE', message: `unknown message type "${type.slice(0, 64)}"` }));
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  return err(withId({ code: 'PROTOCOL_INVALID', message: `invalid "${type}": ${describe(parsed.error)}` }));
}

/** `streams[0]: Invalid option ...; id: Invalid input ...`, bounded so an error cannot echo a huge frame. */
function describe(error: z.ZodError): string {
  const text = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length === 0 ? '(message)' : i.path.map(String).join('.')}: ${i.message}`)
    .join('; ');
  return text.length > MAX_MESSAGE_TEXT ? `${text.slice(0, MAX_MESSAGE_TEXT)}…` : text;
}

/** What the agent runs on every text frame. */
export const decodeClientMessage = (frame: string): Result<ClientMessage, DecodeError> =>
  decode(ClientMessage, frame, CLIENT_MESSAGE_TYPES());

/** What the browser runs on every frame from the agent. */
export const decodeAgentMessage = (frame: string): Result<AgentMessage, DecodeError> => decode(AgentMessage, frame);

/** Messages are plain JSON; the schema types guarantee the shape at compile time. */
export const encode = (message: ClientMessage | AgentMessage): string => JSON.stringify(message);
