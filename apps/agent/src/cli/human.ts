import { commandLine } from '@netloom/topology';

import type { ApplyOutcome, PlanOutcome, StatusReport } from '../engine/types';
import type { Palette } from './print';

type Out = { write(s: string): unknown };

export function printPlan(plan: Extract<PlanOutcome, { ok: true }>, c: Palette, out: Out = process.stdout): void {
  if (plan.steps.length === 0) {
    out.write(`${c.green('✓')} ${plan.topology}: the kernel already matches; nothing to do\n`);
    return;
  }
  const counts = ['create', 'update', 'replace', 'delete'].map(
    (op) => [op, plan.changes.filter((ch) => ch.op === op).length] as const,
  );
  out.write(
    `${c.bold(plan.topology)}: ${counts
      .filter(([, n]) => n > 0)
      .map(([op, n]) => `${n} to ${op}`)
      .join(', ')}\n`,
  );
  for (const ch of plan.changes) {
    const mark = ch.op === 'create' ? c.green('+') : ch.op === 'delete' ? c.red('-') : c.yellow('~');
    out.write(`  ${mark} ${ch.kind} ${ch.key}${ch.fields === undefined ? '' : c.dim(` (${ch.fields.join(', ')})`)}\n`);
  }
  out.write(`\n${plan.steps.length} commands:\n`);
  for (const s of plan.steps) out.write(`  ${c.dim(`# ${s.summary}`)}\n  ${commandLine(s.argv)}\n`);
}

export function printApply(outcome: ApplyOutcome, c: Palette, err: Out, out: Out = process.stdout): void {
  if (!('steps' in outcome)) {
    if (outcome.reason === 'PLAN_STALE') err.write(`the kernel changed since the plan was made; plan again\n`);
    return;
  }
  const seconds = (outcome.durationMs / 1000).toFixed(2);
  if (outcome.steps.length === 0 && outcome.ok) {
    out.write(`${c.green('✓')} ${outcome.topology}: already converged (${seconds} s, no command run)\n`);
    return;
  }
  if (outcome.failed !== undefined) {
    const f = outcome.failed;
    err.write(
      `${c.red('✗')} ${outcome.topology}: step ${f.step.index + 1} of ${outcome.steps.length} failed (${f.code}): ${f.step.summary}\n`,
    );
    err.write(`  ${commandLine(f.step.argv)}\n  ${f.stderr.split('\n').join('\n  ')}\n`);
    const rb = outcome.rolledBack;
    if (rb === undefined)
      err.write(
        `  ${outcome.completed} steps ran and were kept (not rolled back). Fix the cause and apply again: it continues from what the kernel has.\n`,
      );
    else if (rb.ok)
      err.write(
        `  ${outcome.completed} steps ran, then ${rb.completed} steps rolled back: ${outcome.topology} is as it was before this apply. Fix the cause and apply again.\n`,
      );
    else {
      const why = rb.failed === undefined ? '' : ` (${commandLine(rb.failed.step.argv)}: ${rb.failed.stderr.trim()})`;
      err.write(
        `  ${outcome.completed} steps ran; rolling back failed after ${rb.completed} of ${rb.total} steps${why}. Still different from before the apply:\n`,
      );
      for (const r of rb.remaining)
        err.write(`    ${r.op} ${r.kind} ${r.key}${r.fields === undefined ? '' : ` (${r.fields.join(', ')})`}\n`);
      err.write(`  Fix the cause and apply again: it continues from what the kernel has.\n`);
    }
    return;
  }
  if (!outcome.ok) {
    err.write(`${c.red('✗')} ${outcome.topology}: the commands ran but the kernel still differs:\n`);
    for (const r of outcome.remaining)
      err.write(`  ${r.op} ${r.kind} ${r.key}${r.fields === undefined ? '' : ` (${r.fields.join(', ')})`}\n`);
    return;
  }
  out.write(
    `${c.green('✓')} ${outcome.topology}: ${outcome.completed} steps in ${outcome.processes} ip processes, ${seconds} s; the kernel now matches\n`,
  );
}

export function printStatus(report: StatusReport, c: Palette, out: Out = process.stdout): void {
  out.write(
    `${c.bold(report.topology)}: ${report.converged ? c.green('converged') : c.yellow('differs from the document')}\n`,
  );
  for (const o of report.objects) {
    const state =
      o.state === 'present'
        ? c.green(o.state)
        : o.state === 'missing'
          ? c.red(o.state)
          : c.yellow(`${o.state} (${o.fields?.join(', ') ?? ''})`);
    out.write(`  ${o.kind.padEnd(6)} ${o.id.padEnd(20)} ${state}\n`);
    for (const i of o.interfaces) {
      if (!i.present) continue;
      const where = `${i.ifname}${i.netns === null ? '' : `@${i.netns}`}`;
      const link = `${i.admin ?? '?'}/${i.oper ?? '?'}${i.carrier === false ? ' no-carrier' : ''}`;
      const counters =
        i.counters === undefined
          ? ''
          : c.dim(
              `rx ${i.counters.rxPackets} pkts ${i.counters.rxBytes} B  tx ${i.counters.txPackets} pkts ${i.counters.txBytes} B`,
            );
      out.write(`         ${where.padEnd(24)} ${link.padEnd(22)} ${counters}\n`);
    }
  }
  for (const o of report.orphans)
    out.write(
      `  ${c.yellow('orphan')} ${o.ifname}${o.netns === null ? '' : `@${o.netns}`} (the next apply removes it)\n`,
    );
}
