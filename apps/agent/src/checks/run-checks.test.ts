import { deriveDesired, validateDocument, type Document, type KernelState } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import type { CommandRunner } from '../exec/runner';
import type { LinkRecord } from '../observe/rtnetlink';
import { runChecks } from './run-checks';

/** netns1 (a veth to the root), a bridge br in the root with ns2 on it. */
const raw = {
  version: 1,
  name: 'lab',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'ns2', type: 'namespace', name: 'netns2' },
    { id: 'br', type: 'bridge', name: 'br0' },
  ],
  links: [
    { id: 'l1', type: 'veth', a: { node: 'host', name: 'veth0' }, b: { node: 'ns1', name: 'veth1' } },
    { id: 'l2', type: 'veth', a: { node: 'ns2', name: 'eth0' }, b: { node: 'br', name: 'p2' } },
  ],
  lesson: {
    steps: [
      {
        text: 'every kind',
        checks: [
          { type: 'ping', from: 'ns1', to: '10.0.0.1' },
          { type: 'ping', from: 'host', to: '10.0.0.2', expect: 'fails' },
          { type: 'route', namespace: 'ns1', to: 'default', via: '10.0.0.1' },
          { type: 'fdb', bridge: 'br', port: 'l2/b', macOf: 'l2/a' },
          { type: 'exists', object: 'l1' },
        ],
      },
    ],
  },
};
const parsed = validateDocument(raw);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
const doc: Document = parsed.value;

/** A runner that answers from a table by the command's last words, and records every argv. */
function fakeRunner(answers: Record<string, string>) {
  const calls: string[][] = [];
  const runner: CommandRunner = {
    run(file, args) {
      const argv = [file, ...args];
      calls.push(argv);
      const key = Object.keys(answers).find((k) => argv.join(' ').endsWith(k));
      const stdout = key === undefined ? '' : (answers[key] ?? '');
      return Promise.resolve({
        argv,
        exitCode: key === undefined ? 1 : 0,
        stdout,
        stderr: '',
        failed: false,
        timedOut: false,
        durationMs: 1,
      });
    },
  };
  return { runner, calls };
}

const record = (ifname: string, mac: string): LinkRecord =>
  ({ ifname, mac, up: true, carrier: true, operstate: 'UP' }) as LinkRecord;

describe('runChecks', () => {
  it('runs nothing for a topology that is not applied: every check says so, and no command starts', async () => {
    const { runner, calls } = fakeRunner({});
    const results = await runChecks(doc, undefined, { runner, observed: new Map(), live: new Map() });
    expect(results.map((r) => `${r.ok ? '✓' : '✗'} ${r.check}: ${r.reason}`)).toEqual([
      '✗ ping: namespace netns1 is not in the kernel; apply the topology',
      '✗ ping: topology lab is not in the kernel; apply it',
      '✗ route: namespace netns1 is not in the kernel; apply the topology',
      '✗ fdb: bridge br is not in the kernel',
      '✗ exists: l1 is not in the kernel',
    ]);
    expect(calls).toEqual([]);
  });

  it('runs each command inside the namespace the kernel has, and reads its answer', async () => {
    const observed: KernelState = deriveDesired(doc);
    const macs = new Map([...observed.values()].flatMap((o) => (o.kind === 'veth' ? [[o.key, o.a.mac ?? '']] : [])));
    const ws = macs.get('l2') ?? '';
    const { runner, calls } = fakeRunner({
      '-- 10.0.0.1': '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.1 ms',
      'exact 0.0.0.0/0': '[{"dst":"default","gateway":"10.0.0.9","dev":"veth1"}]',
      'br br0': JSON.stringify([{ mac: ws.toUpperCase(), ifname: 'p2', flags: [], state: '' }]),
    });
    const live = new Map([['netns2/eth0', record('eth0', ws)]]);
    const results = await runChecks(doc, 0, { runner, observed, live });
    expect(results.map((r) => `${r.ok ? '✓' : '✗'} ${r.check}: ${r.reason}`)).toEqual([
      '✓ ping: netns1 → 10.0.0.1: reply from 10.0.0.1 in 0.1 ms',
      '✓ ping: the root namespace → 10.0.0.2: no reply from 10.0.0.2: no reply',
      '✗ route: netns1 has default via 10.0.0.9 dev veth1, not default via 10.0.0.1',
      `✓ fdb: br0 has learned ${ws} (l2/a) on p2`,
      '✓ exists: l1 is in the kernel: veth0 ⇄ netns1/veth1',
    ]);
    expect(calls.map((c) => c.slice(0, 4).join(' '))).toEqual([
      'ip netns exec netns1',
      'ping -n -c 1',
      'ping -n -c 1', // the root's echo went unanswered: asked once more before it counts as failing
      'nsenter --net=/run/netns/netns1 ip -j',
      'bridge -j fdb show',
    ]);
  });

  it("asks an unanswered echo once more: a path's first echo after an apply may be lost while it learns", async () => {
    const observed: KernelState = deriveDesired(doc);
    const calls: string[] = [];
    const runner: CommandRunner = {
      run(file, args) {
        const argv = [file, ...args];
        const pings = argv.includes('ping') ? calls.filter((c) => c.includes('ping')).length : -1;
        calls.push(argv.join(' '));
        const replied = pings === 1; // the first echo is lost, the second answered
        return Promise.resolve({
          argv,
          exitCode: replied ? 0 : 1,
          stdout: replied ? '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.2 ms' : '',
          stderr: '',
          failed: false,
          timedOut: false,
          durationMs: 1,
        });
      },
    };
    const [first] = await runChecks(doc, 0, { runner, observed, live: new Map() });
    expect(first).toMatchObject({ ok: true, reason: 'netns1 → 10.0.0.1: reply from 10.0.0.1 in 0.2 ms' });
    const echoes = calls.filter((c) => c.includes('-- 10.0.0.1'));
    expect(echoes).toHaveLength(2);
    expect(echoes[1]).toContain('-W 2 '); // past the kernel's 1 s neighbour retransmit
  });
});
