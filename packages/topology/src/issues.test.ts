import { describe, expect, it } from 'vitest';

import { formatIssue, locateIssues, type Issue } from './issues';
import { aDocument, aNamespace, aVeth } from './testing';

describe('locateIssues', () => {
  const doc = aDocument({
    nodes: [aNamespace('n1', 'red'), aNamespace('n2', 'blue')],
    links: [aVeth('l', ['n1', 'v0'], ['n2', 'v1'])],
  });
  const found = (objectId?: string, path: Issue['path'] = []): Issue => ({
    path,
    code: 'FOREIGN_INSIDE',
    message: 'x',
    ...(objectId !== undefined && { objectId }),
  });

  it('points a problem the engine found at the node or link it names', () => {
    expect(locateIssues([found('n2'), found('l')], doc).map(formatIssue)).toEqual(['nodes[1]: x', 'links[0]: x']);
  });

  it('keeps a path it already has, and leaves the document-level ones where they are', () => {
    expect(locateIssues([found('n2', ['nodes', 1, 'name']), found(), found('gone')], doc).map(formatIssue)).toEqual([
      'nodes[1].name: x',
      '(document): x',
      '(document): x',
    ]);
  });
});
