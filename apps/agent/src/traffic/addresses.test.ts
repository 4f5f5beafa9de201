import { describe, expect, it } from 'vitest';

import { flowAddresses } from './addresses';

// `ip -j addr show` in a namespace of 02-bridge (trimmed), plus an interface netloom does not own.
const IP_JSON = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', scope: 'host' }] },
  {
    ifname: 'eth0',
    addr_info: [
      { family: 'inet6', local: '2001:db8::13', scope: 'global' },
      { family: 'inet', local: '10.2.0.13', scope: 'global' },
      { family: 'inet6', local: 'fe80::1', scope: 'link' },
    ],
  },
  { ifname: 'dummy9', addr_info: [{ family: 'inet', local: '192.0.2.9', scope: 'global' }] },
]);

describe('flowAddresses', () => {
  it("lists the owned interfaces' addresses, IPv4 first, without loopback, link-local or foreign interfaces", () => {
    expect(flowAddresses(IP_JSON, new Set(['eth0']))).toEqual(['10.2.0.13', '2001:db8::13']);
  });

  it('is empty for nothing owned and for output it cannot read', () => {
    expect(flowAddresses(IP_JSON, new Set())).toEqual([]);
    expect(flowAddresses('not json', new Set(['eth0']))).toEqual([]);
  });
});
