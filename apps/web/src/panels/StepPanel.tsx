import type { StepRun } from '@netloom/protocol';
import { commandLine } from '@netloom/topology';

import { dismissStepThrough, stepBack, stepNext, stepRunToEnd, stepStop } from '../agent/step-through';
import { useLive } from '../agent/useLive';

/**
 * The step-through: the next command in full with what it does, before it runs; Next, Back,
 * Run to end, Stop; and every command run so far with the kernel's answer, newest first. Sized
 * to be read from the back of a room.
 */
export function StepPanel() {
  const s = useLive((l) => l.stepThrough);
  const connected = useLive((l) => l.status === 'connected');
  if (s === null)
    return (
      <section role="region" aria-label="Step-through" className="dock__panel">
        <p className="hint">Plan, then press Step to run the plan one command at a time.</p>
      </section>
    );
  const next = s.state === 'active' || s.state === 'starting' ? s.steps[s.done] : undefined;
  const canMove = connected && s.mine && !s.waiting && s.state === 'active';
  return (
    <section role="region" aria-label="Step-through" className="dock__panel step">
      <div className="step__bar">
        <p className="step__status" role="status">
          {s.topology}: {s.done} of {s.steps.length} commands run
          {s.state === 'finished' &&
            (s.remaining?.length === 0 ? ' · finished: the kernel matches the document' : ' · finished')}
          {s.state === 'stopped' && ' · stopped: the kernel is left as it is'}
          {!s.mine && s.state === 'active' && ' · another page is stepping through it'}
        </p>
        <div className="step__buttons">
          {(s.state === 'active' || s.state === 'starting') && (
            <>
              <button
                type="button"
                className="button--primary"
                disabled={!canMove || next === undefined}
                onClick={stepNext}
              >
                Next
              </button>
              <button type="button" disabled={!canMove || s.done === 0} onClick={stepBack}>
                Back
              </button>
              <button type="button" disabled={!canMove} onClick={stepRunToEnd}>
                Run to end
              </button>
              <button type="button" disabled={!canMove} onClick={stepStop}>
                Stop
              </button>
            </>
          )}
          {(s.state === 'finished' || s.state === 'stopped') && (
            <button type="button" onClick={dismissStepThrough}>
              Close
            </button>
          )}
        </div>
      </div>
      {next !== undefined && (
        <div className="step__next" role="group" aria-label="Next command">
          <span className="step__label">
            Next, {next.index + 1} of {s.steps.length}
          </span>
          <code className="step__command">{commandLine(next.argv)}</code>
          <p className="step__explanation">{next.explanation}</p>
        </div>
      )}
      {s.state === 'active' && next === undefined && (
        <p className="step__explanation">Every command has run: Run to end reads the kernel back and finishes.</p>
      )}
      {s.remaining !== undefined && s.remaining.length > 0 && (
        <p className="error">Still differs: {s.remaining.map((c) => `${c.op} ${c.key}`).join(', ')}</p>
      )}
      {s.runs.length > 0 && (
        <ol className="step__runs" aria-label="Commands run" reversed>
          {[...s.runs].reverse().map((run, i) => (
            <RunRow key={s.runs.length - i} run={run} />
          ))}
        </ol>
      )}
    </section>
  );
}

function RunRow({ run }: { readonly run: StepRun }) {
  const label = run.direction === 'back' ? `Back from ${run.index + 1}` : `${run.index + 1}`;
  return (
    <li className={`step__run step__run--${run.ok ? 'ok' : 'failed'}`}>
      <span className="step__label">{label}</span>
      {run.command !== undefined && <code className="step__command">{commandLine(run.command.argv)}</code>}
      {run.command !== undefined && <p className="step__explanation">{run.command.explanation}</p>}
      <p className="step__answer" aria-label="Kernel answer">
        {run.ok ? '✓' : '✗'} exit {run.exitCode}
        {run.output !== '' ? `: ${run.output}` : run.ok ? ', no output' : ''}
        {run.note !== undefined && ` (${run.note})`}
      </p>
    </li>
  );
}
