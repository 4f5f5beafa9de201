import { describe, expect, it } from 'vitest';

import { reduceMessage } from './handle-message';
import { initialLive, liveKey, tablesKey, vethOper, type LiveState } from './live-store';

const entry = (object: string, carrier: boolean, admin: 'up' | 'down' = 'up') => ({
  topology: 't',
  object,
  netns: 'ns1',
  ifname: 'veth0',
  admin,
  oper: carrier ? 'UP' : 'DOWN',
  carrier,
  present: true,
});

const fold = (s: LiveState, ...patches: Partial<LiveState>[]) =>
  patches.reduce<LiveState>((acc, p) => ({ ...acc, ...p }), s);

describe('reduceMessage', () => {
  it('keeps the latest tables per topology and namespace, whole', () => {
    const body = { addresses: [], routes: [], neighbours: [], fdb: [], truncated: [] };
    const red = { type: 'tables', at: 1, topology: 't', netns: 'red', ...body } as const;
    const root = { type: 'tables', at: 1, topology: 't', netns: null, ...body } as const;
    const s1 = fold(initialLive, reduceMessage(initialLive, red, undefined, 0));
    const s2 = fold(s1, reduceMessage(s1, root, undefined, 0));
    const learned = { device: 'br', mac: '02:00:00:00:00:01', port: 'p', state: 'learned' } as const;
    const s3 = fold(s2, reduceMessage(s2, { ...root, at: 2, fdb: [learned] }, undefined, 0));
    expect(Object.keys(s3.tables).sort()).toEqual([tablesKey('t', null), tablesKey('t', 'red')].sort());
    expect(s3.tables[tablesKey('t', null)]?.fdb).toEqual([learned]);
  });

  it('keeps the plan with the document it was asked for', () => {
    const next = reduceMessage(
      initialLive,
      { type: 'planResult', id: 'r1', topology: 't', changes: [], steps: [], planHash: 'h' },
      { type: 'plan', documentKey: 'K' },
      0,
    );
    expect(next.plan).toMatchObject({ planHash: 'h', documentKey: 'K' });
    expect(next.planning).toBe(false);
  });

  it("keeps a lesson step's check results by the step asked for, and a refused run beside them, not as the apply's error", () => {
    const pending = { type: 'runChecks', step: 2, documentKey: 'K' } as const;
    const ok = { step: 2, index: 0, check: 'ping' as const, ok: true, reason: 'reply from 10.1.1.1 in 0.05 ms' };
    const next = reduceMessage(
      { ...initialLive, checks: { 0: { running: false, results: [], error: null, documentKey: 'K' } } },
      { type: 'checkResults', id: 'r1', topology: 't', results: [ok], durationMs: 40 },
      pending,
      0,
    );
    expect(next.checks?.[2]).toEqual({ running: false, results: [ok], error: null, documentKey: 'K' });
    expect(next.checks?.[0]).toBeDefined();
    const refused = reduceMessage(
      initialLive,
      { type: 'error', id: 'r2', code: 'TOPOLOGY_INVALID', message: 'the document has 1 problem' },
      pending,
      0,
    );
    expect(refused.checks?.[2]).toMatchObject({ running: false, error: 'the document has 1 problem' });
    expect(refused.error).toBeUndefined();
  });

  it("takes each run of a live checks watch (watchChecks) as the step's results, the first and every later one", () => {
    const pending = { type: 'watchChecks', step: 1, documentKey: 'K' } as const;
    const result = (ok: boolean) => ({
      step: 1,
      index: 0,
      check: 'ping' as const,
      ok,
      reason: ok ? 'reply' : 'no reply',
    });
    const first = reduceMessage(
      initialLive,
      { type: 'checkResults', id: 'r3', topology: 't', results: [result(true)], durationMs: 5 },
      pending,
      0,
    );
    const later = reduceMessage(
      fold(initialLive, first),
      { type: 'checkResults', id: 'r3', topology: 't', results: [result(false)], durationMs: 5 },
      pending,
      0,
    );
    expect(later.checks?.[1]).toEqual({ running: false, results: [result(false)], error: null, documentKey: 'K' });
  });

  it('replaces link state on a snapshot and merges changes after it', () => {
    const snap = fold(
      initialLive,
      reduceMessage(
        initialLive,
        { type: 'linkState', at: 1, snapshot: true, links: [entry('l1/a', true), entry('l1/b', true)] },
        undefined,
        0,
      ),
    );
    const veth = (x: LiveState) => vethOper(x.links[liveKey('t', 'l1/a')], x.links[liveKey('t', 'l1/b')]);
    expect(veth(snap)).toBe('up');
    const down = fold(
      snap,
      reduceMessage(
        snap,
        { type: 'linkState', at: 2, snapshot: false, links: [entry('l1/b', false, 'down')] },
        undefined,
        0,
      ),
    );
    expect(veth(down)).toBe('down');
  });

  it('keeps a bounded packet-rate history per interface', () => {
    let s = initialLive;
    const counters = {
      rxBytes: 0,
      txBytes: 0,
      rxPackets: 0,
      txPackets: 0,
      rxErrors: 0,
      txErrors: 0,
      rxDropped: 0,
      txDropped: 0,
    };
    for (let i = 0; i < 70; i++) {
      const rates = { rxBytesPerSec: 0, txBytesPerSec: 0, rxPacketsPerSec: i, txPacketsPerSec: 1 };
      s = fold(
        s,
        reduceMessage(
          s,
          {
            type: 'counters',
            at: i,
            full: false,
            interfaces: [{ topology: 't', object: 'l1/a', netns: null, ifname: 'v', counters, rates }],
          },
          undefined,
          0,
        ),
      );
    }
    expect(s.counters['t/l1/a']?.history).toHaveLength(60);
    expect(s.counters['t/l1/a']?.history.at(-1)).toBe(70);
  });

  it('follows a ping probe from start to stop', () => {
    let s = fold(
      initialLive,
      reduceMessage(
        initialLive,
        { type: 'pingStarted', id: 'r2', probeId: 'p1' },
        { type: 'pingStart', from: 'ns1', to: '10.0.0.2' },
        0,
      ),
    );
    s = fold(
      s,
      reduceMessage(s, { type: 'ping', probeId: 'p1', seq: 1, status: 'reply', rttMs: 0.05, at: 1 }, undefined, 0),
    );
    s = fold(s, reduceMessage(s, { type: 'pingStopped', probeId: 'p1', reason: 'stopped' }, undefined, 0));
    expect(s.probes['p1']).toMatchObject({
      from: 'ns1',
      to: '10.0.0.2',
      replies: [{ seq: 1, status: 'reply', rttMs: 0.05 }],
      stopped: 'stopped',
    });
  });

  it("leaves a refused capture to the capture store (said under its filter), not the apply's error", () => {
    const refused = { type: 'error', id: 'r9', code: 'FILTER_INVALID', message: 'tcpdump: syntax error' } as const;
    expect(reduceMessage(initialLive, refused, { type: 'captureStart' }, 0)).toEqual({});
    expect(reduceMessage(initialLive, refused, undefined, 0)).toMatchObject({ error: { code: 'FILTER_INVALID' } });
  });

  it('ends planning when the agent answers a plan with an error', () => {
    const s = { ...initialLive, planning: true };
    const next = reduceMessage(
      s,
      {
        type: 'error',
        id: 'r3',
        code: 'TOPOLOGY_INVALID',
        message: 'bad',
        issues: [{ path: ['nodes', 0], message: 'x' }],
      },
      { type: 'plan', documentKey: '' },
      5,
    );
    expect(next).toMatchObject({ planning: false, error: { code: 'TOPOLOGY_INVALID', at: 5 } });
  });

  it('keeps the link state of two topologies that use the same object ids apart', () => {
    const s = fold(
      initialLive,
      reduceMessage(
        initialLive,
        {
          type: 'linkState',
          at: 1,
          snapshot: true,
          links: [entry('l1/a', true), { ...entry('l1/a', false, 'down'), topology: 'u', ifname: 'other' }],
        },
        undefined,
        0,
      ),
    );
    expect(s.links[liveKey('t', 'l1/a')]?.admin).toBe('up');
    expect(s.links[liveKey('u', 'l1/a')]?.admin).toBe('down');
  });

  it('keeps drift per topology; a repaired or torn-down topology has none', () => {
    const change = { op: 'update' as const, key: 'l1', kind: 'veth' };
    let s = fold(
      initialLive,
      reduceMessage(initialLive, { type: 'drift', at: 1, topology: 't', changes: [change] }, undefined, 0),
    );
    s = fold(s, reduceMessage(s, { type: 'drift', at: 2, topology: 'u', changes: [change] }, undefined, 0));
    expect(Object.keys(s.drift).sort()).toEqual(['t', 'u']);
    s = fold(s, reduceMessage(s, { type: 'drift', at: 3, topology: 'u', changes: [] }, undefined, 0));
    expect(Object.keys(s.drift)).toEqual(['t']);
    const down = {
      type: 'downResult' as const,
      id: 'r9',
      ok: true,
      topology: 't',
      completed: 1,
      total: 1,
      processes: 1,
      durationMs: 1,
    };
    s = fold(s, reduceMessage(s, down, undefined, 0));
    expect(s.drift).toEqual({});
  });

  it('makes the drawing the topology this page applied, until that topology is torn down', () => {
    const applyResult = {
      type: 'applyResult' as const,
      id: 'r2',
      ok: true,
      topology: 't',
      planHash: 'h',
      completed: 1,
      total: 1,
      processes: 1,
      durationMs: 1,
      remaining: [],
    };
    // Another client's apply (no pending request of ours) binds nothing.
    expect(reduceMessage(initialLive, applyResult, undefined, 0).applied).toBeUndefined();
    const s = fold(initialLive, reduceMessage(initialLive, applyResult, { type: 'apply' }, 0));
    expect(s.applied).toEqual({ topology: 't' });
    const again = fold(s, reduceMessage(s, { ...applyResult, revision: 'r1' }, { type: 'apply' }, 0));
    expect(again.applied).toEqual({ topology: 't', revision: 'r1' });
    const down = {
      type: 'downResult' as const,
      id: 'r3',
      ok: true,
      topology: 'u',
      completed: 1,
      total: 1,
      processes: 1,
      durationMs: 1,
    };
    expect(reduceMessage(s, down, undefined, 0).applied).toBeUndefined();
    expect(reduceMessage(s, { ...down, topology: 't' }, undefined, 0).applied).toBeNull();
  });

  it('unbinds a drawing whose topology was taken down outside the agent, and drops its drift and host row', () => {
    const change = { op: 'update' as const, key: 'l1', kind: 'veth' };
    const s: LiveState = {
      ...initialLive,
      applied: { topology: 't', revision: 'r1' },
      drift: { t: [change], u: [change] },
      host: {
        topologies: [
          { name: 't', namespaces: 1, interfaces: 2, drifted: 0 },
          { name: 'u', namespaces: 1, interfaces: 2, drifted: 0 },
        ],
        loading: false,
      },
    };
    const other = fold(s, reduceMessage(s, { type: 'topologyRemoved', at: 1, topology: 'u' }, undefined, 0));
    expect(other.applied).toEqual({ topology: 't', revision: 'r1' });
    expect(Object.keys(other.drift)).toEqual(['t']);
    const gone = fold(other, reduceMessage(other, { type: 'topologyRemoved', at: 2, topology: 't' }, undefined, 0));
    expect(gone.applied).toBeNull();
    expect(gone.drift).toEqual({});
    expect(gone.host?.topologies).toEqual([]);
  });

  it('turns CONFIRM_REQUIRED for this page’s apply into a question, not an error, with nothing running', () => {
    const s = { ...initialLive, apply: { running: true, done: 0, total: 3, stage: 'starting' } };
    const confirm = {
      topology: 'netns-veth',
      reasons: ['DELETES_ALL' as const],
      deletes: [{ op: 'delete' as const, key: 'ns1', kind: 'netns' }],
    };
    const next = reduceMessage(
      s,
      { type: 'error', id: 'r4', code: 'CONFIRM_REQUIRED', message: 'deletes everything', confirm },
      { type: 'apply' },
      0,
    );
    expect(next).toEqual({
      error: null,
      apply: null,
      confirm: { action: 'apply', ...confirm, message: 'deletes everything' },
    });
    // A step-through's start asks the same question, and no step-through is left waiting.
    const stepping = reduceMessage(
      s,
      { type: 'error', id: 'r5', code: 'CONFIRM_REQUIRED', message: 'deletes everything', confirm },
      { type: 'stepStart' },
      0,
    );
    expect(stepping).toEqual({
      error: null,
      stepThrough: null,
      confirm: { action: 'step', ...confirm, message: 'deletes everything' },
    });
  });

  it('keeps what This host lists, and an applied document only when this page asked to open it', () => {
    const list = reduceMessage(
      initialLive,
      { type: 'hostTopologiesResult', id: 'r5', topologies: [{ name: 't', namespaces: 1, interfaces: 2, drifted: 0 }] },
      { type: 'hostTopologies' },
      0,
    );
    expect(list.host).toEqual({
      topologies: [{ name: 't', namespaces: 1, interfaces: 2, drifted: 0 }],
      loading: false,
    });
    const opened = {
      type: 'openAppliedResult' as const,
      id: 'r6',
      topology: 't',
      revision: 'abc',
      document: { version: 1, name: 't', nodes: [] },
    };
    expect(reduceMessage(initialLive, opened, { type: 'openApplied' }, 0).opened).toBe(opened);
    expect(reduceMessage(initialLive, opened, undefined, 0).opened).toBeUndefined();
  });

  it("keeps the health of the agent's helpers as the agent last reported it", () => {
    const down = { service: 'nl-relay', state: 'restarting' as const, detail: 'nl-relay exited (SIGKILL)', since: 1 };
    const up = { service: 'link-monitor', state: 'ok' as const, since: 0 };
    const next = reduceMessage(initialLive, { type: 'health', at: 1, services: [down, up] }, undefined, 0);
    expect(next.services).toEqual([down, up]);
  });
});
