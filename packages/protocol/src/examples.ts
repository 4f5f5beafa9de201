import type { AgentMessage, AgentMessageType } from './agent';
import type { ClientMessage, ClientMessageType } from './client';

/**
 * One valid example of every message, both ways. The unit tests check each against its schema,
 * `docs/protocol.md` shows them, and clients may use them as fixtures.
 */

const document = {
  version: 1,
  name: 'netns-veth',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
  ],
  links: [
    {
      id: 'l1',
      type: 'veth',
      a: { node: 'host', name: 'veth-host', addresses: ['10.1.1.1/24'] },
      b: { node: 'ns1', name: 'veth-ns1', addresses: ['10.1.1.2/24'] },
    },
  ],
};

const argv = ['ip', 'link', 'add', 'name', 'veth-host', 'type', 'veth', 'peer', 'name', 'veth-ns1', 'netns', 'netns1'];
const step = {
  index: 4,
  op: 'link.set',
  netns: null,
  object: 'l1',
  summary: 'set veth-host up',
  explanation: 'Configures veth-host in the root namespace: brings it up, so it can send and receive.',
  argv: ['ip', 'link', 'set', 'dev', 'veth-host', 'up'],
  step: {
    op: 'link.set' as const,
    netns: null,
    object: 'l1',
    ifname: 'veth-host',
    up: true,
  },
};
const counters = {
  rxBytes: 1512,
  txBytes: 1512,
  rxPackets: 18,
  txPackets: 18,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
};

const presenterView = {
  presenter: 'Ada',
  applied: { topology: 'netns-veth', revision: 'd41f0c2a9b7e31c5' },
  selection: ['ns1'],
  viewport: { x: 120, y: 40, zoom: 1.25 },
  lesson: { id: 'netns-veth', step: 2 },
  stepThrough: {
    index: 3,
    total: 7,
    state: 'ready',
    command: 'ip link set dev veth-host up',
    explanation: 'Brings veth-host up, so it can carry packets.',
  },
  checks: [{ step: 2, index: 0, check: 'ping', ok: true, reason: 'reply from 10.1.1.1 in 0.05 ms' }],
} as const;

export const CLIENT_EXAMPLES = {
  hello: { type: 'hello', protocolVersion: 1 },
  plan: { type: 'plan', id: 'r1', document },
  apply: { type: 'apply', id: 'r2', document, planHash: 'sha256:9f2c…', basedOn: 'd41f0c2a9b7e31c5' },
  down: { type: 'down', id: 'r3', name: 'netns-veth' },
  stepStart: { type: 'stepStart', id: 'r13', document, planHash: 'sha256:9f2c…', basedOn: null },
  stepNext: { type: 'stepNext', id: 'r14', topology: 'netns-veth', planHash: 'sha256:9f2c…', index: 4 },
  stepBack: { type: 'stepBack', id: 'r15', topology: 'netns-veth', planHash: 'sha256:9f2c…', index: 5 },
  stepRunToEnd: { type: 'stepRunToEnd', id: 'r16', topology: 'netns-veth', planHash: 'sha256:9f2c…', index: 4 },
  stepStop: { type: 'stepStop', id: 'r17', topology: 'netns-veth' },
  status: { type: 'status', id: 'r4', document },
  setLinkState: {
    type: 'setLinkState',
    id: 'r5',
    topology: 'netns-veth',
    object: 'l1/b',
    netns: 'netns1',
    ifname: 'veth-ns1',
    up: false,
  },
  subscribe: { type: 'subscribe', id: 'r6', streams: ['linkState', 'counters', 'drift'] },
  pingStart: {
    type: 'pingStart',
    id: 'r7',
    topology: 'netns-veth',
    fromNetns: 'netns1',
    to: '10.1.1.1',
    intervalMs: 1000,
  },
  pingStop: { type: 'pingStop', id: 'r8', probeId: 'p1' },
  reachability: { type: 'reachability', id: 'r9', document },
  runChecks: { type: 'runChecks', id: 'r12', document, step: 0 },
  watchChecks: { type: 'watchChecks', id: 'r19', document, step: 0 },
  hostTopologies: { type: 'hostTopologies', id: 'r10' },
  openApplied: { type: 'openApplied', id: 'r11', name: 'netns-veth' },
  viewerLink: { type: 'viewerLink', id: 'r13' },
  revokeViewerLink: { type: 'revokeViewerLink', id: 'r14' },
  presenterUpdate: { type: 'presenterUpdate', id: 'r15', document, view: presenterView },
  captureStart: {
    type: 'captureStart',
    id: 'r16',
    targets: [{ topology: 'vxlan', object: 'underlay/a', netns: 'host1', ifname: 'underlay0' }],
    filter: 'udp port 4789',
    limits: { packets: 1000, seconds: 60 },
  },
  captureStop: { type: 'captureStop', id: 'r17', captureId: 'c1' },
  watchTables: { type: 'watchTables', id: 'r18', topology: 'bridge', namespaces: ['red', null] },
} as const satisfies { readonly [T in ClientMessageType]: Extract<ClientMessage, { type: T }> };

