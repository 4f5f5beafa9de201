import { chmodSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { claimAgent } from './agent-claim';
import { formatHolder } from './holder';
import { prepareRunDir } from './run-dir';

const parent = () => mkdtempSync(join(tmpdir(), 'netloom-run-'));

describe('the state directory', () => {
  it('catalogue: the state directory is not checked: a world-writable one is refused, saying how to fix it', () => {
    const dir = join(parent(), 'netloom');
    mkdirSync(dir);
    chmodSync(dir, 0o1777); // as the sandbox script used to mount it
    expect(() => prepareRunDir(dir)).toThrow(/is mode 1777, not 0700: .*chmod 0700/);
    chmodSync(dir, 0o775);
    expect(() => prepareRunDir(dir)).toThrow(/mode 0775, not 0700/);
    const link = join(parent(), 'netloom');
    symlinkSync(dir, link);
    expect(() => prepareRunDir(link)).toThrow(/is a symlink/);
  });

  it('tightens one of ours that nobody else can write (0755) to 0700', () => {
    const dir = join(parent(), 'netloom');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    prepareRunDir(dir);
    expect(lstatSync(dir).mode & 0o7777).toBe(0o700);
  });

  it('is created 0700 when missing, and a good one is accepted', () => {
    const dir = join(parent(), 'netloom');
    prepareRunDir(dir);
    expect(lstatSync(dir).mode & 0o7777).toBe(0o700);
    expect(() => prepareRunDir(dir)).not.toThrow();
  });

  it('catalogue: a second agent starts beside the first: refused while the first holds the state directory', async () => {
    const dir = parent();
    const release = await claimAgent(dir);
    await expect(claimAgent(dir)).rejects.toThrow(`another netloom agent (pid ${process.pid}) is running`);
    await release();
    const again = await claimAgent(dir);
    await again();
  });

  it('lets an agent start when the one before died, even if its pid now belongs to another process', async () => {
    const dir = parent();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'agent.pid'), formatHolder({ pid: process.pid, start: '1', boot: 'x' }));
    const release = await claimAgent(dir);
    await release();
  });
});
