import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

import { generateToken, writeTokenFile } from './token';

/** What `generateToken` makes: 256 bits in base64url, 43 characters. */
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/**
 * The agent's token: the one in `path` when it is there, well-formed and root's alone (mode
 * 0600, not a symlink); a new one otherwise, or when `rotate` asks for it (`serve
 * --rotate-token`), written to `path`.
 *
 * Why it survives a restart: a page keeps its token and reconnects by itself, so restarting the
 * agent mid-class does not cut every student's page. The state directory is a tmpfs, so the
 * token ends with a reboot; rotating it cuts every page that has it, which is what it is for.
 */
export async function agentToken(path: string, rotate: boolean): Promise<{ token: string; reused: boolean }> {
  const kept = rotate ? undefined : await readKeptToken(path);
  if (kept !== undefined) return { token: kept, reused: true };
  const token = generateToken();
  await writeTokenFile(path, token);
  return { token, reused: false };
}

/** The token in `path`, or undefined when there is none fit to reuse (missing, malformed, a symlink, readable by others). */
export async function readKeptToken(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = await handle.stat();
    const uid = process.getuid?.() ?? 0;
    if (!stat.isFile() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return undefined;
    const token = (await handle.readFile('utf8')).trim();
    return WELL_FORMED.test(token) ? token : undefined;
  } finally {
    await handle.close();
  }
}
