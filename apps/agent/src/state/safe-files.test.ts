import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { writeTokenFile } from '../server/token';
import { readFileNoFollow, writeFileAtomic } from './safe-files';

const dir = () => mkdtempSync(join(tmpdir(), 'netloom-files-'));

describe('state files', () => {
  it('catalogue: token.<pid>.tmp symlinks planted in the state directory do not redirect the token', async () => {
    const d = dir();
    const elsewhere = join(dir(), 'readable-by-anyone');
    writeFileSync(elsewhere, '');
    const token = join(d, 'token');
    symlinkSync(elsewhere, `${token}.${process.pid}.tmp`); // what an unprivileged user could plant
    symlinkSync(elsewhere, token);
    await writeTokenFile(token, 'secret');
    expect(readFileSync(elsewhere, 'utf8')).toBe('');
    expect(lstatSync(token).isSymbolicLink()).toBe(false);
    expect(readFileSync(token, 'utf8')).toBe('secret\n');
    expect(lstatSync(token).mode & 0o777).toBe(0o600);
  });

  it('replaces a file whole: a reader sees the old content or the new, and no temporary file stays', async () => {
    const d = dir();
    const path = join(d, 'x.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['x.json']);
  });

  it('refuses to read through a symlink', async () => {
    const d = dir();
    writeFileSync(join(d, 'real'), 'x');
    symlinkSync(join(d, 'real'), join(d, 'link'));
    await expect(readFileNoFollow(join(d, 'link'))).rejects.toThrow(/ELOOP/);
    expect(await readFileNoFollow(join(d, 'none'))).toBeUndefined();
  });
});
