import { describe, expect, it } from 'vitest';

import { AgentMessage } from './agent';
import { AGENT_EXAMPLES, CONFIRM_REQUIRED_EXAMPLE, ROLLED_BACK_EXAMPLE } from './examples';

const REJECTS = {
  hello: { type: 'hello', protocolVersion: 1 },
  planResult: { ...AGENT_EXAMPLES.planResult, planHash: 42 },
  progress: { ...AGENT_EXAMPLES.progress, done: -1 },
  command: { ...AGENT_EXAMPLES.command, argv: 'ip link add' },
  applyResult: { ...AGENT_EXAMPLES.applyResult, remaining: undefined },
  downResult: { ...AGENT_EXAMPLES.downResult, ok: 'yes' },
  statusResult: { ...AGENT_EXAMPLES.statusResult, report: {} },
  setLinkStateResult: { ...AGENT_EXAMPLES.setLinkStateResult, up: 'down' },
  subscribed: { ...AGENT_EXAMPLES.subscribed, streams: ['pcap'] },
  linkState: { ...AGENT_EXAMPLES.linkState, links: [{ ifname: 'veth-ns1' }] },
  counters: { ...AGENT_EXAMPLES.counters, at: 'now' },
  pingStarted: { type: 'pingStarted', id: 'r7' },
  ping: { ...AGENT_EXAMPLES.ping, status: 'lost' },
  pingStopped: { ...AGENT_EXAMPLES.pingStopped, reason: undefined },
  reachabilityResult: { ...AGENT_EXAMPLES.reachabilityResult, pairs: [{ from: 'netns1' }] },
  checkResults: {
    ...AGENT_EXAMPLES.checkResults,
    results: [{ step: 0, index: 0, check: 'dig', ok: true, reason: 'x' }],
  },
  drift: { ...AGENT_EXAMPLES.drift, changes: [{ op: 'explode', key: 'l1', kind: 'veth' }] },
  topologyRemoved: { ...AGENT_EXAMPLES.topologyRemoved, topology: undefined },
  hostTopologiesResult: { ...AGENT_EXAMPLES.hostTopologiesResult, topologies: [{ name: 'x', namespaces: -1 }] },
  openAppliedResult: { ...AGENT_EXAMPLES.openAppliedResult, document: 'version: 1' },
  health: {
    ...AGENT_EXAMPLES.health,
    services: [{ service: 'nl-relay', state: 'sleeping', since: 1764340804000 }],
  },
  viewerLinkResult: { ...AGENT_EXAMPLES.viewerLinkResult, viewers: -1 },
  presenterState: {
    ...AGENT_EXAMPLES.presenterState,
    view: { ...AGENT_EXAMPLES.presenterState.view, lesson: { id: 'x', step: -1 } },
  },
  tables: { ...AGENT_EXAMPLES.tables, fdb: [{ device: 'br-lab', mac: 'x', state: 'aged' }] },
  tablesWatched: { ...AGENT_EXAMPLES.tablesWatched, namespaces: 'red' },
  error: { ...AGENT_EXAMPLES.error, code: 'SOMETHING_ELSE' },
  captureStarted: { ...AGENT_EXAMPLES.captureStarted, ifaces: [{ ifname: 'underlay0' }] },
  packets: { ...AGENT_EXAMPLES.packets, packets: [{ atUs: -1, iface: 0, length: 1, data: '' }] },
  captureStopped: { ...AGENT_EXAMPLES.captureStopped, reason: 'bored' },
  stepState: { ...AGENT_EXAMPLES.stepState, state: 'paused' },
  trafficStarted: { ...AGENT_EXAMPLES.trafficStarted, commands: 'iperf3 -s' },
  trafficResult: { ...AGENT_EXAMPLES.trafficResult, result: { kind: 'interval', side: 'both' } },
  trafficStopped: { ...AGENT_EXAMPLES.trafficStopped, reason: 'bored' },
} satisfies Record<keyof typeof AGENT_EXAMPLES, unknown>;

describe('agent messages', () => {
  for (const [type, example] of Object.entries(AGENT_EXAMPLES)) {
    it(`accepts a valid ${type}`, () => {
      expect(AgentMessage.safeParse(example).success).toBe(true);
    });
  }
  for (const [type, bad] of Object.entries(REJECTS)) {
    it(`rejects a broken ${type}`, () => {
      expect(AgentMessage.safeParse(bad).success).toBe(false);
    });
  }

  it('accepts CONFIRM_REQUIRED with what the apply would delete', () => {
    const confirm = CONFIRM_REQUIRED_EXAMPLE;
    expect(AgentMessage.safeParse(confirm).success).toBe(true);
    expect(AgentMessage.safeParse({ ...confirm, confirm: { ...confirm.confirm, reasons: ['BECAUSE'] } }).success).toBe(
      false,
    );
  });

  it('accepts an applyResult that says how a failed apply was rolled back, and refuses a rollback without its outcome', () => {
    expect(AgentMessage.safeParse(ROLLED_BACK_EXAMPLE).success).toBe(true);
    const { ok: _, ...withoutOk } = ROLLED_BACK_EXAMPLE.rolledBack;
    expect(AgentMessage.safeParse({ ...ROLLED_BACK_EXAMPLE, rolledBack: withoutOk }).success).toBe(false);
  });

  it('takes an issue marked as a warning, and an old one without severity, but no other severity', () => {
    const [issue] = AGENT_EXAMPLES.error.issues;
    const withSeverity = (severity: unknown) => ({ ...AGENT_EXAMPLES.error, issues: [{ ...issue, severity }] });
    expect(AgentMessage.safeParse(withSeverity('warning')).success).toBe(true);
    expect(AgentMessage.safeParse(withSeverity('error')).success).toBe(true);
    expect(AgentMessage.safeParse(AGENT_EXAMPLES.error).success).toBe(true);
    expect(AgentMessage.safeParse(withSeverity('info')).success).toBe(false);
  });

  it('has an example for every message type', () => {
    const types = AgentMessage.unwrap()
      .options.map((o) => o.unwrap().shape.type.value)
      .sort();
    expect(Object.keys(AGENT_EXAMPLES).sort()).toEqual(types);
  });
});
