import { DOCUMENT_VERSION, TopologyName } from './document';
import type { Issue } from './issues';
import { err, ok, type Result } from './result';

/**
 * The topology a document names, checking nothing else: what `down` needs. A topology that is up
 * must come down even when its file has since been edited into something that no longer
 * validates, and reading one field costs nothing where checking every object of a large
 * document is most of a teardown's time.
 */
export function topologyNameOf(input: unknown): Result<string, Issue[]> {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return err([
      { path: [], code: 'NOT_A_DOCUMENT', message: 'a topology document is an object with version, name and nodes' },
    ]);
  const raw = input as Record<string, unknown>;
  const issues: Issue[] = [];
  if (raw['version'] !== DOCUMENT_VERSION)
    issues.push({
      path: ['version'],
      code: 'version' in raw ? 'INVALID_VALUE' : 'MISSING_FIELD',
      message: 'this file is not netloom format version 1 (`version: 1`)',
    });
  const name = TopologyName.safeParse(raw['name']);
  if (!name.success)
    issues.push({
      path: ['name'],
      code: 'name' in raw ? 'INVALID_VALUE' : 'MISSING_FIELD',
      message:
        'name' in raw
          ? 'the topology name is 1-32 characters of lowercase letters, digits and "-"'
          : 'the document names no topology: add `name:` (the topology to take down)',
    });
  return issues.length > 0 || !name.success ? err(issues) : ok(name.data);
}

/**
 * The ids of a document's nodes and links as written, valid or not: enough for `locateIssues` to
 * point a problem found in the kernel at its place in a document that was never checked.
 */
export function objectIdsOf(input: unknown): { nodes: { id: string }[]; links: { id: string }[] } {
  const raw = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const ids = (items: unknown) =>
    (Array.isArray(items) ? items : []).map((item: unknown) => {
      const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : undefined;
      return { id: typeof id === 'string' ? id : '' };
    });
  return { nodes: ids(raw['nodes']), links: ids(raw['links']) };
}
