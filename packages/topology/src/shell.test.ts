import { describe, expect, it } from 'vitest';

import { commandLine } from './shell';

describe('commandLine', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(commandLine(['ip', '-n', 'ns1', 'link', 'set', 'dev', 'eth0', 'alias', "netloom:a b/it's"])).toBe(
      "ip -n ns1 link set dev eth0 alias 'netloom:a b/it'\\''s'",
    );
  });
});
