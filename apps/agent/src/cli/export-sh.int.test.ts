import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { assertSandboxed, ip, IS_ROOT, linksIn, namespaces, wipeSandbox } from '../testing/ip';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'netloom.mjs');
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const FILES = ['examples', 'lessons'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

function run(file: string, args: readonly string[]) {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `netloom export FILE --format sh`, written to a file of its own. */
function exported(file: string): string {
  const r = run('node', [CLI, 'export', join(ROOT, file), '--format', 'sh']);
  expect(r.code, r.stderr).toBe(0);
  const script = join(mkdtempSync(join(tmpdir(), 'netloom-sh-')), 'lab.sh');
  writeFileSync(script, r.stdout);
  return script;
}

/** Interfaces in the root namespace that carry a netloom marker, once the kernel has let go of dying ones. */
async function markedRootLinks(): Promise<string[]> {
  const marked = () => linksIn(null).filter((l) => l.ifalias?.startsWith('netloom:') === true);
  // A veth whose namespace was deleted lingers at the root a moment: the kernel dismantles it later.
  for (let i = 0; i < 60 && marked().length > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
  return marked().map((l) => `${l.ifname} ${l.ifalias ?? ''}`);
}

const netloomTables = (): string =>
  run('nft', ['list', 'tables'])
    .stdout.split('\n')
    .filter((l) => l.includes('netloom_'))
    .join('\n');

describe.runIf(IS_ROOT)('the exported shell script, up and down, on a real kernel', () => {
  beforeAll(() => {
    assertSandboxed();
    if (!existsSync(CLI)) throw new Error('run `pnpm build` first: the CLI bundle is missing');
  });
  afterEach(() => wipeSandbox());

  it.each(FILES)(
    '%s: up gives a kernel netloom status calls converged, down leaves nothing of it',
    async (file) => {
      // Someone else's namespace and root-namespace device, there all along.
      ip('netns', 'add', 'bystander');
      ip('link', 'add', 'name', 'by0', 'type', 'veth', 'peer', 'name', 'by1');

      const script = exported(file);
      const up = run('bash', [script, 'up']);
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      const status = run('node', [CLI, 'status', join(ROOT, file)]);
      expect(status.code, status.stdout + status.stderr).toBe(0);
      expect(status.stdout).toMatch(/converged/);

      const down = run('bash', [script, 'down']);
      expect(down.stderr).toBe('');
      expect(down.code).toBe(0);
      expect(namespaces()).toEqual(['bystander']);
      expect(await markedRootLinks()).toEqual([]);
      expect(linksIn(null).map((l) => l.ifname)).toContain('by0');
      expect(netloomTables()).toBe('');
    },
    60_000,
  );

  it('down leaves alone a namespace or device of the same name that up did not make, and says so', async () => {
    ip('netns', 'add', 'red');
    ip('link', 'add', 'name', 'br-lab', 'type', 'bridge');
    const script = exported('examples/02-bridge.yaml');
    const down = run('bash', [script, 'down']);
    expect(down.code).toBe(0);
    expect(down.stderr.split('\n').filter((l) => l !== '')).toEqual([
      "br-lab is not bridge's (no netloom marker): left alone",
      "namespace red is not bridge's (no netloom marker): left alone",
    ]);
    expect(namespaces()).toEqual(['red']);
    expect(linksIn(null).map((l) => l.ifname)).toContain('br-lab');
    expect(await markedRootLinks()).toEqual([]);
  });

  it('the script refuses an argument it does not know', () => {
    const r = run('bash', [exported('examples/01-netns-veth.yaml'), 'sideways']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: bash .*lab\.sh up\|down\n$/);
  });
});
