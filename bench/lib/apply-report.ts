import type { Machine } from './machine.ts';
import { table } from './markdown.ts';
import { BRIDGE, BRIDGE_ADDRESS } from './star.ts';
import { cell, seconds, summarize, type Summary } from './stats.ts';

export const APPROACHES = ['netloom', 'tutorial', 'batch'] as const;
export type Approach = (typeof APPROACHES)[number];
/** One timed measurement: a bring-up or teardown, or netloom's re-apply (of the JSON or the YAML document) or one-link change. */
export type Metric = 'up' | 'down' | 'reapply' | 'reapplyYaml' | 'reapplyYamlAgain' | 'change';

/** What `netloom apply --json` and `down --json` print (the fields the benchmark reads). */
export type NetloomOutcome = {
  readonly ok: boolean;
  readonly steps: number;
  readonly completed: number;
  readonly processes: number;
  readonly durationMs: number;
  readonly remaining: readonly unknown[];
};

export type Sample = {
  readonly approach: Approach;
  readonly metric: Metric;
  readonly n: number;
  readonly seconds: number;
  /** CPU time of the whole process tree (GNU time), when measured. */
  readonly cpuSeconds?: number;
  /** For a teardown: from its start until the kernel had let go of everything (`settledSince`). */
  readonly settledSeconds?: number;
  readonly netloom?: NetloomOutcome;
};

/** A fixed cost measured once per run at the largest N: what one process of each kind costs. */
export type FixedCost = { readonly label: string; readonly seconds: readonly number[] };

/** Everything one run measured: enough to render the report again without measuring. */
export type ApplyRun = {
  readonly date: string;
  readonly machine: Machine;
  readonly build: string;
  readonly sizes: readonly number[];
  readonly reps: readonly number[];
  readonly totalSeconds: number;
  readonly samples: readonly Sample[];
  readonly failures: readonly { approach: Approach; n: number; rep: number; error: string }[];
  /** CPU load of the whole machine (0..1) just before each timed step. */
  readonly loads: readonly number[];
  /** /proc/loadavg (1 min) at the start and at the end. */
  readonly loadavg: readonly string[];
  readonly fixed: readonly FixedCost[];
};

const LABEL: Record<Approach, Record<'up' | 'down', string>> = {
  netloom: { up: '`netloom apply`', down: '`netloom down`' },
  tutorial: { up: 'tutorial script, one `ip` per command', down: 'tutorial: `ip netns del` ×N, `ip link del`' },
  batch: { up: '`ip -batch` root + `ip -n NS -batch` ×N', down: 'one `ip -batch`: `netns del` ×N, `link del`' },
};

