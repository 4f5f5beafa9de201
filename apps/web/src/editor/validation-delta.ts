import { formatPath, validateDocument, type Document, type Issue } from '@netloom/topology';

const keyOf = (i: Issue) => `${i.code}|${formatPath(i.path)}|${i.objectId ?? ''}`;

/** Problems `next` has about `objectIds` that `prev` did not: the reason to refuse an edit. */
export function newIssues(prev: Document, next: Document, objectIds: readonly string[]): Issue[] {
  const before = validateDocument(prev);
  const after = validateDocument(next);
  const old = new Set(before.ok ? [] : before.error.map(keyOf));
  if (after.ok) return [];
  return after.error.filter((i) => i.objectId !== undefined && objectIds.includes(i.objectId) && !old.has(keyOf(i)));
}
