import { selectIssues, type IssueIndex } from '../editor/selectors';
import { useEditor } from './useEditor';

/** The document's validation problems (memoised on what validation reads). */
export function useIssues(): IssueIndex {
  return selectIssues(useEditor((s) => s.doc));
}