/** The `## Apply` section of docs/benchmarks.md, without its heading. */
export function renderApplySection(run: ApplyRun): string {
  const { sizes, samples } = run;
  const largest = Math.max(...sizes);
  type Measure = 'seconds' | 'cpuSeconds' | 'settledSeconds';
  const stat = (approach: Approach, metric: Metric, n: number, m: Measure = 'seconds'): Summary | undefined =>
    summarize(
      samples
        .filter((s) => s.approach === approach && s.metric === metric && s.n === n)
        .flatMap((s) => (s[m] === undefined ? [] : [s[m]])),
    );
  const field = (metric: Metric, n: number, f: 'steps' | 'processes' | 'durationMs'): Summary | undefined =>
    summarize(
      samples
        .filter((s) => s.approach === 'netloom' && s.metric === metric && s.n === n)
        .flatMap((s) => (s.netloom === undefined ? [] : [s.netloom[f]])),
    );
  const failed = (a: Approach, n: number) => {
    const k = run.failures.filter((f) => f.approach === a && f.n === n).length;
    return k === 0 ? '' : ` (${k} failed)`;
  };
  const cols = sizes.map((n) => `N=${n}`);
  const row = (a: Approach, metric: 'up' | 'down', m: Measure) => [
    LABEL[a][metric],
    ...sizes.map((n) => (cell(stat(a, metric, n, m)) || '–') + failed(a, n)),
  ];
  const ratio = (a: Approach, b: Approach, n: number, m: Measure) => {
    const x = stat(a, 'up', n, m)?.median;
    const y = stat(b, 'up', n, m)?.median;
    return x === undefined || y === undefined || y === 0 ? '–' : `${(x / y).toFixed(2)}×`;
  };
  const side = (head: string, m: Measure) =>
    table(
      [head, ...cols],
      [
        ...APPROACHES.map((a) => row(a, 'up', m)),
        ['tutorial ÷ `netloom apply` (medians)', ...sizes.map((n) => ratio('tutorial', 'netloom', n, m))],
        ['`netloom apply` ÷ `ip -batch` (medians)', ...sizes.map((n) => ratio('netloom', 'batch', n, m))],
        ...APPROACHES.map((a) => row(a, 'down', m)),
      ],
    );
  const times = side('wall seconds: median (min–max)', 'seconds');
  const cpuTimes = samples.some((x) => x.cpuSeconds !== undefined)
    ? side('CPU seconds (user + sys, process tree)', 'cpuSeconds')
    : '';

  const pair = (metric: Metric, n: number) =>
    `${whole(field(metric, n, 'steps'))} / ${whole(field(metric, n, 'processes'))}`;
  const inProcess = (metric: Metric, n: number) =>
    `${ms(field(metric, n, 'durationMs'))} / ${ms(stat('netloom', metric, n), 1000)}`;
  const converged = stat('netloom', 'reapply', largest);
  const convergedYaml = stat('netloom', 'reapplyYaml', largest);
  const convergedYamlAgain = stat('netloom', 'reapplyYamlAgain', largest);
  const change = stat('netloom', 'change', largest);
  const netloomTable = table(
    ['`netloom`, medians', ...cols],
    [
      ['apply: steps / `ip` processes', ...sizes.map((n) => pair('up', n))],
      ['apply: `durationMs` / wall', ...sizes.map((n) => inProcess('up', n))],
      ['down: steps / `ip` processes', ...sizes.map((n) => pair('down', n))],
      ['down: `durationMs` / wall', ...sizes.map((n) => inProcess('down', n))],
    ],
  );
  const incremental = table(
    [`\`netloom apply\` at N=${largest}`, 'wall s: median (min–max)', 'steps / processes', '`durationMs`'],
    [
      [
        're-apply, converged',
        cell(converged) || '–',
        pair('reapply', largest),
        ms(field('reapply', largest, 'durationMs')),
      ],
      [
        're-apply, converged, the same document in YAML (a text not applied before)',
        cell(convergedYaml) || '–',
        pair('reapplyYaml', largest),
        ms(field('reapplyYaml', largest, 'durationMs')),
      ],
      [
        're-apply, converged, that YAML file again',
        cell(convergedYamlAgain) || '–',
        pair('reapplyYamlAgain', largest),
        ms(field('reapplyYamlAgain', largest, 'durationMs')),
      ],
      ['one-link change', cell(change) || '–', pair('change', largest), ms(field('change', largest, 'durationMs'))],
    ],
  );
  const fixed = table(
    [`one process, N=${largest} namespaces present unless said`, 'wall s: median (min–max)'],
    run.fixed.map((f) => [f.label, cell(summarize(f.seconds))]),
  );

  const nl = stat('netloom', 'up', largest)?.median;
  const batch = stat('batch', 'up', largest)?.median;
  const tut = stat('tutorial', 'up', largest)?.median;
  const down = stat('netloom', 'down', largest)?.median;
  const batchDown = stat('batch', 'down', largest)?.median;
  const ratioOf = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined || y === 0 ? '?' : `${(x / y).toFixed(2)}×`;
  const percent = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined || y === 0 ? '?' : `${((100 * x) / y).toFixed(1)}%`;
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**missed**');
  const both = (x: number | undefined, y: number | undefined, f: (x: number, y: number) => boolean) =>
    x === undefined || y === undefined ? undefined : f(x, y);
  const targets = table(
    [`target, N=${largest}`, 'measured (medians)', 'verdict'],
    [
      [
        '`netloom apply` ≤ the `ip -batch` script',
        `${s(nl)} vs ${s(batch)}`,
        verdict(both(nl, batch, (x, y) => x <= y)),
      ],
      [
        '`netloom apply` ≥ 3× faster than the tutorial script',
        `${s(tut)} ÷ ${s(nl)} = ${nl !== undefined && tut !== undefined ? (tut / nl).toFixed(2) : '?'}×`,
        verdict(both(tut, nl, (x, y) => x / y >= 3)),
      ],
      ['`netloom down` < 0.5 s', s(down), verdict(down === undefined ? undefined : down < 0.5)],
      ['converged re-apply < 0.3 s', s(converged?.median), verdict(converged && converged.median < 0.3)],
      [
        '`netloom down` ≤ 2× the one `ip -batch` teardown',
        `${s(down)} ÷ ${s(batchDown)} = ${ratioOf(down, batchDown)}`,
        verdict(both(down, batchDown, (x, y) => x <= 2 * y)),
      ],
      ...(
        [
          ['JSON', converged?.median],
          ['YAML, a text not applied before', convergedYaml?.median],
          ['YAML, the same file again', convergedYamlAgain?.median],
        ] as const
      ).map(([format, x]) => [
        `converged re-apply (${format}) ≤ 5% of the \`ip -batch\` bring-up`,
        `${s(x)} ÷ ${s(batch)} = ${percent(x, batch)}`,
        verdict(both(x, batch, (a, b) => a <= 0.05 * b)),
      ]),
      ['one-link change < 0.3 s', s(change?.median), verdict(change && change.median < 0.3)],
    ],
  );

  const m = run.machine;
  const load = summarize(run.loads);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const reps = sizes.map((n, i) => `${run.reps[i] ?? run.reps[run.reps.length - 1]} at N=${n}`).join(', ');
  const failures =
    run.failures.length === 0
      ? 'Every bring-up passed the check and every teardown left nothing behind.'
      : `**${run.failures.length} runs failed** and are left out of the figures:\n\n${run.failures
          .map((f) => `- ${f.approach}, N=${f.n}, repetition ${f.rep + 1}: ${f.error.split('\n')[0]}`)
          .join('\n')}`;

  return `Written by \`pnpm bench:apply\` (\`bench/apply.ts\`), which replaces this section on every run.

- **Machine:** ${m.cpu}, ${m.cores} vCPUs, ${m.memoryGiB} GiB; kernel ${m.kernel}; iproute2 ${m.iproute2}; Node ${m.node}.
- **Run:** ${run.date}, ${Math.round(run.totalSeconds)} s; repetitions ${reps}; netloom ${run.build}.
- **Other work on the machine:** the CPUs were ${load === undefined ? '?' : `${pct(load.median)} busy (median; ${pct(load.min)}–${pct(load.max)})`}
  just before the timed steps; load average ${run.loadavg.join(' at the start, ')} at the end.
- **Topology:** a star of N namespaces, each with \`lo\` up and one veth (\`eth0\` inside, with its own
  address in 10.0.0.0/16) to the bridge \`${BRIDGE}\` (${BRIDGE_ADDRESS}) in the root namespace.
- **Method:** all inside \`scripts/netns-sandbox.sh\` (private network and mount namespaces, private
  tmpfs on /run/netns and /run/netloom; no sysctl is changed anywhere). A time is the wall time of
  one whole process, spawn to exit, output captured: \`netloom apply|down FILE --json\`, run as a
  person runs it, by the \`netloom\` executable (\`dist/netloom\`: \`sh\` starting Node on the
  launcher without NODE_EXTRA_CA_CERTS, docs/design.md) (a JSON document; the converged re-apply
  also from the same document in YAML, one line per node and per link), or \`bash\` running the tutorial script (7 \`ip\` processes per namespace) or the
  batch script (one \`ip -batch -\` for the root namespace, then one \`ip -n NS -batch -\` per
  namespace, one after the other). Each repetition runs the three approaches in a rotating order.
  Before each timed step the benchmark lets the kernel's deferred work settle: duplicate address
  detection of new IPv6 addresses done (up to 5 s), then the CPUs quiet (up to 2 s). After
  each bring-up it checks the kernel: the namespaces, every port on the bridge with carrier, and in
  every namespace \`lo\` and \`eth0\` up with the right address; after each teardown, that nothing
  is left. The JSON re-apply is of the file the bring-up applied, so netloom takes the document
  from its applied record without parsing the text (docs/design.md). The first YAML re-apply is of
  a text it has not read before: parsed, then found to be the value already checked, not checked
  again; the second is of that YAML file again, found like the JSON. ${failures}

${times}

${
  cpuTimes === ''
    ? ''
    : `CPU time of each process tree, from GNU time (10 ms resolution): less disturbed than wall time by other
work on the machine, but blind to work the kernel does in its own threads (namespace cleanup).

${cpuTimes}

`
}${incremental}

${netloomTable}

\`durationMs\` is netloom's own measure of an apply (observe, plan, execute, observe again); the
rest of the wall time is Node's start, loading the bundle, reading the document and exiting. The
first kernel read of \`apply\` and \`down\` is asked for before the bundle loads (the launcher starts
nl-relay, under the apply lock), so \`durationMs\` may find it done or partly done.

${fixed}

${targets}
${downFloor(run, down, batchDown, {
  netloom: stat('netloom', 'down', largest, 'settledSeconds')?.median,
  batch: stat('batch', 'down', largest, 'settledSeconds')?.median,
})}`;
}

