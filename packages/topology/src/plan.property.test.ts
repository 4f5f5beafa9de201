import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { assembleState } from './assemble';
import { findForeignClashes } from './clashes';
import { deriveDesired } from './derive';
import { diffState } from './diff';
import type { Document } from './document';
import type { Snapshot } from './snapshot';
import { STAGES, stageOf, type Step } from './step';
import { planChanges } from './plan';
import { findHostConflicts } from './preflight';
import {
  applyHandEdits,
  arbDocument,
  arbHandEdits,
  fakeKernel,
  hostSnapshot,
  simulate,
  type FakeKernel,
} from './testing';

const NAME = 'lab';
// NETLOOM_RUNS=5000 for a deeper search than the default suite's.
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
const RUNS = { numRuns: Number(env?.['NETLOOM_RUNS'] ?? 100) };
const TIMEOUT = RUNS.numRuns * 20 + 5000;

/** observe → diff → plan, as the agent does before an apply. */
function planFor(doc: Document, kernel: FakeKernel): Step[] {
  const observed = assembleState(kernel.snapshot, NAME);
  return planChanges(NAME, diffState(deriveDesired(doc), observed.state), observed.orphans);
}

/** What is left to do after `kernel`: nothing, once an apply converged. */
function leftOver(doc: Document, kernel: FakeKernel) {
  return diffState(deriveDesired(doc), assembleState(kernel.snapshot, NAME).state);
}

const empty = (): FakeKernel => fakeKernel(hostSnapshot());
const applied = (doc: Document, from: FakeKernel = empty()): FakeKernel => simulate(from, planFor(doc, from));

/** Starting kernels: a bare host, another drawing of the same topology, or that drawing edited by hand. */
const arbStart: fc.Arbitrary<FakeKernel> = fc.oneof(
  fc.constant(null).map(empty),
  arbDocument(NAME).map((other) => applied(other)),
  fc.tuple(arbDocument(NAME), arbHandEdits).map(([other, edits]) => applyHandEdits(applied(other), edits)),
);

/**
 * Only starts where the agent would go ahead: no name the document wants is held by someone else,
 * and the plan passes the preflight against the host (a VXLAN whose VNI and port a foreign VXLAN
 * holds is refused before the first command: seed 1127446869 made one from a drawing's VXLAN whose
 * alias a hand edit had removed, and the simulated kernel, like the real one, then refused its add).
 */
function noClash(doc: Document, start: FakeKernel): boolean {
  const observed = assembleState(start.snapshot, NAME);
  if (findForeignClashes(doc, observed).length > 0) return false;
  const desired = deriveDesired(doc);
  const steps = planChanges(NAME, diffState(desired, observed.state), observed.orphans);
  return findHostConflicts(doc, desired, steps, start.snapshot, observed).length === 0;
}

/**
 * The plan as the executor runs it: stage after stage, each stage as one batch per namespace,
 * batches in the order `keys` gives (any order must do, since batches of one stage may run at once).
 */
function interleaved(plan: readonly Step[], keys: readonly number[]): Step[] {
  return STAGES.flatMap((stage, s) => {
    const batches = new Map<string, Step[]>();
    for (const step of plan.filter((x) => stageOf(x) === stage)) {
      const batch = step.netns ?? '(root)';
      batches.set(batch, [...(batches.get(batch) ?? []), step]);
    }
    const names = [...batches.keys()].sort();
    const rank = new Map(names.map((name, i) => [name, keys[(i + s * 7) % keys.length] ?? 0]));
    return names.sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0)).flatMap((name) => batches.get(name) ?? []);
  });
}

/**
 * A snapshot without what differs between equivalent runs: ifindexes. MACs stay: netloom gives
 * every interface it makes a stable one, so two runs of one plan agree on them too.
 */
function normalized(snapshot: Snapshot) {
  const links = (list: Snapshot['root']) =>
    list
      .map(({ ifindex: _i, addresses, ...rest }) => ({ ...rest, addresses: [...addresses].sort() }))
      .sort((x, y) => (x.ifname < y.ifname ? -1 : 1));
  return {
    root: links(snapshot.root),
    namespaces: snapshot.namespaces
      .map((ns) => ({ ...ns, links: links(ns.links ?? []) }))
      .sort((x, y) => (x.name < y.name ? -1 : 1)),
  };
}

/**
 * What a step needs to exist before it runs, and what it brings into existence. Teardown steps
 * need nothing here: they act on what existed before the plan (a replace deletes, then makes anew).
 */
