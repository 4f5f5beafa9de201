import { describe, expect, it } from 'vitest';

import { CLIENT_MESSAGE_TYPES } from './client';
import { VIEWER_MESSAGE_TYPES, viewerMayRequest } from './presenter';

describe('what a viewer session may send', () => {
  it('is hello and subscribe, and nothing that plans, applies, changes or probes', () => {
    expect(CLIENT_MESSAGE_TYPES().filter(viewerMayRequest).sort()).toEqual([...VIEWER_MESSAGE_TYPES].sort());
    for (const type of ['plan', 'apply', 'down', 'setLinkState', 'pingStart', 'reachability', 'runChecks'])
      expect(viewerMayRequest(type), type).toBe(false);
  });

  it('refuses a type it has never heard of (an allow-list, not a deny-list)', () => {
    expect(viewerMayRequest('stepNext')).toBe(false);
    expect(viewerMayRequest('presenterUpdate')).toBe(false);
  });
});