/**
 * How far `down` can come towards the batch teardown, from this run's own figures: Node starting
 * and the kernel's work are paid by any Node CLI that takes the topology down; loading the bundle
 * by netloom's. Empty when a figure is missing (an older run).
 */
function downFloor(
  run: ApplyRun,
  down: number | undefined,
  batchDown: number | undefined,
  settled: { readonly netloom: number | undefined; readonly batch: number | undefined },
): string {
  const fixed = (prefix: string) => {
    const f = run.fixed.find((c) => c.label.startsWith(prefix));
    return f === undefined ? undefined : summarize(f.seconds)?.median;
  };
  const n = fixed('`node -e 0` without NODE_EXTRA_CA_CERTS');
  const h = fixed('`netloom --help`');
  const partBridge = fixed("the batch teardown's bridge alone");
  const partNamespaces = fixed('then its');
  const d = down;
  const b = batchDown;
  if (d === undefined || b === undefined || n === undefined || h === undefined) return '';
  const x = (v: number) => `${(v / b).toFixed(2)}×`;
  const bundle = Math.max(0, h - n);
  return `
Where \`netloom down\`'s ${s(d)} goes, against the one-batch teardown's ${s(b)} (medians above): Node
starting and exiting (\`node -e 0\` without NODE_EXTRA_CA_CERTS, ${s(n)}) plus the same kernel work
as the batch (at most its ${s(b)}) is already ${x(n + b)} the batch, for any teardown written for
Node; loading netloom's bundle (\`netloom --help\` less that, ${s(bundle)}) makes ${x(n + b + bundle)}.
The remaining ${s(Math.max(0, d - n - b - bundle))} reads the kernel, proves that each object is
netloom's (journal identities, markers checked against the document and the applied record)
before anything is deleted, starts the batch, and reads the kernel again to report what is left.
${
  partNamespaces === undefined || partBridge === undefined
    ? ''
    : `
The batch's own time is the kernel's. Timed apart (fixed costs above), deleting its bridge with
its ${Math.max(...run.sizes)} ports attached took ${s(partBridge)} and its \`netns del\` lines after that ${s(partNamespaces)}
(each with \`bash\` and \`ip\` starting). The bridge is the floor of any teardown of this star,
and mostly waiting: the kernel detaches its ports one at a time, each after an RCU grace period
(\`del_nbp\` → \`netdev_rx_handler_unregister\` → \`synchronize_net\`, under the RTNL lock, so no
second process can share the wait; \`perf\` shows one sleep there per port), in whichever order
the objects are deleted. So, even if the namespaces cost nothing, about
${s(Math.max(0, 2 * b - partBridge))} of 2× the batch is left for a whole Node process; Node and the
bundle alone take ${s(h)}.
`
}${
    settled.netloom === undefined || settled.batch === undefined
      ? ''
      : `
Neither process waits for the kernel to finish: \`ip netns del\` returns before the kernel has
dismantled the namespace's devices, which it does in a thread of its own. Timed from the start
until \`ip link\` and /run/netns show nothing left, the batch teardown took ${s(settled.batch)} and
\`netloom down\` ${s(settled.netloom)} (medians): ${(settled.netloom / settled.batch).toFixed(2)}×.
`
  }`;
}

const whole = (v: Summary | undefined) => (v === undefined ? '–' : String(Math.round(v.median)));
const ms = (v: Summary | undefined, scale = 1) => (v === undefined ? '–' : `${Math.round(v.median * scale)} ms`);
const s = (v: number | undefined) => (v === undefined ? '–' : `${seconds(v)} s`);
