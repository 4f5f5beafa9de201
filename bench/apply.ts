/**
 * `pnpm bench:apply`: how long netloom takes to build and tear down a star of N namespaces, side by
 * side with the same topology as a tutorial script (one `ip` process per command) and as a
 * hand-written `ip -batch` script, in one run, interleaved: each repetition runs every approach,
 * in a rotating order, so drift in the machine affects all alike. At the largest N it also times
 * a re-apply of the converged topology and a one-link change, and what single processes cost.
 * Every bring-up is checked in the kernel and every teardown checked to leave nothing, so a broken
 * approach cannot look fast. Writes the `## Apply` section of docs/benchmarks.md and prints it.
 *
 * Runs only inside scripts/netns-sandbox.sh (the package script does that): nothing reaches the
 * host's namespaces, and no sysctl is touched anywhere.
 *
 *   node --import tsx bench/apply.ts [--sizes 10,100,500] [--reps 5,5,5] [--no-write]
 *   node --import tsx bench/apply.ts --render RUN.json     (the report again from a saved run)
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  APPROACHES,
  renderApplySection,
  type Approach,
  type ApplyRun,
  type FixedCost,
  type Metric,
  type NetloomOutcome,
  type Sample,
} from './lib/apply-report.ts';
import {
  forceClean,
  settledSince,
  verifyStar,
  waitAddressesSettled,
  waitClean,
  waitQuiet,
  type StarSpec,
} from './lib/kernel.ts';
import { describeMachine } from './lib/machine.ts';
import { replaceSection } from './lib/markdown.ts';
import { mustSucceed, timed, timedWithCpu, type Finished } from './lib/proc.ts';
import { assertSandbox } from './lib/sandbox.ts';
import * as S from './lib/star.ts';
import { seconds } from './lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'apps/agent/dist');
const DOC = join(ROOT, 'docs/benchmarks.md');
const INTRO = `# Benchmarks

Measured figures for netloom. Each section is written by a script under \`bench/\`; rerun it rather
than editing the numbers by hand. Compare ratios measured in one run, never absolute seconds across
machines or runs.`;

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,500' },
    reps: { type: 'string', default: '5,5,5' },
    'no-write': { type: 'boolean', default: false },
    render: { type: 'string' },
  },
});

/** What one run accumulates; becomes an ApplyRun at the end. */
const samples: Sample[] = [];
const failures: ApplyRun['failures'][number][] = [];
const loads: number[] = [];

