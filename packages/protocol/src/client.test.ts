import { describe, expect, it } from 'vitest';

import { ClientMessage } from './client';
import { CLIENT_EXAMPLES } from './examples';

/** One way to break each message: a wrong type, a missing field, a bad value or an extra field. */
const REJECTS = {
  hello: { type: 'hello', protocolVersion: '1' },
  plan: { type: 'plan', id: 'r1', document: 'version: 1' },
  apply: { type: 'apply', id: 'r2', document: CLIENT_EXAMPLES.apply.document },
  down: { type: 'down', id: 'r3', name: 'Not A Name' },
  status: { type: 'status', id: 7, document: CLIENT_EXAMPLES.status.document },
  setLinkState: { type: 'setLinkState', id: 'r5', topology: 'netns-veth', netns: 'netns1', ifname: 'dev', up: false },
  subscribe: { type: 'subscribe', id: 'r6', streams: ['everything'] },
  pingStart: {
    type: 'pingStart',
    id: 'r7',
    topology: 'netns-veth',
    fromNetns: 'netns1',
    to: '10.1.1.1',
    intervalMs: 1,
  },
  pingStop: { type: 'pingStop', id: 'r8', probeId: 'p1', extra: true },
  reachability: { type: 'reachability', id: '', document: CLIENT_EXAMPLES.reachability.document },
  runChecks: { type: 'runChecks', id: 'r12', document: CLIENT_EXAMPLES.runChecks.document, step: -1 },
  watchChecks: { type: 'watchChecks', id: 'r19', step: 0 },
  hostTopologies: { type: 'hostTopologies', id: 'r10', all: true },
  openApplied: { type: 'openApplied', id: 'r11', name: '../etc/passwd' },
  viewerLink: { type: 'viewerLink' },
  revokeViewerLink: { type: 'revokeViewerLink', id: 'r14', token: 'x' },
  presenterUpdate: {
    type: 'presenterUpdate',
    id: 'r15',
    view: { ...CLIENT_EXAMPLES.presenterUpdate.view, viewport: { x: 0, y: 0, zoom: 0 } },
  },
  captureStart: { ...CLIENT_EXAMPLES.captureStart, filter: 'icmp\n; rm -rf /' },
  captureStop: { type: 'captureStop', id: 'r17' },
  watchTables: { type: 'watchTables', id: 'r16', topology: 'bridge', namespaces: ['-bad'] },
  stepStart: { ...CLIENT_EXAMPLES.stepStart, noRollback: true },
  stepNext: { ...CLIENT_EXAMPLES.stepNext, index: -1 },
  stepBack: { ...CLIENT_EXAMPLES.stepBack, planHash: '' },
  stepRunToEnd: { ...CLIENT_EXAMPLES.stepRunToEnd, index: 1.5 },
  stepStop: { ...CLIENT_EXAMPLES.stepStop, topology: '../x' },
  trafficStart: {
    ...CLIENT_EXAMPLES.trafficStart,
    traffic: { kind: 'iperf3', protocol: 'udp', seconds: 86400 },
  },
  trafficStop: { type: 'trafficStop', id: 'r20', trafficId: '' },
} satisfies Record<keyof typeof CLIENT_EXAMPLES, unknown>;

describe('client messages', () => {
  for (const [type, example] of Object.entries(CLIENT_EXAMPLES)) {
    it(`accepts a valid ${type}`, () => {
      expect(ClientMessage.safeParse(example).success).toBe(true);
    });
  }
  for (const [type, bad] of Object.entries(REJECTS)) {
    it(`rejects a broken ${type}`, () => {
      expect(ClientMessage.safeParse(bad).success).toBe(false);
    });
  }

  it('has an example for every message type', () => {
    const types = ClientMessage.unwrap()
      .options.map((o) => o.unwrap().shape.type.value)
      .sort();
    expect(Object.keys(CLIENT_EXAMPLES).sort()).toEqual(types);
  });

  it('accepts the root namespace as null in setLinkState and pingStart', () => {
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.setLinkState, netns: null }).success).toBe(true);
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.pingStart, fromNetns: null }).success).toBe(true);
  });

  it('accepts an apply confirmed by the person (force) and refuses a force that is not a boolean', () => {
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.apply, force: true }).success).toBe(true);
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.apply, force: 'yes' }).success).toBe(false);
  });

  it('accepts an apply that keeps a partial result (noRollback), and refuses a noRollback that is not a boolean', () => {
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.apply, noRollback: true }).success).toBe(true);
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.apply, noRollback: 'yes' }).success).toBe(false);
  });

  it('refuses a setLinkState without the object the interface serves, or with a malformed one', () => {
    const { object: _, ...without } = CLIENT_EXAMPLES.setLinkState;
    expect(ClientMessage.safeParse(without).success).toBe(false);
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.setLinkState, object: 'l1/c' }).success).toBe(false);
  });

  it('refuses a target that is not an IP address, so nothing else reaches ping argv', () => {
    expect(ClientMessage.safeParse({ ...CLIENT_EXAMPLES.pingStart, to: '-f' }).success).toBe(false);
  });

  it('refuses a capture over the agent maxima: too many interfaces, a limit too large, a filter too long', () => {
    const target = CLIENT_EXAMPLES.captureStart.targets[0];
    const start = CLIENT_EXAMPLES.captureStart;
    expect(ClientMessage.safeParse({ ...start, targets: Array(9).fill(target) }).success).toBe(false);
    expect(ClientMessage.safeParse({ ...start, targets: [] }).success).toBe(false);
    expect(ClientMessage.safeParse({ ...start, limits: { packets: 100_001 } }).success).toBe(false);
    expect(ClientMessage.safeParse({ ...start, limits: { seconds: 0 } }).success).toBe(false);
    expect(ClientMessage.safeParse({ ...start, filter: 'x'.repeat(1025) }).success).toBe(false);
    expect(ClientMessage.safeParse({ ...start, filter: '-w /etc/passwd' }).success).toBe(true);
  });
});
