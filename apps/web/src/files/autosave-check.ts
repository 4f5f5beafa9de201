import { fnv1a64, isWarning, parseIssues, type Issue } from '@netloom/topology';

import type { IssueIndex } from '../editor/selectors';

/**
 * What checking an autosaved document found, saved beside it so that a reload need not check it
 * again before its first frame (checking 300 namespaces is most of a tenth of a second there). It
 * holds only for that exact text (`hash`), checked by a build whose checks are the same
 * (`checks`, a hash of @netloom/topology's source that vite.config.ts gives the build), and only
 * for a document without errors: one with errors is checked again on each load, as before.
 */
export type AutosaveCheck = {
  readonly hash: string;
  readonly checks: string;
  /** The document's warnings (it has no errors). */
  readonly warnings: readonly Issue[];
};

/** The build's checks (vite.config.ts); empty where none is given (dev server, unit tests): never trusted then. */
export const BUILD_CHECKS: string = typeof __NETLOOM_CHECKS__ === 'string' ? __NETLOOM_CHECKS__ : '';

export const textHash = (text: string): string =>
  fnv1a64(text)
    .map((limb) => limb.toString(16).padStart(4, '0'))
    .join('');

/** The check to save with `text`, or null when the document has errors (they are found again on load). */
export function checkFor(text: string, issues: IssueIndex, checks: string): AutosaveCheck | null {
  if (checks === '' || issues.all.length > 0) return null;
  return { hash: textHash(text), checks, warnings: issues.warnings };
}

/**
 * The saved check's warnings when it holds for `text` under these checks (the document then opens
 * without errors and needs no checking), null otherwise.
 */
export function savedWarnings(text: string, saved: string | null, checks: string): readonly Issue[] | null {
  if (saved === null || checks === '') return null;
  let check: unknown;
  try {
    check = JSON.parse(saved);
  } catch {
    return null;
  }
  if (typeof check !== 'object' || check === null) return null;
  const { hash, checks: by, warnings } = check as Partial<Record<keyof AutosaveCheck, unknown>>;
  if (by !== checks || typeof hash !== 'string' || hash !== textHash(text)) return null;
  // Only warnings are saved (a document with errors is checked again); anything else is not a check this build wrote.
  const issues = parseIssues(warnings);
  return issues !== null && issues.every(isWarning) ? issues : null;
}
