import { describe, expect, it } from 'vitest';

import { deriveDesired } from './derive';
import { diffState } from './diff';
import type { DocumentInput } from './document';
import { impairLabel, impairSpec, QDISC_HANDLE } from './impair';
import type { Iface, KernelState, VethObject } from './kernel';
import { planChanges } from './plan';
import { checkDocument, validateDocument } from './validate';

function pair(a: unknown, b: unknown = undefined, aNode = 'red'): DocumentInput {
  return {
    version: 1,
    name: 'lab',
    nodes: [
      { id: 'host', type: 'root' },
      { id: 'red', type: 'namespace', name: 'red' },
      { id: 'blue', type: 'namespace', name: 'blue' },
    ],
    links: [
      {
        id: 'l',
        type: 'veth',
        a: { node: aNode, name: 'v0', ...(a !== undefined && { impairments: a }) },
        b: { node: 'blue', name: 'v1', ...(b !== undefined && { impairments: b }) },
      } as never,
    ],
  };
}

const desired = (a: unknown, b?: unknown): KernelState => {
  const doc = validateDocument(pair(a, b));
  if (!doc.ok) throw new Error(JSON.stringify(doc.error));
  return deriveDesired(doc.value);
};
const vethOf = (state: KernelState): VethObject => state.get('l') as VethObject;
/** The kernel as the observer would assemble it, with end `a` as given. */
const withA = (state: KernelState, a: Partial<Iface>): KernelState => {
  const v = vethOf(state);
  return new Map([...state, ['l', { ...v, a: { ...v.a, ...a } }]]);
};
const stepsFor = (want: KernelState, have: KernelState) => planChanges('lab', diffState(want, have));

const issues = (input: DocumentInput) =>
  checkDocument(input).issues.map((i) => [i.path.join('.'), i.code, i.message] as const);

describe('impairments in the document', () => {
  it('are optional (older files load) and normalized: every field, 0 for none, µs and thousandths', () => {
    expect(vethOf(desired(undefined)).a.impair).toBeNull();
    expect(vethOf(desired({})).a.impair).toBeNull();
    expect(vethOf(desired({ lossPercent: 0 })).a.impair).toBeNull();
    expect(vethOf(desired({ delayMs: 50.00049, lossPercent: 1.23449, rateKbit: 1000 })).a.impair).toEqual({
      delayMs: 50,
      jitterMs: 0,
      lossPercent: 1.234,
      duplicatePercent: 0,
      reorderPercent: 0,
      rateKbit: 1000,
      intact: true,
    });
    // tc prints a delay with six significant digits: so is it compared.
    expect(impairSpec({ delayMs: 12345.678 }).delayMs).toBe(12345.7);
    expect(vethOf(desired({ delayMs: 50 })).b.impair).toBeNull();
  });

  it.each([
    [{ delayMs: -1 }, 'links.0.a.impairments.delayMs', 'INVALID_VALUE', /at least 0/],
    [{ lossPercent: 101 }, 'links.0.a.impairments.lossPercent', 'INVALID_VALUE', /at most 100/],
    [{ rateKbit: 1.5 }, 'links.0.a.impairments.rateKbit', 'INVALID_VALUE', /whole number/],
    [{ rateKbit: 0 }, 'links.0.a.impairments.rateKbit', 'INVALID_VALUE', /at least 1/],
    [{ delay: 5 }, 'links.0.a.impairments.delay', 'UNKNOWN_FIELD', /.*/],
    [{ reorderPercent: 25 }, 'links.0.a.impairments.reorderPercent', 'BAD_IMPAIRMENT', /set delayMs too/],
    [{ jitterMs: 5 }, 'links.0.a.impairments.jitterMs', 'BAD_IMPAIRMENT', /set delayMs too/],
  ])('refuses %j at its path, saying what to do', (impair, path, code, message) => {
    const found = issues(pair(impair));
    expect(found).toEqual([[path, code, expect.stringMatching(message)]]);
  });

  it('refuses them on an end in the root namespace, pointing at the other end', () => {
    expect(issues(pair({ delayMs: 50 }, undefined, 'host'))).toEqual([
      [
        'links.0.a.impairments',
        'BAD_IMPAIRMENT',
        '"v0" is in the root namespace, where netloom changes no qdisc; put them on the other end ("v1" in "blue"), which impairs the other direction',
      ],
    ]);
    expect(issues(pair({ delayMs: 50, reorderPercent: 10, jitterMs: 5 }))).toEqual([]);
  });

  it('read as text on the canvas', () => {
    expect(impairLabel({ delayMs: 50, lossPercent: 1 })).toBe('50 ms · 1% loss');
    expect(impairLabel({ delayMs: 50, jitterMs: 10, duplicatePercent: 2, reorderPercent: 25, rateKbit: 1000 })).toBe(
      '50 ms ± 10 ms · 2% dup · 25% reorder · 1 Mbit/s',
    );
    expect(impairLabel({ rateKbit: 512 })).toBe('512 kbit/s');
    expect(impairLabel({ rateKbit: 2_500_000 })).toBe('2.5 Gbit/s');
    expect(impairLabel(undefined)).toBe('');
  });
});

