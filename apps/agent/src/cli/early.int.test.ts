import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { formatHolder, ownHolder } from '../state/holder';
import { RUN_DIR } from '../state/run-dir';
import { assertSandboxed, ip, IS_ROOT, linkIn } from '../testing/ip';

/**
 * The launcher reads the kernel while the bundle loads (cli/early.ts); `apply` and `down` only
 * under the apply lock, taken first. These check that the early read never stands in for a read
 * made under the lock, and that a lock the launcher took is never left behind.
 */
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'netloom.mjs');
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', '..', 'examples', '01-netns-veth.yaml');
const LOCK = join(RUN_DIR, 'apply.lock');

function netloom(...args: string[]) {
  const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI without waiting: its exit code and output once it ends. */
function netloomLater(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', [CLI, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe.runIf(IS_ROOT)('the early kernel read of the CLI', () => {
  beforeAll(() => {
    assertSandboxed();
    if (!existsSync(CLI)) throw new Error('run `pnpm build` first: the CLI bundle is missing');
  });
  afterEach(() => {
    if (existsSync(LOCK)) unlinkSync(LOCK);
    netloom('down', EXAMPLE);
  });

  it('an apply that waits for another holder of the apply lock plans from the kernel as it is once it holds it', async () => {
    expect(netloom('apply', EXAMPLE).code).toBe(0);
    // Another apply holds the lock (here: this test's process, alive).
    writeFileSync(LOCK, formatHolder(ownHolder()));
    const applying = netloomLater('apply', EXAMPLE, '--json');
    // While it waits, the holder changes the kernel: what the waiting apply must see.
    await new Promise((r) => setTimeout(r, 1500));
    ip('link', 'del', 'veth-host');
    expect(linkIn(null, 'veth-host')).toBeUndefined();
    unlinkSync(LOCK);
    const applied = await applying;
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ ok: true, remaining: [] });
    expect(JSON.parse(applied.stdout).steps).toBeGreaterThan(0);
    expect(linkIn(null, 'veth-host')).toBeDefined();
    expect(linkIn('netns1', 'veth-ns1')).toBeDefined();
  });

  it('a down or apply that ends before reaching the engine leaves no apply lock behind', () => {
    const invalid = join(mkdtempSync(join(tmpdir(), 'netloom-early-')), 'broken.yaml');
    writeFileSync(invalid, 'version: 1\nname: broken\nnodes: [{ id: x, type: nothing }]\n');
    expect(netloom('apply', invalid).code).toBe(1);
    expect(existsSync(LOCK)).toBe(false);
    writeFileSync(invalid, 'not: [a document\n');
    expect(netloom('down', invalid).code).toBe(1);
    expect(existsSync(LOCK)).toBe(false);
    expect(netloom('apply', EXAMPLE, EXAMPLE).code).toBe(2);
    expect(existsSync(LOCK)).toBe(false);
    // And a lock taken and used is given up as before.
    expect(netloom('apply', EXAMPLE).code).toBe(0);
    expect(existsSync(LOCK)).toBe(false);
  });
});