async function main(): Promise<void> {
  if (opts.render !== undefined) return publish(JSON.parse(await readFile(opts.render, 'utf8')) as ApplyRun);
  const sizes = opts.sizes.split(',').map(Number);
  const reps = opts.reps.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || reps.some((r) => !Number.isInteger(r) || r < 1)) {
    throw new Error('--sizes and --reps take comma-separated positive integers');
  }
  await assertSandbox();
  const machine = await describeMachine();
  const dir = await mkdtemp(join(tmpdir(), 'netloom-bench-'));
  const started = Date.now();
  const loadavg = [await readLoadavg()];
  let fixed: FixedCost[] = [];
  let build = '';
  try {
    // A snapshot of the built CLI, so a rebuild during the run cannot mix versions.
    build = await snapshotNetloom(join(dir, 'dist'));
    // As a person runs it: the `netloom` executable (dist/netloom), which starts Node on the launcher.
    const netloom = [join(dir, 'dist', 'netloom')];
    for (const [i, n] of sizes.entries()) {
      const files = await writeFiles(dir, n);
      const count = reps[i] ?? reps[reps.length - 1] ?? 3;
      for (let rep = 0; rep < count; rep++) {
        for (let k = 0; k < APPROACHES.length; k++) {
          const approach = APPROACHES[(k + rep) % APPROACHES.length] as Approach;
          try {
            await measure(netloom, approach, n, files, n === Math.max(...sizes));
          } catch (e: unknown) {
            const error = e instanceof Error ? e.message : String(e);
            failures.push({ approach, n, rep, error });
            process.stderr.write(`FAILED ${approach} N=${n} repetition ${rep + 1}: ${error}\n`);
            const left = await forceClean();
            if (left.length > 0) throw new Error(`cannot clean up after a failure: ${left.join('; ')}`, { cause: e });
          }
        }
        const elapsed = Math.round((Date.now() - started) / 1000);
        process.stderr.write(`N=${n} repetition ${rep + 1}/${count} done (${elapsed} s)\n`);
      }
    }
    fixed = await fixedCosts(netloom, await writeFiles(dir, Math.max(...sizes)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  loadavg.push(await readLoadavg());
  const run: ApplyRun = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine,
    build,
    sizes,
    reps,
    totalSeconds: (Date.now() - started) / 1000,
    samples,
    failures,
    loads,
    loadavg,
    fixed,
  };
  const saved = join(tmpdir(), `netloom-bench-apply-${Date.now()}.json`);
  await writeFile(saved, JSON.stringify(run));
  process.stderr.write(`raw results: ${saved} (render again with --render)\n`);
  await publish(run);
}

async function publish(run: ApplyRun): Promise<void> {
  const section = renderApplySection(run);
  process.stdout.write(`## Apply\n\n${section}\n`);
  if (opts['no-write']) return;
  await replaceSection(DOC, 'Apply', section, INTRO);
  process.stderr.write(`wrote the Apply section of ${DOC}\n`);
}

type Files = Awaited<ReturnType<typeof writeFiles>>;

async function writeFiles(dir: string, n: number) {
  const hosts = S.star(n);
  const moved = S.changedHost(hosts);
  const f = (name: string) => join(dir, `${name}-${n}`);
  const files = {
    hosts,
    moved,
    doc: `${f('star')}.json`,
    docYaml: `${f('star')}.yaml`,
    changedDoc: `${f('star-changed')}.json`,
    tutorialUp: `${f('tutorial-up')}.sh`,
    tutorialDown: `${f('tutorial-down')}.sh`,
    batchUp: `${f('batch-up')}.sh`,
    batchDown: `${f('batch-down')}.sh`,
    batchDownNamespaces: `${f('batch-down-namespaces')}.sh`,
    batchDownBridge: `${f('batch-down-bridge')}.sh`,
  };
  await writeFile(files.doc, S.netloomDocument(hosts));
  await writeFile(files.docYaml, S.netloomYaml(hosts));
  await writeFile(files.changedDoc, S.netloomDocument(hosts, new Map([[moved.host.netns, moved.address]])));
  await writeFile(files.tutorialUp, S.tutorialUp(hosts));
  await writeFile(files.tutorialDown, S.tutorialDown(hosts));
  await writeFile(files.batchUp, S.batchUp(hosts));
  await writeFile(files.batchDown, S.batchDown(hosts));
  const parts = S.batchDownParts(hosts);
  await writeFile(files.batchDownNamespaces, parts.namespaces);
  await writeFile(files.batchDownBridge, parts.bridge);
  return files;
}

/** One bring-up, checked; for netloom at the largest N a re-apply and a one-link change; one teardown. */
async function measure(netloom: string[], approach: Approach, n: number, files: Files, extras: boolean) {
  const spec: StarSpec = { bridge: S.BRIDGE, bridgeAddress: S.BRIDGE_ADDRESS, hosts: files.hosts };
  let settled = { seconds: 0, load: 0 };
  const settle = async () => {
    // The kernel's duplicate address detection after a bring-up runs on timers, which waitQuiet
    // does not see as load, yet a step timed before it is done pays for it (kernel.ts). The last
    // namespace made is the last to finish.
    const dad = await waitAddressesSettled(files.hosts[files.hosts.length - 1]?.netns);
    settled = await waitQuiet();
    settled = { ...settled, seconds: settled.seconds + dad };
    loads.push(settled.load);
  };
  const record = (metric: Metric, r: Finished, outcome?: NetloomOutcome, settledSeconds?: number) => {
    samples.push({
      approach,
      metric,
      n,
      seconds: r.seconds,
      ...(r.cpuSeconds !== undefined && { cpuSeconds: r.cpuSeconds }),
      ...(settledSeconds !== undefined && { settledSeconds }),
      ...(outcome !== undefined && { netloom: outcome }),
    });
    const detail =
      outcome === undefined
        ? ''
        : ` (${outcome.steps} steps, ${outcome.processes} processes, ${Math.round(outcome.durationMs)} ms in-process)`;
    const before = `settled ${settled.seconds.toFixed(1)} s, CPU ${(settled.load * 100).toFixed(0)}% busy before`;
    const cpu = r.cpuSeconds === undefined ? '' : ` (CPU ${seconds(r.cpuSeconds)} s)`;
    process.stderr.write(`  N=${n} ${approach} ${metric}: ${seconds(r.seconds)} s${cpu}${detail}; ${before}\n`);
  };
  const cli = async (command: 'apply' | 'down', file: string, ...flags: string[]) => {
    const r = mustSucceed(`netloom ${command}`, await timedWithCpu([...netloom, command, file, '--json', ...flags]));
    const outcome = JSON.parse(r.stdout) as NetloomOutcome;
    if (!outcome.ok || outcome.remaining.length > 0) throw new Error(`netloom ${command}: ${r.stdout.slice(0, 1000)}`);
    return { r, outcome };
  };

  await settle();
  if (approach === 'netloom') {
    const up = await cli('apply', files.doc);
    if (up.outcome.steps === 0) throw new Error('apply on an empty kernel ran no step');
    await expectStar(spec, 'netloom apply');
    record('up', up.r, up.outcome);
    if (extras) {
      await settle();
      const again = await cli('apply', files.doc);
      if (again.outcome.steps !== 0 || again.outcome.processes !== 0) {
        const { steps, processes } = again.outcome;
        throw new Error(`re-apply of the converged topology ran ${steps} steps in ${processes} processes`);
      }
      await expectStar(spec, 'netloom re-apply');
      record('reapply', again.r, again.outcome);
      await settle();
      const yaml = await cli('apply', files.docYaml);
      if (yaml.outcome.steps !== 0 || yaml.outcome.processes !== 0)
        throw new Error(`re-apply of the converged topology from YAML ran ${yaml.outcome.steps} steps`);
      await expectStar(spec, 'netloom re-apply from YAML');
      record('reapplyYaml', yaml.r, yaml.outcome);
      await settle();
      // The same YAML file again: the text is now the one the record names.
      const yamlAgain = await cli('apply', files.docYaml);
      if (yamlAgain.outcome.steps !== 0 || yamlAgain.outcome.processes !== 0)
        throw new Error(`re-apply of the same YAML file ran ${yamlAgain.outcome.steps} steps`);
      await expectStar(spec, 'netloom re-apply of the same YAML file');
      record('reapplyYamlAgain', yamlAgain.r, yamlAgain.outcome);
      await settle();
      // Another file under the same topology name: netloom asks to confirm replacing the one applied.
      const change = await cli('apply', files.changedDoc, '--force');
      if (change.outcome.steps === 0) throw new Error('the one-link change ran no step');
      const hosts = files.hosts.map((h) => (h === files.moved.host ? { ...h, address: files.moved.address } : h));
      await expectStar({ ...spec, hosts }, 'netloom one-link change');
      record('change', change.r, change.outcome);
    }
    await settle();
    const startedAt = performance.now();
    const down = await cli('down', files.doc);
    const settledSeconds = await settledSince(startedAt);
    await expectClean('netloom down');
    record('down', down.r, down.outcome, settledSeconds);
    return;
  }
  const [upScript, downScript] =
    approach === 'tutorial' ? [files.tutorialUp, files.tutorialDown] : [files.batchUp, files.batchDown];
  const up = mustSucceed(`${approach} bring-up`, await timedWithCpu(['bash', upScript]));
  await expectStar(spec, `${approach} bring-up`);
  record('up', up);
  await settle();
  const startedAt = performance.now();
  const down = mustSucceed(`${approach} teardown`, await timedWithCpu(['bash', downScript]));
  const settledSeconds = await settledSince(startedAt);
  await expectClean(`${approach} teardown`);
  record('down', down, undefined, settledSeconds);
}

/**
 * What single processes cost at the largest N, to show where time goes: Node's start, the CLI's
 * start, `netloom plan` (read, observe, plan, print) against an empty and a converged kernel, and
 * one `ip` process in the root namespace and through `-n` with one and with N namespaces present.
 */
async function fixedCosts(netloom: string[], files: Files): Promise<FixedCost[]> {
  const n = files.hosts.length;
  const times = async (argv: string[], exitCode: number) => {
    const out: number[] = [];
    for (let i = 0; i < 5; i++) {
      await waitQuiet();
      const r = await timed(argv);
      if (r.code !== exitCode)
        throw new Error(`${argv.join(' ')} exited ${r.code ?? r.signal}: ${r.stderr.slice(0, 500)}`);
      out.push(r.seconds);
    }
    return out;
  };
  const costs: FixedCost[] = [];
  const add = async (label: string, argv: string[], exitCode = 0) =>
    costs.push({ label, seconds: await times(argv, exitCode) });
  await add('`node -e 0` (Node starts and exits)', ['node', '-e', '0']);
  // Node reads the certificates NODE_EXTRA_CA_CERTS names at every start; the executable unsets it.
  await add('`node -e 0` without NODE_EXTRA_CA_CERTS', ['env', '-u', 'NODE_EXTRA_CA_CERTS', 'node', '-e', '0']);
  // `--help` prints the usage and exits 2 before any work: Node's start plus loading the bundle.
  await add('`netloom --help` (Node + loading the bundle)', [...netloom, '--help'], 2);
  const launcher = join(dirname(netloom[0] ?? ''), 'netloom.mjs');
  await add('`node netloom.mjs --help` (the same, NODE_EXTRA_CA_CERTS as set)', ['node', launcher, '--help'], 2);
  await add('`ip link show dev lo`, no namespace present', ['ip', 'link', 'show', 'dev', 'lo']);
  await add('`netloom plan --json`, nothing built yet', [...netloom, 'plan', files.doc, '--json']);
  const first = files.hosts[0]?.netns ?? 'bn1';
  mustSucceed('ip netns add', await timed(['ip', 'netns', 'add', first]));
  await add('`ip -n NS link show dev lo`, 1 namespace present', ['ip', '-n', first, 'link', 'show', 'dev', 'lo']);
  mustSucceed('ip netns del', await timed(['ip', 'netns', 'del', first]));
  mustSucceed('netloom apply', await timed([...netloom, 'apply', files.doc, '--json']));
  await add(`\`netloom plan --json\`, converged star of ${n}`, [...netloom, 'plan', files.doc, '--json']);
  // The kernel read a converged re-apply and a down start with, alone: nl-relay's whole-kernel answer (J).
  const relay = join(dirname(netloom[0] ?? ''), 'nl-relay');
  await add(`nl-relay reads the whole kernel (\`J\`), ${n} namespaces present`, [
    'sh',
    '-c',
    `printf 'J\\n' | ${relay} > /dev/null`,
  ]);
  await add(`\`ip link show dev lo\`, ${n} namespaces present`, ['ip', 'link', 'show', 'dev', 'lo']);
  await add(`\`ip -n NS link show dev lo\`, ${n} namespaces present`, ['ip', '-n', first, 'link', 'show', 'dev', 'lo']);
  mustSucceed('netloom down', await timed([...netloom, 'down', files.doc, '--json']));
  const left = await waitClean();
  if (left.length > 0) throw new Error(`after the fixed costs: ${left.join('; ')}`);
  return [...costs, ...(await teardownParts(files))];
}

/**
 * The batch teardown's kernel work in its two parts, each timed alone on a star the batch brought
 * up: deleting the bridge with its N ports attached, then the `netns del` lines. Why: the kernel
 * detaches a bridge's ports one at a time, each after an RCU grace period (del_nbp ->
 * netdev_rx_handler_unregister -> synchronize_net, under the RTNL lock), which is the floor of
 * any teardown of this star whatever runs it; the report sets it beside Node's start. The bridge
 * goes first here, unlike in the batch: deleted after the namespaces, it races the kernel's own
 * dismantling of their veths (the same per-port waits, on the same lock) and takes 0.14-0.23 s
 * by who gets the lock first; with its ports attached it is the same work every time.
 */
async function teardownParts(files: Files): Promise<FixedCost[]> {
  const n = files.hosts.length;
  const namespaces: number[] = [];
  const bridge: number[] = [];
  for (let i = 0; i < 3; i++) {
    mustSucceed('batch bring-up', await timed(['bash', files.batchUp]));
    await waitAddressesSettled(files.hosts[n - 1]?.netns);
    await waitQuiet();
    bridge.push(mustSucceed('batch bridge del', await timed(['bash', files.batchDownBridge])).seconds);
    namespaces.push(mustSucceed('batch netns del', await timed(['bash', files.batchDownNamespaces])).seconds);
    await expectClean('the batch teardown in parts');
  }
  return [
    { label: `the batch teardown's bridge alone, its ${n} ports attached (\`bash\` + \`ip -batch\`)`, seconds: bridge },
    { label: `then its ${n} \`netns del\` lines (\`bash\` + \`ip -batch\`)`, seconds: namespaces },
  ];
}

async function snapshotNetloom(to: string): Promise<string> {
  // The whole dist/ (launcher, bundle, helpers), without source maps, and without the code cache
  // earlier runs left (dist/.cache): the first run of each command here pays for compiling, as a
  // fresh install's would.
  await cp(DIST, to, {
    recursive: true,
    preserveTimestamps: true,
    filter: (f) => !f.endsWith('.map') && !f.includes('/.cache'),
  });
  const bundle = await readFile(join(to, 'netloom.mjs'));
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 12);
  const git = async (...args: string[]) => (await timed(['git', '-C', ROOT, ...args])).stdout.trim();
  const commit = (await git('rev-parse', '--short', 'HEAD')) || 'unknown';
  const dirty = (await git('status', '--porcelain', '--', 'apps/agent', 'packages')) !== '';
  return `at commit ${commit}${dirty ? ' plus uncommitted changes' : ''} (dist/netloom.mjs sha256 ${hash}…)`;
}

async function expectStar(spec: StarSpec, what: string): Promise<void> {
  const problems = await verifyStar(spec);
  if (problems.length > 0) throw new Error(`${what} did not build the star: ${problems.join('; ')}`);
}

async function expectClean(what: string): Promise<void> {
  const problems = await waitClean();
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

async function readLoadavg(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ')[0] ?? '?';
}

await main();
