import type { Lesson } from '@netloom/topology';
import { useEffect } from 'react';

import { openText } from '../files/open-flow';
import { useEditor } from '../hooks/useEditor';
import { startCheckRunner } from './check-runner';
import { closeLessons, revealHint, setLessonStep, setLessonView } from './lesson-store';
import { Markdown } from './Markdown';
import { SHIPPED_LESSONS, titleOf, type ShippedLesson } from './shipped';
import { StepChecks } from './StepChecks';
import { useLessons } from './useLessons';

/**
 * The Lessons panel: the lessons shipped in lessons/, and the drawing's own lesson step by step:
 * the description, the step's text, its checks with ✓/✗ from the live kernel (check-runner.ts),
 * and a challenge's hints one at a time. Loaded on demand (App.tsx), with the lessons' text.
 */
export default function LessonsPanel() {
  useEffect(() => startCheckRunner(), []);
  const view = useLessons((s) => s.view);
  const lesson = useEditor((s) => s.doc.lesson);
  const showing = view === 'lesson' && lesson !== undefined;
  return (
    <aside className="lessons" role="region" aria-label="Lessons">
      <header className="lessons__bar">
        <h2>Lessons</h2>
        {showing ? (
          <button type="button" onClick={() => setLessonView('list')}>
            All lessons
          </button>
        ) : (
          lesson !== undefined && (
            <button type="button" onClick={() => setLessonView('lesson')}>
              Back to the lesson
            </button>
          )
        )}
        <button
          type="button"
          className="lessons__close"
          aria-label="Close the lessons"
          title="Close the lessons (L)"
          onClick={closeLessons}
        >
          ×
        </button>
      </header>
      {showing ? <LessonView lesson={lesson} /> : <LessonList />}
    </aside>
  );
}

function LessonList() {
  return (
    <div className="lessons__body">
      <p className="lessons__intro">
        Each lesson opens its network on the canvas; apply it, then walk through its steps. Every step&apos;s checks are
        run against the live kernel. Close the lessons (×) to draw from the palette.
      </p>
      <ul className="lessons__list" aria-label="Shipped lessons">
        {SHIPPED_LESSONS.map((l) => (
          <li key={l.fileName}>
            <button type="button" onClick={() => openLesson(l)} title={`open lessons/${l.fileName}`}>
              <span className="lessons__name">{l.title}</span>
              <span className="lessons__meta">
                {l.challenge && <span className="lessons__tag">Challenge</span>}
                {l.steps} {l.steps === 1 ? 'step' : 'steps'} · {l.fileName}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

const openLesson = (l: ShippedLesson) => void openText(l.text, l.fileName);

function LessonView({ lesson }: { readonly lesson: Lesson }) {
  const index = useLessons((s) => Math.min(s.step, lesson.steps.length - 1));
  const description = useEditor((s) => s.doc.description);
  const name = useEditor((s) => s.doc.name);
  const step = lesson.steps[index];
  if (step === undefined) return null;
  const total = lesson.steps.length;
  const challenge = lesson.challenge === true;
  const heading = step.title ?? (challenge && index === 0 ? 'The goal' : `Step ${index + 1}`);
  const title = titleOf(description, name, name);
  // The bold words that open the description are its title: shown once, as the title.
  const about = description?.replace(/^\s*(\*\*|__)(.+?)\1\s*/, (whole, _mark, bold: string) =>
    bold.replace(/[.:]\s*$/, '') === title ? '' : whole,
  );
  return (
    <div className="lessons__body lesson">
      <div className="lesson__title">
        {challenge && <span className="lessons__tag">Challenge</span>}
        <span>{title}</span>
      </div>
      {about !== undefined &&
        about.trim() !== '' &&
        (index === 0 ? (
          <Markdown text={about} className="lesson__about" />
        ) : (
          <details className="lesson__about">
            <summary>About this network</summary>
            <Markdown text={about} />
          </details>
        ))}
      {total > 1 && (
        <nav className="lesson__nav" aria-label="Steps">
          <button type="button" disabled={index === 0} onClick={() => setLessonStep(index - 1)}>
            ‹ Previous
          </button>
          <span className="lesson__count" aria-live="polite" aria-label={`step ${index + 1} of ${total}`}>
            {index + 1} / {total}
          </span>
          <button type="button" disabled={index === total - 1} onClick={() => setLessonStep(index + 1)}>
            Next ›
          </button>
        </nav>
      )}
      <section className="lesson__step" aria-label="Step">
        <h3>{heading}</h3>
        <Markdown text={step.text} />
      </section>
      <StepChecks step={index} checks={step.checks ?? []} challenge={challenge} />
      <Hints hints={step.hints ?? []} />
    </div>
  );
}

function Hints({ hints }: { readonly hints: readonly string[] }) {
  const shown = useLessons((s) => s.hints);
  if (hints.length === 0) return null;
  return (
    <section className="hints" aria-label="Hints">
      {hints.slice(0, shown).map((h, k) => (
        <div key={k} className="lesson-hint">
          <span className="lesson-hint__label">Hint {k + 1}</span>
          <Markdown text={h} />
        </div>
      ))}
      {shown < hints.length && (
        <button type="button" onClick={revealHint}>
          Show hint {shown + 1} of {hints.length}
        </button>
      )}
    </section>
  );
}