export const AGENT_EXAMPLES = {
  hello: { type: 'hello', protocolVersion: 1, agentVersion: '0.1.0', role: 'control' },
  planResult: {
    type: 'planResult',
    id: 'r1',
    topology: 'netns-veth',
    changes: [{ op: 'create', key: 'l1', kind: 'veth' }],
    steps: [step],
    planHash: 'sha256:9f2c…',
  },
  progress: { type: 'progress', id: 'r2', topology: 'netns-veth', done: 3, total: 7, stage: 'link-add' },
  command: {
    type: 'command',
    id: 'r2',
    topology: 'netns-veth',
    namespace: null,
    argv,
    exitCode: 0,
    stderr: '',
    durationMs: 4.1,
    batch: { id: 2, size: 3 },
    stepIndex: 1,
  },
  applyResult: {
    type: 'applyResult',
    id: 'r2',
    ok: true,
    topology: 'netns-veth',
    planHash: 'sha256:9f2c…',
    completed: 7,
    total: 7,
    processes: 3,
    durationMs: 41,
    remaining: [],
    revision: 'd41f0c2a9b7e31c5',
  },
  stepState: {
    type: 'stepState',
    id: 'r14',
    topology: 'netns-veth',
    planHash: 'sha256:9f2c…',
    steps: [step],
    done: 5,
    state: 'active',
    last: { direction: 'forward', index: 4, command: step, ok: true, exitCode: 0, output: '', durationMs: 3.2 },
  },
  downResult: {
    type: 'downResult',
    id: 'r3',
    ok: true,
    topology: 'netns-veth',
    completed: 2,
    total: 2,
    processes: 1,
    durationMs: 12,
  },
  statusResult: {
    type: 'statusResult',
    id: 'r4',
    report: {
      topology: 'netns-veth',
      converged: true,
      objects: [
        {
          id: 'l1',
          kind: 'veth',
          state: 'present',
          interfaces: [
            { netns: 'netns1', ifname: 'veth-ns1', present: true, admin: 'up', oper: 'UP', carrier: true, counters },
          ],
        },
      ],
      orphans: [],
    },
  },
  setLinkStateResult: { type: 'setLinkStateResult', id: 'r5', netns: 'netns1', ifname: 'veth-ns1', up: false },
  subscribed: { type: 'subscribed', id: 'r6', streams: ['linkState', 'counters', 'drift'] },
  linkState: {
    type: 'linkState',
    at: 1764340800000,
    snapshot: false,
    links: [
      {
        topology: 'netns-veth',
        object: 'l1/b',
        netns: 'netns1',
        ifname: 'veth-ns1',
        admin: 'down',
        oper: 'DOWN',
        carrier: false,
        present: true,
      },
    ],
  },
  counters: {
    type: 'counters',
    at: 1764340801000,
    full: false,
    interfaces: [
      {
        topology: 'netns-veth',
        object: 'l1/b',
        netns: 'netns1',
        ifname: 'veth-ns1',
        counters,
        rates: { rxBytesPerSec: 84, txBytesPerSec: 84, rxPacketsPerSec: 1, txPacketsPerSec: 1 },
      },
    ],
  },
  pingStarted: { type: 'pingStarted', id: 'r7', probeId: 'p1' },
  ping: { type: 'ping', probeId: 'p1', seq: 4, status: 'reply', rttMs: 0.061, at: 1764340802000 },
  pingStopped: { type: 'pingStopped', probeId: 'p1', id: 'r8', reason: 'stopped by the client' },
  captureStarted: {
    type: 'captureStarted',
    id: 'r16',
    captureId: 'c1',
    ifaces: [{ netns: 'host1', ifname: 'underlay0', object: 'underlay/a', linkType: 1 }],
    snapLength: 2048,
    limits: { packets: 1000, bytes: 67108864, seconds: 60 },
  },
  packets: {
    type: 'packets',
    captureId: 'c1',
    packets: [{ atUs: 1764340802000123, iface: 0, length: 148, data: 'Ah6r…' }],
    dropped: 0,
  },
  captureStopped: {
    type: 'captureStopped',
    captureId: 'c1',
    id: 'r17',
    reason: 'stopped',
    packets: 24,
    bytes: 3552,
    dropped: 0,
  },
  reachabilityResult: {
    type: 'reachabilityResult',
    id: 'r9',
    topology: 'netns-veth',
    pairs: [{ from: 'netns1', to: '10.1.1.1', toInterface: '(root)/veth-host', reachable: true, rttMs: 0.05 }],
    durationMs: 30,
  },
  checkResults: {
    type: 'checkResults',
    id: 'r12',
    topology: 'netns-veth',
    results: [
      { step: 0, index: 0, check: 'ping', ok: true, reason: 'reply from 10.1.1.1 in 0.05 ms' },
      { step: 0, index: 1, check: 'inNamespace', ok: false, reason: 'veth-ns1 is not in the kernel' },
    ],
    durationMs: 40,
  },
  drift: {
    type: 'drift',
    at: 1764340803000,
    topology: 'netns-veth',
    changes: [{ op: 'update', key: 'l1', kind: 'veth', fields: ['a.up'] }],
  },
  topologyRemoved: { type: 'topologyRemoved', at: 1764930000000, topology: 'netns-veth' },
  hostTopologiesResult: {
    type: 'hostTopologiesResult',
    id: 'r10',
    topologies: [
      {
        name: 'netns-veth',
        namespaces: 1,
        interfaces: 2,
        drifted: 0,
        appliedAt: 1764340700000,
        appliedFrom: { kind: 'file', path: '/home/ada/netloom/examples/01-netns-veth.yaml' },
        revision: 'd41f0c2a9b7e31c5',
      },
    ],
  },
  openAppliedResult: {
    type: 'openAppliedResult',
    id: 'r11',
    topology: 'netns-veth',
    revision: 'd41f0c2a9b7e31c5',
    appliedAt: 1764340700000,
    appliedFrom: { kind: 'designer' },
    document,
  },
  health: {
    type: 'health',
    at: 1764340804000,
    services: [
      {
        service: 'nl-relay',
        state: 'restarting',
        detail: 'nl-relay exited (SIGKILL); restarting in 0.1 s',
        since: 1764340804000,
      },
      { service: 'link-monitor', state: 'ok', since: 1764340700000 },
    ],
  },
  viewerLinkResult: {
    type: 'viewerLinkResult',
    id: 'r13',
    url: 'http://127.0.0.1:7878/#viewer=Jq0w4m3rS8yKp1vN2bX7cH5dF9gL6tZ0eA3iU8oY4wQ',
    token: 'Jq0w4m3rS8yKp1vN2bX7cH5dF9gL6tZ0eA3iU8oY4wQ',
    viewers: 12,
  },
  presenterState: { type: 'presenterState', at: 1764340805000, document, view: presenterView },
  tables: {
    type: 'tables',
    at: 1764340805000,
    topology: 'bridge',
    netns: 'red',
    addresses: [{ ifname: 'eth0', cidr: '10.2.0.11/24', scope: 'global' }],
    routes: [
      { to: 'default', via: '10.2.0.1', dev: 'eth0', proto: 'static', kind: 'unicast' },
      { to: '10.2.0.0/24', dev: 'eth0', proto: 'kernel', kind: 'unicast', src: '10.2.0.11' },
    ],
    neighbours: [{ address: '10.2.0.13', dev: 'eth0', mac: '0a:5e:41:9c:20:13', state: 'REACHABLE' }],
    fdb: [],
    truncated: [],
  },
  tablesWatched: { type: 'tablesWatched', id: 'r18', topology: 'bridge', namespaces: ['red', null] },
  error: {
    type: 'error',
    id: 'r1',
    code: 'TOPOLOGY_INVALID',
    message: 'the document has 1 problem',
    issues: [
      {
        path: ['links', 0, 'a', 'name'],
        message: '"veth-host-too-long" is 18 bytes; Linux interface names hold at most 15',
        objectId: 'l1',
        code: 'INVALID_VALUE',
      },
    ],
  },
} as const satisfies { readonly [T in AgentMessageType]: Extract<AgentMessage, { type: T }> };

