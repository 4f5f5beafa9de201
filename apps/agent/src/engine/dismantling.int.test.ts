import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import { assertSandboxed, example, IS_ROOT, wipeSandbox } from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';

describe.runIf(IS_ROOT)('planning while the kernel dismantles a down', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-int-')));
  });
  afterAll(async () => {
    wipeSandbox();
    await processScope.close();
  });

  // Before the fix, 5 of 60 cycles were refused: the plan deleted the bridge ports the kernel
  // was still removing, the apply a moment later found them gone and planned another hash.
  it('catalogue: right after a down of 02-bridge, plan then apply is never refused PLAN_STALE (40 cycles)', async () => {
    const doc = example('02-bridge.yaml');
    expect((await engine.apply(doc)).ok).toBe(true);
    const refused: string[] = [];
    for (let cycle = 0; cycle < 40; cycle += 1) {
      expect((await engine.down(doc.name)).ok).toBe(true);
      const plan = await engine.plan(doc);
      if (!plan.ok) throw new Error(`plan refused: ${JSON.stringify(plan.issues)}`);
      expect(plan.steps.filter((s) => s.op === 'link.del')).toEqual([]);
      const outcome = await engine.apply(doc, { planHash: plan.planHash });
      if (!outcome.ok) {
        refused.push(`cycle ${cycle}: ${'reason' in outcome ? outcome.reason : 'failed'}`);
        expect((await engine.apply(doc)).ok).toBe(true);
      }
    }
    expect(refused).toEqual([]);
  }, 180_000);
});
