import type { CheckResult } from '@netloom/protocol';
import { useStore } from 'zustand';

import { useEditor } from '../hooks/useEditor';
import { Markdown } from '../lessons/Markdown';
import { followStore } from './viewer-store';

/**
 * Below a viewer's canvas: the lesson step the presenter shows (its text from the document), its
 * checks as the presenter's page last ran them, and the step-through's progress.
 */
export function FollowPanel() {
  const view = useStore(followStore, (s) => s.view);
  const lesson = useEditor((s) => s.doc.lesson);
  const at = view?.lesson ?? null;
  const step = at === null ? undefined : lesson?.steps[at.step];
  const through = view?.stepThrough ?? null;
  const checks = (view?.checks ?? []).filter((c) => at === null || c.step === at.step);
  return (
    <section className="follow" role="region" aria-label="Presenter's lesson">
      {through !== null && (
        <div className="follow__through" role="status" aria-label="Step-through">
          <progress max={Math.max(1, through.total)} value={through.index} /> Step-through: command {through.index} of{' '}
          {through.total} ({through.state})
          {through.command !== undefined && <code className="follow__command">{through.command}</code>}
          {through.explanation !== undefined && <span className="hint">{through.explanation}</span>}
        </div>
      )}
      {at === null || step === undefined ? (
        <p className="hint">{view === null ? 'Waiting for the presenter.' : 'The presenter shows no lesson step.'}</p>
      ) : (
        <article aria-label="Lesson step" data-step={at.step}>
          <h2>
            Step {at.step + 1} of {lesson?.steps.length ?? 0}
            {step.title !== undefined && `: ${step.title}`}
          </h2>
          <Markdown text={step.text} className="follow__text" />
        </article>
      )}
      {checks.length > 0 && (
        <ul className="follow__checks" aria-label="Checks">
          {checks.map((c) => (
            <CheckLine key={`${c.step}/${c.index}`} check={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CheckLine({ check }: { readonly check: CheckResult }) {
  return (
    <li data-ok={check.ok}>
      <span aria-label={check.ok ? 'passes' : 'fails'}>{check.ok ? '✓' : '✗'}</span> {check.check}: {check.reason}
    </li>
  );
}