/** An apply refused until the person confirms it (`error` `CONFIRM_REQUIRED`), as `docs/protocol.md` shows it. */
export const CONFIRM_REQUIRED_EXAMPLE = {
  type: 'error',
  id: 'r2',
  code: 'CONFIRM_REQUIRED',
  message:
    'applying this document deletes every object of topology "netns-veth" now in the kernel: namespace ns1, veth l1; confirm to go on',
  confirm: {
    topology: 'netns-veth',
    reasons: ['DELETES_ALL'],
    deletes: [
      { op: 'delete', key: 'ns1', kind: 'netns' },
      { op: 'delete', key: 'l1', kind: 'veth' },
    ],
  },
} as const satisfies AgentMessage;

/** An apply whose command failed and was rolled back (`applyResult` with `rolledBack`), as `docs/protocol.md` shows it. */
export const ROLLED_BACK_EXAMPLE = {
  type: 'applyResult',
  id: 'r2',
  ok: false,
  reason: 'COMMAND_FAILED',
  topology: 'netns-veth',
  planHash: 'sha256:9f2c…',
  completed: 5,
  total: 8,
  failed: {
    step: {
      index: 5,
      op: 'link.set',
      netns: 'netns1',
      object: 'l1',
      summary: 'configure veth-ns1 in netns1',
      explanation:
        "Configures veth-ns1 in netns1: labels it with netloom's ownership marker (its alias) and brings it up, so it can send and receive.",
      argv: ['ip', '-n', 'netns1', 'link', 'set', 'dev', 'veth-ns1', 'alias', 'netloom:netns-veth/l1/b', 'up'],
      step: {
        op: 'link.set',
        netns: 'netns1',
        object: 'l1',
        ifname: 'veth-ns1',
        alias: 'netloom:netns-veth/l1/b',
        up: true,
      },
    },
    exitCode: 1,
    stderr: 'Cannot find device "veth-ns1"',
    code: 'NO_DEVICE',
  },
  processes: 4,
  durationMs: 182,
  remaining: [
    { op: 'create', key: 'ns1', kind: 'netns' },
    { op: 'create', key: 'l1', kind: 'veth' },
  ],
  rolledBack: { ok: true, completed: 1, total: 1, processes: 1, remaining: [] },
} as const satisfies AgentMessage;
