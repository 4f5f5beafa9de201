import type { Document } from '@netloom/topology';
import { afterEach, describe, expect, it } from 'vitest';

import { highlightStore } from '../canvas/highlight';
import { EMPTY_DOCUMENT, editorStore } from '../editor/store';
import {
  getLessonStep,
  lessonStore,
  resetLesson,
  revealHint,
  setLessonStep,
  startLessonHighlight,
} from './lesson-store';

const doc: Document = {
  version: 1,
  name: 'lab',
  nodes: [{ id: 'ns1', type: 'namespace', name: 'netns1' }],
  links: [],
  lesson: {
    steps: [
      { text: 'one', highlight: ['ns1'], hints: ['a', 'b'] },
      { text: 'two', highlight: ['l1'] },
    ],
  },
};

afterEach(() => {
  editorStore.getState().load(EMPTY_DOCUMENT);
  lessonStore.setState({ open: false, view: 'list', step: 0, hints: 0 });
});

describe('the lesson store', () => {
  it("moves within the drawing's steps only, and each step's hints start hidden", () => {
    editorStore.getState().load(doc);
    resetLesson(doc);
    expect(lessonStore.getState().view).toBe('lesson');
    revealHint();
    revealHint();
    revealHint();
    expect(lessonStore.getState().hints).toBe(2);
    setLessonStep(7);
    expect(getLessonStep()).toBe(1);
    expect(lessonStore.getState().hints).toBe(0);
    setLessonStep(-3);
    expect(getLessonStep()).toBe(0);
  });

  it("points the canvas at the step's objects while the panel shows the lesson, a link with its ends", () => {
    editorStore.getState().load(doc);
    resetLesson(doc);
    const stop = startLessonHighlight();
    expect(highlightStore.getState().ids.size).toBe(0);
    lessonStore.setState({ open: true });
    expect([...highlightStore.getState().ids]).toEqual(['ns1', 'ns1/a', 'ns1/b']);
    setLessonStep(1);
    expect(highlightStore.getState().ids.has('l1/b')).toBe(true);
    expect(highlightStore.getState().ids.has('ns1')).toBe(false);
    stop();
    expect(highlightStore.getState().ids.size).toBe(0);
  });
});
