import type { AgentMessageOf } from '@netloom/protocol';

import { agent } from '../agent/connection';
import { setLive } from '../agent/live-store';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { openDocumentValue } from '../files/open-document';
import { fitOnceLaidOut } from '../panels/presenter';
import { registerLessonSources } from './lesson-sources';
import { setFollowed } from './sources';
import { followStore } from './viewer-store';

/**
 * A viewer's page follows the presenter: each `presenterState` puts the presenter's document
 * (when it came), selection, applied topology (so the live state shown is the drawing's),
 * viewport (when shared), lesson step, step-through progress and check results on this page.
 * Nothing here sends anything to the agent. Returns the stop.
 */
export function startFollowing(): () => void {
  registerLessonSources();
  let shownName: string | null = null;
  return agent.listen((msg) => {
    if (msg.type === 'presenterState') follow(msg);
  });

  function follow({ document, view }: AgentMessageOf<'presenterState'>): void {
    if (document !== undefined) {
      const opened = openDocumentValue(document);
      if (!opened.ok) {
        const first = opened.error[0];
        followStore.setState({
          problem: `The presenter's drawing does not open here${first === undefined ? '' : `: ${first.message}`}.`,
        });
      } else {
        editorStore.getState().load(opened.value.doc);
        followStore.setState({ problem: null });
        // Without the presenter's viewport, each viewer fits a new drawing to its own window.
        if (view.viewport === undefined && opened.value.doc.name !== shownName) fitOnceLaidOut();
        shownName = opened.value.doc.name;
      }
    }
    sessionStore.getState().select(view.selection);
    const applied = view.applied;
    setLive({
      applied:
        applied === null
          ? null
          : { topology: applied.topology, ...(applied.revision !== undefined && { revision: applied.revision }) },
    });
    if (view.viewport !== undefined) sessionStore.getState().canvasApi?.setViewport(view.viewport);
    followStore.setState({ view });
    setFollowed({ lesson: view.lesson, stepThrough: view.stepThrough, checks: view.checks });
  }
}