function needsAndMakes(step: Step): { needs: string[]; makes: string[] } {
  const ns = (name: string | null) => (name === null ? [] : [`netns ${name}`]);
  const dev = (netns: string | null, ifname: string) => `dev ${netns ?? ''}/${ifname}`;
  switch (step.op) {
    case 'netns.add':
      return { needs: [], makes: [...ns(step.name), dev(step.name, 'lo')] };
    case 'netns.del':
    case 'link.del':
    case 'addr.del':
    case 'route.del':
    case 'nat.del':
      return { needs: [], makes: [] };
    case 'nat.set':
      // nft matches interfaces by name: they need not exist yet.
      return { needs: ns(step.netns), makes: [] };
    case 'qdisc.set':
    case 'qdisc.del':
      return { needs: [dev(step.netns, step.ifname)], makes: [] };
    case 'netns.id':
    case 'sysctl.set':
      return { needs: ns(step.name), makes: [] };
    case 'link.add': {
      const d = step.device;
      const ifaces = d.kind === 'veth' ? [d.a, d.b] : [d.iface];
      const underlay = d.kind === 'vxlan' && d.underlay !== undefined ? [dev(d.iface.netns, d.underlay)] : [];
      return {
        needs: [...ns(step.netns), ...ifaces.flatMap((i) => ns(i.netns)), ...underlay],
        makes: ifaces.map((i) => dev(i.netns, i.ifname)),
      };
    }
    case 'link.set':
      return {
        needs: [
          dev(step.netns, step.ifname),
          ...(typeof step.master === 'string' ? [dev(step.netns, step.master)] : []),
        ],
        makes: [],
      };
    case 'addr.add':
      return { needs: [dev(step.netns, step.ifname)], makes: [] };
    case 'route.add':
      return {
        needs: [...ns(step.netns), ...(step.route.dev === undefined ? [] : [dev(step.netns, step.route.dev)])],
        makes: [],
      };
  }
}

describe('diff and plan of a document against itself', () => {
  it(
    'finds no change and plans no step',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), (doc) => {
          const changes = diffState(deriveDesired(doc), deriveDesired(doc));
          expect(changes).toEqual([]);
          expect(planChanges(NAME, changes)).toEqual([]);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

describe('planChanges, executed by the simulated kernel', () => {
  it(
    'repairs what was changed by hand after an apply, in one pass',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), arbHandEdits, (doc, edits) => {
          const drifted = applyHandEdits(applied(doc), edits);
          fc.pre(noClash(doc, drifted));
          expect(leftOver(doc, applied(doc, drifted))).toEqual([]);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'converges from a bare host, another drawing, or a hand-edited kernel, and a second pass plans nothing',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), arbStart, (doc, start) => {
          fc.pre(noClash(doc, start));
          const after = simulate(start, planFor(doc, start));
          expect(leftOver(doc, after)).toEqual([]);
          expect(planFor(doc, after)).toEqual([]);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'converges to the same kernel whatever order the namespace batches of a stage run in',
    () => {
      fc.assert(
        fc.property(
          arbDocument(NAME),
          arbStart,
          fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
          (doc, start, keys) => {
            fc.pre(noClash(doc, start));
            const plan = planFor(doc, start);
            const inOrder = simulate(start, plan);
            // Batches of one stage run at once, so a veth end deleted in one namespace may already
            // have gone with the namespace its peer was in, deleted by the root batch: the
            // executor's teardown counts that as done, and so does the simulation here.
            const shuffled = simulate(start, interleaved(plan, keys), { idempotentDeletes: true });
            expect(leftOver(doc, shuffled)).toEqual([]);
            expect(normalized(shuffled.snapshot)).toEqual(normalized(inOrder.snapshot));
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'tears down everything with the empty drawing of the same topology, leaving foreign devices alone',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), arbHandEdits, (doc, edits) => {
          const start = applyHandEdits(applied(doc), edits);
          const after = applied({ ...doc, nodes: [], links: [] }, start);
          const host = normalized(hostSnapshot());
          const left = normalized(after.snapshot);
          expect(left.namespaces.filter((ns) => ns.links.some((l) => l.alias?.startsWith(`netloom:${NAME}/`)))).toEqual(
            [],
          );
          expect(left.root.filter((l) => l.alias?.startsWith('netloom:'))).toEqual([]);
          expect(left.root.filter((l) => l.kind === 'other' || l.kind === 'loopback')).toEqual(host.root);
          const foreign = (n: ReturnType<typeof normalized>) => n.root.filter((l) => l.ifname === 'zz-foreign');
          expect(foreign(left)).toEqual(foreign(normalized(start.snapshot)));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});

describe('plan order', () => {
  it(
    'never puts a step before the step that creates what it uses',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), arbStart, (doc, start) => {
          const plan = planFor(doc, start);
          const madeAt = new Map<string, number>();
          plan.forEach((step, i) => {
            for (const thing of needsAndMakes(step).makes) if (!madeAt.has(thing)) madeAt.set(thing, i);
          });
          const early = plan.flatMap((step, i) =>
            needsAndMakes(step).needs.flatMap((thing) =>
              (madeAt.get(thing) ?? -1) > i ? [{ step, needs: thing }] : [],
            ),
          );
          expect(early).toEqual([]);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'keeps the stages in order: teardown, namespaces, links, tunnels, configuration',
    () => {
      fc.assert(
        fc.property(arbDocument(NAME), arbStart, (doc, start) => {
          const stages = planFor(doc, start).map((s) => STAGES.indexOf(stageOf(s)));
          expect(stages).toEqual([...stages].sort((x, y) => x - y));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );
});