describe('planning impairments', () => {
  const none = desired(undefined);
  const delay = desired({ delayMs: 50, lossPercent: 1 });
  const spec = vethOf(delay).a.impair!;

  it('puts the qdisc on a new veth end, after its configuration, inside its namespace', () => {
    const steps = stepsFor(delay, new Map([...delay].filter(([k]) => k !== 'l')));
    expect(steps.at(-1)).toEqual({ op: 'qdisc.set', netns: 'red', object: 'l', ifname: 'v0', impair: spec });
    expect(steps.filter((s) => s.op.startsWith('qdisc.'))).toHaveLength(1);
  });

  it('runs nothing when the kernel has it, sets it where it differs, and deletes it when the document drops it', () => {
    expect(stepsFor(delay, withA(delay, { qdisc: 'netem' }))).toEqual([]);
    const changed = withA(delay, { impair: { ...spec, delayMs: 100 }, qdisc: 'netem' });
    expect(stepsFor(delay, changed)).toEqual([
      { op: 'qdisc.set', netns: 'red', object: 'l', ifname: 'v0', impair: spec },
    ]);
    // A setting netloom does not write (made by hand) is drift too.
    expect(stepsFor(delay, withA(delay, { impair: { ...spec, intact: false }, qdisc: 'netem' }))).toHaveLength(1);
    expect(diffState(delay, withA(delay, { impair: { ...spec, delayMs: 100 }, qdisc: 'netem' }))[0]).toMatchObject({
      op: 'update',
      fields: ['a.impair.delayMs'],
    });
    expect(stepsFor(none, withA(none, { impair: spec, qdisc: 'netem' }))).toEqual([
      { op: 'qdisc.del', netns: 'red', object: 'l', ifname: 'v0' },
    ]);
    expect(stepsFor(none, none)).toEqual([]);
  });

  it('deletes its own qdisc of another kind first (a rate alone is a tbf), and replaces a foreign one in place', () => {
    const rate = desired({ rateKbit: 1000 });
    expect(stepsFor(rate, withA(rate, { impair: spec, qdisc: 'netem' })).map((s) => s.op)).toEqual([
      'qdisc.del',
      'qdisc.set',
    ]);
    // Someone else's root qdisc is observed as none of netloom's: replaced where the document asks for impairments…
    expect(stepsFor(rate, withA(rate, { impair: null })).map((s) => s.op)).toEqual(['qdisc.set']);
    // …and left alone where it asks for none.
    expect(stepsFor(none, withA(none, { impair: null }))).toEqual([]);
    expect(QDISC_HANDLE).toBe('4e4c:');
  });
});
