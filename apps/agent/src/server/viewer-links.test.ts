import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ViewerLinks } from './viewer-links';

const CONTROL = 'c'.repeat(43);
const file = async () => join(await mkdtemp(join(tmpdir(), 'netloom-viewer-')), 'viewer-token');

describe('ViewerLinks', () => {
  it('has no viewer token until one is asked for, then the same one, kept 0600 for a restarted agent', async () => {
    const path = await file();
    const links = await ViewerLinks.load(path, CONTROL, false);
    expect(links.current()).toBeNull();
    const token = await links.issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(CONTROL);
    expect(await links.issue()).toBe(token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await ViewerLinks.load(path, CONTROL, false)).current()).toBe(token);
  });

  it('forgets a revoked token, on disk too, and the next link is another', async () => {
    const path = await file();
    const links = await ViewerLinks.load(path, CONTROL, false);
    const token = await links.issue();
    await links.revoke();
    expect(links.current()).toBeNull();
    expect((await ViewerLinks.load(path, CONTROL, false)).current()).toBeNull();
    expect(await links.issue()).not.toBe(token);
  });

  it('drops the kept token with --rotate-token, and never takes one equal to the control token', async () => {
    const path = await file();
    await (await ViewerLinks.load(path, CONTROL, false)).issue();
    expect((await ViewerLinks.load(path, CONTROL, true)).current()).toBeNull();
    await writeFile(path, `${CONTROL}\n`, { mode: 0o600 });
    expect((await readFile(path, 'utf8')).trim()).toBe(CONTROL);
    expect((await ViewerLinks.load(path, CONTROL, false)).current()).toBeNull();
  });
});
