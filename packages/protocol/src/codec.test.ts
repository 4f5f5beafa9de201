import { describe, expect, it } from 'vitest';

import { decodeAgentMessage, decodeClientMessage, encode } from './codec';
import { AGENT_EXAMPLES, CLIENT_EXAMPLES } from './examples';

describe('decodeClientMessage', () => {
  it('round-trips every client example through encode', () => {
    for (const example of Object.values(CLIENT_EXAMPLES)) {
      expect(decodeClientMessage(encode(example))).toEqual({ ok: true, value: example });
    }
  });

  it('calls text that is not JSON malformed', () => {
    expect(decodeClientMessage('{"type":')).toEqual({
      ok: false,
      error: { code: 'PROTOCOL_MALFORMED', message: 'the frame is not JSON' },
    });
  });

  it('refuses JSON that is not an object', () => {
    for (const frame of ['null', '[]', '"hello"', '42']) {
      expect(decodeClientMessage(frame)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_INVALID' } });
    }
  });

  it('names an unknown type and echoes the request id', () => {
    expect(decodeClientMessage('{"type":"rm -rf","id":"x1"}')).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_TYPE', message: 'unknown message type "rm -rf"', id: 'x1' },
    });
  });

  it('points at a wrongly typed field and echoes the id', () => {
    const r = decodeClientMessage('{"type":"pingStop","id":"x2","probeId":7}');
    expect(r).toMatchObject({ ok: false, error: { code: 'PROTOCOL_INVALID', id: 'x2' } });
    expect(!r.ok && r.error.message).toContain('probeId');
  });

  it('does not echo an id that is not a plausible request id', () => {
    const r = decodeClientMessage(JSON.stringify({ type: 'pingStop', id: 'x'.repeat(100) }));
    expect(!r.ok && r.error.id).toBeUndefined();
  });

  it('bounds the error message however many fields are wrong', () => {
    const r = decodeClientMessage(JSON.stringify({ type: 'subscribe', id: 'x', streams: Array(5000).fill(1) }));
    expect(!r.ok && r.error.message.length).toBeLessThanOrEqual(520);
  });

  it('never throws, whatever the frame', () => {
    for (const frame of [
      '',
      '\u0000',
      '{"__proto__":{"type":"hello"}}',
      '{"type":"hello","protocolVersion":1e400}',
      '{'.repeat(10_000),
    ]) {
      expect(() => decodeClientMessage(frame)).not.toThrow();
    }
  });
});

describe('decodeAgentMessage', () => {
  it('round-trips every agent example', () => {
    for (const example of Object.values(AGENT_EXAMPLES)) {
      expect(decodeAgentMessage(encode(example))).toEqual({ ok: true, value: example });
    }
  });
});
