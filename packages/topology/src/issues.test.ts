import { describe, expect, it } from 'vitest';

import { formatIssue, locateIssues, parseIssues, type Issue } from './issues';
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

describe('parseIssues', () => {
  it('reads back a list of issues as written, optional fields and all', () => {
    const issues: Issue[] = [
      {
        path: ['links', 0, 'a', 'addresses', 1],
        code: 'DUPLICATE_ID',
        message: 'm',
        objectId: 'l1',
        severity: 'warning',
      },
      { path: [], code: 'NOT_A_DOCUMENT', message: 'n' },
    ];
    expect(parseIssues(JSON.parse(JSON.stringify(issues)))).toEqual(issues);
  });

  it('refuses what is not one: an unknown code, a path of objects, a missing message, not a list', () => {
    const good = { path: ['nodes', 0], code: 'DUPLICATE_NAME', message: 'm' };
    expect(parseIssues([{ ...good, code: 'NO_SUCH_CODE' }])).toBeNull();
    expect(parseIssues([{ ...good, path: [{}] }])).toBeNull();
    expect(parseIssues([{ path: [], code: 'DUPLICATE_NAME' }])).toBeNull();
    expect(parseIssues({ 0: good })).toBeNull();
    expect(parseIssues([{ ...good, severity: 'fatal' }])).toBeNull();
  });
});
