import type { CheckResult } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import type { Engine } from '../engine/engine';
import type { Palette } from './print';

type Out = { write(s: string): unknown };

/**
 * `netloom check FILE [--step N] [--json]`: the lesson's checks (of step N, counted from 1 as a
 * lesson numbers them, or of every step) against the live kernel, one ✓/✗ line each. Exit 0 when
 * all pass, 1 when one fails, 2 for a step the lesson does not have.
 */
export async function checkCommand(
  engine: Pick<Engine, 'checks'>,
  doc: Document,
  options: { readonly step: string | true | undefined; readonly json: boolean },
  c: Palette,
  out: Out = process.stdout,
  err: Out = process.stderr,
): Promise<number> {
  const steps = doc.lesson?.steps ?? [];
  let index: number | undefined;
  if (options.step !== undefined) {
    const n = typeof options.step === 'string' && /^[1-9][0-9]{0,2}$/.test(options.step) ? Number(options.step) : 0;
    if (n < 1 || n > steps.length) {
      const has = steps.length === 0 ? 'has no lesson' : `has steps 1 to ${steps.length}`;
      err.write(`netloom: --step takes a step number; ${doc.name} ${has}\n`);
      return 2;
    }
    index = n - 1;
  }
  const results = await engine.checks(doc, index);
  const ok = results.every((r) => r.ok);
  if (options.json) {
    const numbered = results.map((r) => ({
      ...r,
      step: r.step + 1,
      path: `lesson.steps[${r.step}].checks[${r.index}]`,
    }));
    out.write(`${JSON.stringify({ topology: doc.name, ok, results: numbered }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  if (results.length === 0) {
    out.write(`${doc.name}: no checks to run\n`);
    return 0;
  }
  printChecks(doc, results, c, out);
  return ok ? 0 : 1;
}

export function printChecks(doc: Document, results: readonly CheckResult[], c: Palette, out: Out): void {
  let step = -1;
  for (const r of results) {
    if (r.step !== step) {
      step = r.step;
      const title = doc.lesson?.steps[step]?.title;
      out.write(`${c.bold(`step ${step + 1}`)}${title === undefined ? '' : `: ${title}`}\n`);
    }
    out.write(`  ${r.ok ? c.green('✓') : c.red('✗')} ${r.check}: ${r.reason}\n`);
  }
  const passed = results.filter((r) => r.ok).length;
  const summary = `${passed} of ${results.length} checks pass`;
  out.write(`${passed === results.length ? c.green(summary) : c.red(summary)}\n`);
}
