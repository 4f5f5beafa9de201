import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { writeFileAtomic } from '../state/safe-files';

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

/**
 * Writes the token readable by root only, into the state directory (checked at start: root's,
 * 0700): a fresh file, never one planted in advance, renamed into place.
 */
export async function writeTokenFile(path: string, token: string): Promise<void> {
  await writeFileAtomic(path, `${token}\n`, 0o600);
}
