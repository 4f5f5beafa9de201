import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** 256 random bits, base64url: every character is valid inside a Sec-WebSocket-Protocol token. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant time whatever the lengths: both sides are hashed first, so neither the content nor
 * the length of the secret leaks through timing (timingSafeEqual alone throws on unequal lengths).
 */
export function tokensEqual(offered: string, secret: string): boolean {
  const a = createHash('sha256').update(offered).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b) && secret.length > 0;
}

/** Writes the token readable by root only: the file is created 0600 and renamed into place. */
export async function writeTokenFile(path: string, token: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${token}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600); // the umask cannot widen it, but an existing file keeps its old mode
  await rename(tmp, path);
}
