import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CheckResult } from '@netloom/protocol';
import { readDocument, type Document } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createDefaultEngine } from '../engine/default-engine';
import type { Engine } from '../engine/engine';
import { processScope } from '../exec/process-scope';
import { assertSandboxed, ip, IS_ROOT, wipeSandbox } from '../testing/ip';
import { alive, descendants } from '../testing/processes';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'netloom.mjs');
const LESSON = join(import.meta.dirname, '..', '..', '..', '..', 'lessons', '03-tun-tap.yaml');

function lesson(): Document {
  const r = readDocument(readFileSync(LESSON, 'utf8'));
  if (!r.ok) throw new Error(`lessons/03-tun-tap.yaml is invalid: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** What fails while no program holds the tap or the tun: the checks of the steps that start one. */
const NO_PROGRAM = ['1.0 linkState', '1.1 ping', '1.2 fdb', '3.0 linkState', '3.1 ping', '3.2 ping'];

const failing = (results: readonly CheckResult[]) =>
  results.filter((r) => !r.ok).map((r) => `${r.step}.${r.index} ${r.check}`);
const table = (results: readonly CheckResult[]) =>
  Object.fromEntries(results.map((r) => [`${r.step}.${r.index} ${r.check}`, `${r.ok ? '✓' : '✗'} ${r.reason}`]));

/** `netloom tun-echo …` started, once it says it holds the tun; its output so far in `out()`. */
async function tunEcho(...args: string[]): Promise<{ cli: ChildProcessWithoutNullStreams; out: () => string }> {
  const cli = spawn('node', [CLI, 'tun-echo', ...args], { stdio: 'pipe' });
  let out = '';
  let err = '';
  cli.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  cli.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise<void>((resolve, reject) => {
    cli.stdout.on('data', () => out.includes('holding') && resolve());
    cli.once('exit', (code) => reject(new Error(`tun-echo exited with ${code}: ${err}`)));
  });
  return { cli, out: () => out };
}

const exited = (p: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) =>
    p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code)),
  );

function netloom(...args: string[]) {
  const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(IS_ROOT)('tun-echo and the tun/tap lesson on a real kernel', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    if (!existsSync(CLI)) throw new Error('run `pnpm build` first: the CLI bundle is missing');
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-tun-')));
  });
  afterEach(() => wipeSandbox());
  afterAll(() => processScope.close());

  it('a ping into the tun is answered while tun-echo runs and not after; it lists the echo requests it got', async () => {
    const doc = lesson();
    expect(await engine.apply(doc, { force: true })).toMatchObject({ ok: true });

    // Nobody holds the tap or the tun: no carrier, no reply; the steps with the program running fail.
    const before = await engine.checks(doc);
    expect(failing(before), JSON.stringify(table(before), null, 2)).toEqual(NO_PROGRAM);

    const { cli, out } = await tunEcho('tunbox', 'tun0');
    const running = table(await engine.checks(doc, 3));
    expect(
      Object.values(running).every((v) => v.startsWith('✓')),
      JSON.stringify(running, null, 2),
    ).toBe(true);
    expect(running['3.1 ping']).toMatch(/^✓ tunbox → 10\.30\.1\.2: reply from 10\.30\.1\.2/);
    // While it runs, the "nobody holds it" checks fail: the tun has a carrier and answers.
    expect(failing(await engine.checks(doc, 2))).toEqual(['2.1 linkState', '2.2 ping']);

    // The tun set down under the program: no carrier to the kernel, no ping through it.
    ip('-n', 'tunbox', 'link', 'set', 'dev', 'tun0', 'down');
    expect(failing(await engine.checks(doc, 3))).toEqual(['3.0 linkState', '3.1 ping', '3.2 ping']);
    ip('-n', 'tunbox', 'link', 'set', 'dev', 'tun0', 'up');
    expect(failing(await engine.checks(doc, 3))).toEqual([]);

    cli.kill('SIGTERM');
    expect(await exited(cli)).toBe(0);
    // One line per packet the kernel handed it: the checks' echo requests, IP and no Ethernet.
    const requests = out()
      .split('\n')
      .filter((l) => / ICMP echo request /.test(l));
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests[0]).toMatch(
      /^10\.30\.1\.1 > 10\.30\.1\.2 ICMP echo request id \d+ seq 1, 84 bytes: echo reply sent$/,
    );
    expect(out()).toContain('10.30.1.1 > 10.30.1.77 ICMP echo request');

    // Stopped: no carrier, and the same ping goes unanswered.
    const after = await engine.checks(doc);
    expect(failing(after), JSON.stringify(table(after), null, 2)).toEqual(NO_PROGRAM);

    // The tap deleted: the lesson's first step says so.
    ip('-n', 'vmhost', 'link', 'del', 'dev', 'tap0');
    expect(failing(await engine.checks(doc, 0))).toEqual(['0.0 exists', '0.1 inNamespace', '0.2 linkState']);
  }, 90_000);

  it('on a tap it sees Ethernet frames: answers ARP and pings as a machine behind the bridge port, which learns its MAC', async () => {
    const doc = lesson();
    expect(await engine.apply(doc, { force: true })).toMatchObject({ ok: true });
    const { cli, out } = await tunEcho('vmhost', 'tap0');
    const running = await engine.checks(doc, 1);
    expect(failing(running), JSON.stringify(table(running), null, 2)).toEqual([]);
    expect(table(running)['1.2 fdb']).toBe('✓ br-vm has learned 02:6e:6c:74:61:70 on tap0');
    cli.kill('SIGINT');
    expect(await exited(cli)).toBe(0);
    const lines = out().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^[0-9a-f:]{17} > ff:ff:ff:ff:ff:ff ARP who-has 10\.30\.0\.2 tell 10\.30\.0\.1: ARP reply sent, 10\.30\.0\.2 is at 02:6e:6c:74:61:70$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^[0-9a-f:]{17} > 02:6e:6c:74:61:70 IPv4 10\.30\.0\.1 > 10\.30\.0\.2 ICMP echo request id \d+ seq 1, 84 bytes: echo reply sent$/,
      ),
    );
    // Stopped: the port has no carrier, nobody answers for 10.30.0.2.
    expect(failing(await engine.checks(doc, 1))).toEqual(expect.arrayContaining(['1.0 linkState', '1.1 ping']));
  }, 60_000);

  it('the helper ends with the command that started it, even killed by SIGKILL', async () => {
    expect(await engine.apply(lesson(), { force: true })).toMatchObject({ ok: true });
    const { cli } = await tunEcho('tunbox', 'tun0');
    const helpers = descendants(cli.pid ?? 0);
    expect(helpers.length).toBeGreaterThan(0);
    cli.kill('SIGKILL');
    await exited(cli);
    // PR_SET_PDEATHSIG: the kernel signals the helper as its parent dies.
    for (let i = 0; i < 100 && helpers.some(alive); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(helpers.filter(alive)).toEqual([]);
    // And the tun is free again: another tun-echo can take it.
    const again = await tunEcho('tunbox', 'tun0');
    again.cli.kill('SIGINT');
    expect(await exited(again.cli)).toBe(0);
  }, 60_000);

  it('refuses a tun netloom did not make, one with a copied marker, a bridge, and a tun already held', async () => {
    expect(await engine.apply(lesson(), { force: true })).toMatchObject({ ok: true });
    ip('-n', 'tunbox', 'tuntap', 'add', 'mode', 'tun', 'name', 'rogue0');
    const unmarked = netloom('tun-echo', 'tunbox', 'rogue0');
    expect(unmarked.code).toBe(1);
    expect(unmarked.stderr).toBe(
      "netloom: tun-echo: rogue0 in namespace tunbox carries no netloom marker: it is not netloom's; nothing was attached\n",
    );

    ip('-n', 'tunbox', 'link', 'set', 'dev', 'rogue0', 'alias', 'netloom:lesson-tuntap/tun');
    const copied = netloom('tun-echo', 'tunbox', 'rogue0');
    expect(copied.code).toBe(1);
    expect(copied.stderr).toMatch(
      /carries the marker of lesson-tuntap\/tun, but is not that tun; nothing was attached/,
    );

    expect(netloom('tun-echo', 'vmhost', 'br-vm')).toMatchObject({
      code: 1,
      stderr: 'netloom: tun-echo: br-vm in namespace vmhost is not a tun or tap device; nothing was attached\n',
    });
    expect(netloom('tun-echo', 'tunbox', 'nothere').code).toBe(1);
    expect(netloom('tun-echo', 'tunbox', '-x').code).toBe(2);

    const { cli } = await tunEcho('tunbox', 'tun0');
    const second = netloom('tun-echo', 'tunbox', 'tun0');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/cannot attach to tun0: .*another program holds it/);
    cli.kill('SIGTERM');
    expect(await exited(cli)).toBe(0);
  }, 60_000);
});
