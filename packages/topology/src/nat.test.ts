import { describe, expect, it } from 'vitest';

import { deriveDesired } from './derive';
import { diffState } from './diff';
import type { DocumentInput, Nat } from './document';
import type { KernelState, NetnsObject } from './kernel';
import { canonicalNat } from './nat';
import { planChanges } from './plan';
import { checkDocument, validateDocument } from './validate';

function gateway(nat: unknown, forwarding: boolean | null = true): DocumentInput {
  return {
    version: 1,
    name: 'lab',
    nodes: [
      { id: 'gw', type: 'namespace', name: 'gw', ...(forwarding !== null && { forwarding }), nat } as never,
      { id: 'lan', type: 'namespace', name: 'lan' },
    ],
    links: [
      {
        id: 'l',
        type: 'veth',
        a: { node: 'gw', name: 'lan0', addresses: ['10.0.1.1/24'] },
        b: { node: 'lan', name: 'eth0', addresses: ['10.0.1.2/24'] },
      },
    ],
  };
}

const NAT: Nat = {
  masquerade: ['lan0', 'lan0'],
  forwards: [
    { protocol: 'tcp', port: 8080, dev: 'lan0', to: '10.0.1.2', toPort: 80 },
    { protocol: 'udp', port: 53, to: '10.0.1.2' },
  ],
};

const desired = (nat: unknown): KernelState => {
  const doc = validateDocument(gateway(nat));
  if (!doc.ok) throw new Error(JSON.stringify(doc.error));
  return deriveDesired(doc.value);
};
const gwOf = (state: KernelState): NetnsObject => state.get('gw') as NetnsObject;
const withNat = (state: KernelState, nat: NetnsObject['nat']): KernelState =>
  new Map([...state, ['gw', { ...gwOf(state), nat }]]);

describe('NAT in the document', () => {
  it('is optional (files without it load) and derives a canonical spec: deduplicated, sorted, toPort filled in', () => {
    expect(validateDocument(gateway(undefined)).ok).toBe(true);
    expect(gwOf(desired(undefined)).nat).toBeUndefined();
    expect(gwOf(desired(NAT)).nat).toEqual({
      masquerade: ['lan0'],
      forwards: [
        { protocol: 'tcp', port: 8080, dev: 'lan0', to: '10.0.1.2', toPort: 80 },
        { protocol: 'udp', port: 53, to: '10.0.1.2', toPort: 53 },
      ],
      intact: true,
    });
  });

  it.each([
    [
      { masquerade: ['wan0'] },
      ['nodes', 0, 'nat', 'masquerade', 0],
      'BAD_NAT',
      /no interface "wan0" in namespace "gw"/,
    ],
    [
      { forwards: [{ protocol: 'tcp', port: 1, dev: 'x', to: '10.0.1.2' }] },
      ['nodes', 0, 'nat', 'forwards', 0, 'dev'],
      'BAD_NAT',
      /no interface "x"/,
    ],
    [
      { forwards: [{ protocol: 'icmp', port: 1, to: '10.0.1.2' }] },
      ['nodes', 0, 'nat', 'forwards', 0, 'protocol'],
      'INVALID_VALUE',
      /tcp or udp/,
    ],
    [
      { forwards: [{ protocol: 'tcp', port: 1, to: 'fd00::2' }] },
      ['nodes', 0, 'nat', 'forwards', 0, 'to'],
      'INVALID_VALUE',
      /not an IPv4 address/,
    ],
    [
      { forwards: [{ protocol: 'tcp', port: 70000, to: '10.0.1.2' }] },
      ['nodes', 0, 'nat', 'forwards', 0, 'port'],
      'INVALID_VALUE',
      /at most 65535/,
    ],
    [{ snat: [] }, ['nodes', 0, 'nat', 'snat'], 'UNKNOWN_FIELD', /./],
  ])('refuses %j at its path', (nat, path, code, message) => {
    const issues = checkDocument(gateway(nat)).issues;
    expect(issues).toContainEqual(expect.objectContaining({ path, code, message: expect.stringMatching(message) }));
  });

  it('needs forwarding: true in the namespace', () => {
    expect(checkDocument(gateway({ masquerade: ['lan0'] }, null)).issues).toEqual([
      expect.objectContaining({
        path: ['nodes', 0, 'forwarding'],
        code: 'BAD_NAT',
        message: expect.stringMatching(/set forwarding: true/),
      }),
    ]);
    // No rule, nothing routed: no need.
    expect(checkDocument(gateway({ masquerade: [] }, false)).issues).toEqual([]);
  });

  it('cannot be given to the root namespace, whose settings netloom never changes', () => {
    const doc = { version: 1, name: 'lab', nodes: [{ id: 'host', type: 'root', nat: { masquerade: ['eth0'] } }] };
    expect(checkDocument(doc).issues).toContainEqual(
      expect.objectContaining({ path: ['nodes', 0, 'nat'], code: 'UNKNOWN_FIELD' }),
    );
  });
});

describe('NAT plans', () => {
  const plan = (want: KernelState, had: KernelState) => planChanges('lab', diffState(want, had));
  const want = desired(NAT);

  it('sets the table after the namespace is made, in the namespace, and once converged plans nothing', () => {
    const steps = plan(want, new Map());
    expect(steps.at(-1)).toEqual({
      op: 'nat.set',
      netns: 'gw',
      object: 'gw',
      table: 'netloom_lab',
      nat: gwOf(want).nat,
    });
    expect(plan(want, want)).toEqual([]);
  });

  it('replaces the table when a rule differs or the table holds something else (drift), and deletes it when no rule is left', () => {
    const fewer = desired({ masquerade: [], forwards: NAT.forwards });
    expect(diffState(fewer, want)).toMatchObject([{ op: 'update', key: 'gw', fields: ['nat.masquerade'] }]);
    expect(plan(fewer, want)).toEqual([
      { op: 'nat.set', netns: 'gw', object: 'gw', table: 'netloom_lab', nat: gwOf(fewer).nat },
    ]);
    const tampered = withNat(want, { ...gwOf(want).nat!, intact: false });
    expect(plan(want, tampered).map((s) => s.op)).toEqual(['nat.set']);
    const none = desired({});
    expect(plan(none, want)).toEqual([{ op: 'nat.del', netns: 'gw', object: 'gw', table: 'netloom_lab' }]);
    expect(plan(none, withNat(want, canonicalNat([], [])))).toEqual([]);
  });

  it('leaves an unmanaged table alone, and lets a deleted namespace take its table along', () => {
    expect(plan(desired(undefined), withNat(desired(undefined), gwOf(want).nat))).toEqual([]);
    expect(plan(new Map(), want).filter((s) => s.op.startsWith('nat.'))).toEqual([]);
  });
});
