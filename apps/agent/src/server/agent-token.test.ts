import { chmod, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { agentToken } from './agent-token';

async function tokenFile(content?: string, mode = 0o600): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netloom-token-'));
  const path = join(dir, 'token');
  if (content !== undefined) {
    await writeFile(path, content, { mode });
    await chmod(path, mode);
  }
  return path;
}

const KEPT = 'a'.repeat(43);

describe('agentToken', () => {
  it('makes a token and writes it 0600 when there is none', async () => {
    const path = await tokenFile();
    const { token, reused } = await agentToken(path, false);
    expect(reused).toBe(false);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(path, 'utf8')).trim()).toBe(token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('finding 2: a restarted agent keeps the token it had, so a page that has it reconnects', async () => {
    const path = await tokenFile();
    const first = await agentToken(path, false);
    expect(await agentToken(path, false)).toEqual({ token: first.token, reused: true });
  });

  it('makes a new one with --rotate-token', async () => {
    const path = await tokenFile(`${KEPT}\n`);
    const rotated = await agentToken(path, true);
    expect(rotated.reused).toBe(false);
    expect(rotated.token).not.toBe(KEPT);
    expect((await readFile(path, 'utf8')).trim()).toBe(rotated.token);
  });

  it('does not reuse a malformed token, one others can read or write, or a symlink', async () => {
    for (const path of [
      await tokenFile('short\n'),
      await tokenFile(`${KEPT}x\n`),
      await tokenFile(`${KEPT}\n`, 0o644),
      await tokenFile(`${KEPT}\n`, 0o620),
    ]) {
      const { token, reused } = await agentToken(path, false);
      expect(reused, path).toBe(false);
      expect(token).not.toBe(KEPT);
    }
    const target = await tokenFile(`${KEPT}\n`);
    const link = join(await mkdtemp(join(tmpdir(), 'netloom-token-')), 'token');
    await symlink(target, link);
    expect((await agentToken(link, false)).reused).toBe(false);
    expect((await readFile(target, 'utf8')).trim()).toBe(KEPT); // the link was replaced, not followed
  });
});
