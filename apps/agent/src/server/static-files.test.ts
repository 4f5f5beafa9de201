import { describe, expect, it } from 'vitest';

import { resolveInside } from './static-files';

describe('resolveInside', () => {
  it('resolves paths inside the root', () => {
    expect(resolveInside('/srv/web', '/')).toBe('/srv/web/');
    expect(resolveInside('/srv/web', '/assets/app.js?v=1')).toBe('/srv/web/assets/app.js');
  });

  it('refuses every way out of the root, encoded or not', () => {
    for (const path of [
      '/../etc/passwd',
      '/%2e%2e/etc/passwd',
      '/..%2f..%2fetc',
      '/a/../../etc',
      '/x%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveInside('/srv/web', path), path).toBeNull();
    }
  });

  it('does not mistake a sibling with the same prefix for the root', () => {
    expect(resolveInside('/srv/web', '/../web-secrets/key')).toBeNull();
  });
});
