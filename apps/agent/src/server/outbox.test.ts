import { AGENT_EXAMPLES } from '@netloom/protocol';
import { describe, expect, it } from 'vitest';

import { Outbox, type Sink } from './outbox';

class FakeSink implements Sink {
  bufferedAmount = 0;
  sent: { type: string }[] = [];
  terminated = false;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as { type: string });
  }
  terminate(): void {
    this.terminated = true;
  }
}

const limits = { telemetryBufferBytes: 1000, dropBufferBytes: 100_000, slowClientMs: 5000 };
const counters = (at: number) => ({ ...AGENT_EXAMPLES.counters, at });

describe('Outbox', () => {
  it('keeps the latest tables of each namespace while the client is behind', () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 0);
    sink.bufferedAmount = 5000;
    const tables = AGENT_EXAMPLES.tables;
    for (let at = 1; at <= 10; at++) {
      outbox.sendTelemetry({ ...tables, at });
      outbox.sendTelemetry({ ...tables, netns: 'blue', at });
    }
    expect(sink.sent).toEqual([]);
    sink.bufferedAmount = 0;
    outbox.sendTelemetry({ ...tables, at: 11 });
    expect(sink.sent).toEqual([
      { ...tables, at: 11 },
      { ...tables, netns: 'blue', at: 10 },
    ]);
    outbox.close();
  });

  it('sends telemetry at once while the client keeps up', () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 0);
    outbox.sendTelemetry(counters(1));
    outbox.sendTelemetry(counters(2));
    expect(sink.sent.map((m) => m.type)).toEqual(['counters', 'counters']);
  });

  it('keeps only the latest counters while the client is behind, then sends that one', () => {
    const sink = new FakeSink();
    let now = 0;
    const outbox = new Outbox(sink, limits, () => now);
    sink.bufferedAmount = 5000;
    for (let at = 1; at <= 100; at++) outbox.sendTelemetry(counters(at));
    expect(sink.sent).toEqual([]);
    expect(outbox.coalesced).toBe(99);
    sink.bufferedAmount = 0;
    now = 10;
    outbox.sendTelemetry(counters(101));
    expect(sink.sent).toEqual([counters(101)]);
    outbox.close();
  });

  it('merges counter deltas of different interfaces while the client is behind', () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 0);
    const [sample] = AGENT_EXAMPLES.counters.interfaces;
    sink.bufferedAmount = 5000;
    outbox.sendTelemetry({ type: 'counters', at: 1, full: false, interfaces: [{ ...sample, ifname: 'a' }] });
    outbox.sendTelemetry({ type: 'counters', at: 2, full: false, interfaces: [{ ...sample, ifname: 'b' }] });
    sink.bufferedAmount = 0;
    outbox.sendTelemetry({ type: 'counters', at: 3, full: false, interfaces: [] });
    expect(sink.sent).toEqual([
      {
        type: 'counters',
        at: 3,
        full: false,
        interfaces: [
          { ...sample, ifname: 'a' },
          { ...sample, ifname: 'b' },
        ],
      },
    ]);
    outbox.close();
  });

  it('folds link states per interface, latest wins', () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 7);
    sink.bufferedAmount = 5000;
    const entry = AGENT_EXAMPLES.linkState.links[0];
    outbox.sendTelemetry({ type: 'linkState', at: 1, snapshot: false, links: [{ ...entry, admin: 'down' }] });
    outbox.sendTelemetry({ type: 'linkState', at: 2, snapshot: false, links: [{ ...entry, admin: 'up' }] });
    sink.bufferedAmount = 0;
    outbox.sendTelemetry({ type: 'linkState', at: 3, snapshot: false, links: [] });
    expect(sink.sent).toEqual([{ type: 'linkState', at: 7, snapshot: false, links: [{ ...entry, admin: 'up' }] }]);
  });

  it('drops a client that stays behind longer than the bound', () => {
    const sink = new FakeSink();
    let now = 0;
    const outbox = new Outbox(sink, limits, () => now);
    sink.bufferedAmount = 5000;
    outbox.sendTelemetry(counters(1));
    now = 6000;
    outbox.sendTelemetry(counters(2));
    expect(sink.terminated).toBe(true);
  });

  it('drops a client whose queue passes the hard bound, even for answers', () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 0);
    sink.bufferedAmount = 200_000;
    outbox.send(AGENT_EXAMPLES.planResult);
    expect(sink.terminated).toBe(true);
    expect(sink.sent).toEqual([]);
  });
  it("keeps a slow viewer to the presenter's latest view, and the document still waiting, then sends one state", () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 0);
    const state = (step: number, document?: Record<string, unknown>) => {
      const view = { ...AGENT_EXAMPLES.presenterState.view, lesson: { id: 'l', step } };
      const message = { type: 'presenterState' as const, at: step, view, ...(document !== undefined && { document }) };
      return [message, JSON.stringify(message)] as const;
    };
    sink.bufferedAmount = 5000;
    outbox.sendPresenter(...state(1, { version: 1, name: 'first' }));
    outbox.sendPresenter(...state(2, { version: 1, name: 'second' }));
    for (let step = 3; step <= 50; step++) outbox.sendPresenter(...state(step));
    expect(sink.sent).toEqual([]);
    expect(outbox.coalesced).toBe(49);
    sink.bufferedAmount = 0;
    outbox.sendPresenter(...state(51));
    expect(sink.sent).toEqual([{ ...state(51)[0], document: { version: 1, name: 'second' } }]);
    outbox.close();
  });

  it('sends a frame encoded once for every client as it is while the client keeps up', () => {
    const sink = new FakeSink();
    const outbox = new Outbox(sink, limits, () => 0);
    outbox.sendTelemetry(counters(1), JSON.stringify({ ...counters(1), marker: true }));
    expect(sink.sent).toEqual([{ ...counters(1), marker: true }]);
  });
});
