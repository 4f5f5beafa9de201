import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NlRelay } from './nl-relay';
import { ProcessScope } from './process-scope';

/**
 * A stand-in for nl-relay that answers "L <n>" with a frame of n bytes (each byte = n % 251) and
 * writes its output in pieces of 7 bytes, so frames and length prefixes straddle reads.
 */
const FAKE = `#!/usr/bin/env node
let input = '';
const out = [];
process.stdin.on('data', (d) => {
  input += d;
  let nl;
  while ((nl = input.indexOf('\\n')) >= 0) {
    const n = Number(input.slice(2, nl));
    input = input.slice(nl + 1);
    const frame = Buffer.alloc(4 + n, n % 251);
    frame.writeUInt32LE(n, 0);
    out.push(frame);
  }
});
process.stdin.on('end', () => {
  const all = Buffer.concat(out);
  for (let i = 0; i < all.length; i += 7) process.stdout.write(all.subarray(i, i + 7));
});
`;

describe('NlRelay framing', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nl-relay-test-'));
    await writeFile(join(dir, 'fake-relay'), FAKE);
    await chmod(join(dir, 'fake-relay'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('delivers every answer whole and in order, however the bytes are split', async () => {
    const scope = new ProcessScope();
    const relay = new NlRelay(scope, join(dir, 'fake-relay'));
    const sizes = [0, 1, 3, 4, 5, 700, 6, 65_536, 2, 0, 13];
    const answers = sizes.map((n) => relay.request('L', n));
    relay.close();
    const frames = await Promise.all(answers);
    expect(frames.map((f) => f.length)).toEqual(sizes);
    frames.forEach((f, i) => expect(f.every((b) => b === sizes[i]! % 251)).toBe(true));
    await scope.close();
  });
});
