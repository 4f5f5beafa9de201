import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { assembleState, type Pending } from './assemble';
import { deriveDesired } from './derive';
import { diffState } from './diff';
import type { Document } from './document';
import { planChanges } from './plan';
import type { Step } from './step';
import { arbDocument, fakeKernel, hostSnapshot, simulate, type FakeKernel } from './testing';

const NAME = 'lab';
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
const RUNS = Number(env?.['NETLOOM_RUNS'] ?? 100);

/** What the agent's journal records before an apply: every namespace and interface the plan creates. */
const pendingOf = (plan: readonly Step[]): Pending => ({
  netns: plan.flatMap((s) => (s.op === 'netns.add' ? [s.name] : [])),
  links: plan.flatMap((s) =>
    s.op !== 'link.add'
      ? []
      : (s.device.kind === 'veth' ? [s.device.a, s.device.b] : [s.device.iface]).map(({ netns, ifname }) => ({
          netns,
          ifname,
        })),
  ),
});

const planFor = (doc: Document, kernel: FakeKernel, pending?: Pending) => {
  const observed = assembleState(kernel.snapshot, NAME, pending);
  return {
    observed,
    plan: planChanges(NAME, diffState(deriveDesired(doc), observed.state, observed.orphans), observed.orphans),
  };
};

/**
 * What the agent does: one plan, run with idempotent deletions (its teardown batches count a
 * deletion whose target the kernel already removed along with a leftover as done).
 */
function converge(doc: Document, kernel: FakeKernel, pending: Pending): FakeKernel {
  return simulate(kernel, planFor(doc, kernel, pending).plan, { idempotentDeletes: true });
}

describe('an apply interrupted after any step', () => {
  it(
    'is finished by the next apply, which removes what was made but not yet marked',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), arbDocument(NAME), fc.nat(), (before, doc, cut) => {
          const start = simulate(fakeKernel(hostSnapshot()), planFor(before, fakeKernel(hostSnapshot())).plan);
          const { plan } = planFor(doc, start);
          const crashed = simulate(start, plan.slice(0, cut % (plan.length + 1)));
          const after = converge(doc, crashed, pendingOf(plan));
          expect(diffState(deriveDesired(doc), assembleState(after.snapshot, NAME).state)).toEqual([]);
          expect(assembleState(after.snapshot, NAME).orphans).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    RUNS * 20 + 5000,
  );

  it(
    'leaves nothing of the topology behind after `down`, even when interrupted',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), fc.nat(), (doc, cut) => {
          const { plan } = planFor(doc, fakeKernel(hostSnapshot()));
          const crashed = simulate(fakeKernel(hostSnapshot()), plan.slice(0, cut % (plan.length + 1)));
          const down = converge({ ...doc, nodes: [], links: [] }, crashed, pendingOf(plan));
          expect(down.snapshot).toEqual(hostSnapshot());
        }),
        { numRuns: RUNS },
      );
    },
    RUNS * 20 + 5000,
  );
});
