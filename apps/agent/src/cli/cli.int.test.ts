import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import {
  addressesOf,
  assertSandboxed,
  ip,
  IS_ROOT,
  linkIn,
  linksIn,
  namespaces,
  pings,
  wipeSandbox,
} from '../testing/ip';
import { alive, descendants } from '../testing/processes';

type Recorded = { checked: { digest: string; text: string; warnings: unknown[] } };

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'netloom.mjs');
/** What a person runs: `sh`, starting Node on the launcher (build.mjs). */
const EXECUTABLE = join(import.meta.dirname, '..', '..', 'dist', 'netloom');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'examples');

function netloom(...args: string[]) {
  const r = spawnSync('node', [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'netloom-cli-')), name);
  writeFileSync(file, text);
  return file;
}

describe.runIf(IS_ROOT)('the netloom CLI', () => {
  beforeAll(() => {
    assertSandboxed();
    if (!existsSync(CLI)) throw new Error('run `pnpm build` first: the CLI bundle is missing');
  });
  afterEach(() => wipeSandbox());

  it('plan --json lists each step with its namespace, argv and object; empty once converged', () => {
    const file = join(EXAMPLES, '01-netns-veth.yaml');
    const before = JSON.parse(netloom('plan', file, '--json').stdout) as {
      steps: { netns: string | null; argv: string[]; object: string }[];
    };
    expect(before.steps[0]).toMatchObject({ netns: null, argv: ['ip', 'netns', 'add', 'netns1'], object: 'ns1' });
    expect(before.steps.find((s) => s.netns === 'netns1')?.argv.slice(0, 3)).toEqual(['ip', '-n', 'netns1']);

    const applied = netloom('apply', file, '--json');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      ok: true,
      topology: 'netns-veth',
      steps: 8,
      completed: 8,
      remaining: [],
    });

    expect(JSON.parse(netloom('plan', file, '--json').stdout).steps).toEqual([]);
    const status = JSON.parse(netloom('status', file, '--json').stdout) as {
      converged: boolean;
      objects: { id: string; state: string }[];
    };
    expect(status.converged).toBe(true);
    expect(status.objects.map((o) => [o.id, o.state])).toEqual([
      ['ns1', 'present'],
      ['l1', 'present'],
    ]);

    expect(netloom('down', file).code).toBe(0);
    expect(namespaces()).toEqual([]);
  });

  it('reports every problem of an invalid document on stderr, path first, exits 1 and runs nothing', () => {
    const file = tempFile(
      'hostile.yaml',
      [
        'version: 1',
        'name: hostile',
        'nodes:',
        '  - { id: a, type: namespace, name: "x;touch /tmp/p" }',
        '  - { id: b, type: namespace, name: "$(id)" }',
        '  - { id: c, type: bridge, name: help, colour: red }',
        '',
      ].join('\n'),
    );
    // down reads only the topology's name (tested below): "hostile" has nothing in the kernel.
    expect(netloom('down', file).code).toBe(0);
    for (const command of ['plan', 'apply', 'status', 'export']) {
      const r = netloom(command, file, ...(command === 'export' ? ['--format', 'sh'] : []));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(
        r.stderr
          .trim()
          .split('\n')
          .map((l) => l.split(':')[0]),
      ).toEqual(['nodes[0].name', 'nodes[1].name', 'nodes[2].name', 'nodes[2].colour']);
    }
    expect(existsSync('/tmp/p')).toBe(false);
    expect(namespaces()).toEqual([]);
  });

  it('the netloom executable starts Node without NODE_EXTRA_CA_CERTS, and passes every argument as given', () => {
    // Node reads the certificates at every start (~40 ms with Debian's bundle); netloom opens no TLS
    // connection. A file that does not exist makes Node say so, which shows whether it read the variable.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/netloom-test-ca.pem' };
    const direct = spawnSync('node', [CLI, '--help'], { encoding: 'utf8', env });
    expect(direct.stderr).toMatch(/Ignoring extra certs from `\/nonexistent\/netloom-test-ca\.pem`/);
    const dist = dirname(CLI);
    for (const [argv0, cwd] of [
      [EXECUTABLE, tmpdir()],
      ['./netloom', dist],
    ] as const) {
      const help = spawnSync(argv0, ['--help'], { encoding: 'utf8', env, cwd });
      expect([help.status, help.stderr]).toEqual([2, expect.stringContaining('usage: netloom <command>')]);
      expect(help.stderr).not.toMatch(/extra certs/);
    }
    const spaced = tempFile('a lab with spaces.yaml', readFileSync(join(EXAMPLES, '01-netns-veth.yaml'), 'utf8'));
    const exported = spawnSync(EXECUTABLE, ['export', spaced, '--format', 'sh'], { encoding: 'utf8', env });
    expect([exported.status, exported.stderr]).toEqual([0, '']);
    expect(exported.stdout).toContain('ip netns add');
  });

  it('prints warnings on stderr as "warning: path: message", applies anyway and exits 0', () => {
    const file = tempFile(
      'warned.yaml',
      [
        'version: 1',
        'name: warned',
        'nodes:',
        '  - { id: a, type: namespace, name: red }',
        '  - { id: b, type: namespace, name: Red }',
        'links:',
        '  - { id: l, type: veth, a: { node: a, name: v0, addresses: [127.0.0.2/8] }, b: { node: b, name: v0 } }',
        '',
      ].join('\n'),
    );
    const r = netloom('apply', file);
    expect(r.code).toBe(0);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('warning: ')),
    ).toEqual([
      expect.stringMatching(/^warning: nodes\[1\]\.name: namespace name "Red" differs from "red"/),
      expect.stringMatching(/^warning: links\[0\]\.a\.addresses\[0\]: 127\.0\.0\.2 is a loopback address/),
    ]);
    expect(namespaces().sort()).toEqual(['Red', 'red']);
    // Applied again, the same text is taken from the applied record unchecked: the same warnings.
    const again = netloom('apply', file);
    expect([again.code, again.stderr]).toEqual([0, r.stderr]);
    // The same document as JSON is another text of the same value: the same warnings, and the
    // record now names this text (found without a parse next time) under the same checked value.
    const record = () => (JSON.parse(readFileSync('/run/netloom/applied/warned.json', 'utf8')) as Recorded).checked;
    const asYaml = record();
    const json = tempFile('warned.json', JSON.stringify(parseYaml(readFileSync(file, 'utf8'))));
    const fromJson = netloom('apply', json);
    expect([fromJson.code, fromJson.stderr]).toEqual([0, r.stderr]);
    expect(record()).toEqual({ ...asYaml, text: expect.not.stringMatching(asYaml.text) });
    expect(netloom('down', file).code).toBe(0);
  });

  it('checks a text again when it, the limits or the record changed since it was applied', () => {
    const example = join(EXAMPLES, '02-bridge.yaml');
    const file = tempFile('bridge.yaml', readFileSync(example, 'utf8'));
    expect(netloom('apply', file).code).toBe(0);
    expect(netloom('plan', file).code).toBe(0);
    const refused = netloom('plan', file, '--max-namespaces', '2');
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/^nodes: .*3 namespaces/)]);
    writeFileSync(file, readFileSync(example, 'utf8').replace('10.2.0.11/24', '10.2.0.311/24'));
    const edited = netloom('apply', file);
    expect([edited.code, edited.stderr]).toEqual([1, expect.stringMatching(/^links\[0\]\.a\.addresses\[0\]: /)]);
    writeFileSync(file, readFileSync(example, 'utf8'));
    expect(netloom('apply', file).code).toBe(0);
    // A record edited by hand loses its seal: the text is checked again, not the record believed.
    const record = '/run/netloom/applied/bridge.json';
    writeFileSync(record, readFileSync(record, 'utf8').replace('10.2.0.11/24', '10.2.0.99/24'));
    const plan = netloom('plan', file, '--json');
    expect(JSON.parse(plan.stdout)).toMatchObject({ steps: [] });
    const resealed = netloom('apply', file);
    expect(resealed.code, resealed.stderr).toBe(0);
    expect(netloom('down', file).code).toBe(0);
  });

  it('catalogue: address 0.0.0.0/0 is refused by apply before any command', () => {
    const file = tempFile(
      'zero.yaml',
      [
        'version: 1',
        'name: zero',
        'nodes: [{ id: a, type: namespace, name: red }]',
        'links: [{ id: l, type: veth, a: { node: a, name: v0, addresses: [0.0.0.0/0] }, b: { node: a, name: v1 } }]',
        '',
      ].join('\n'),
    );
    const r = netloom('apply', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^links\[0\]\.a\.addresses\[0\]: 0\.0\.0\.0 is no address/);
    expect(namespaces()).toEqual([]);
  });

  it('refuses a document past --max-namespaces before planning, and takes the limit from the flag', () => {
    const file = join(EXAMPLES, '02-bridge.yaml');
    const r = netloom('plan', file, '--max-namespaces', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nodes: the document has 3 namespaces, past the limit of 2; .*--max-namespaces/);
    expect(netloom('plan', file, '--max-namespaces', '3').code).toBe(0);
    expect(netloom('plan', file, '--max-namespaces', 'many').code).toBe(2);
  });

  it('exits 2 on usage errors', () => {
    expect(netloom().code).toBe(2);
    expect(netloom('frobnicate', 'x').code).toBe(2);
    expect(netloom('apply').code).toBe(2);
    expect(netloom('export', join(EXAMPLES, '01-netns-veth.yaml')).code).toBe(2);
  });

  it('reads YAML that only the yaml library takes, which the bundle loads on its first use', () => {
    // An anchor and an alias: the fast reader hands this text to `yaml` (build.mjs: lazy-yaml).
    const anchored = tempFile(
      'anchored.yaml',
      'version: 1\nname: &n anchored\nnodes:\n  - { id: a, type: namespace, name: *n }\n',
    );
    const script = netloom('export', anchored, '--format', 'sh');
    expect(script.stderr).toBe('');
    expect(script.stdout).toContain('ip netns add anchored');
    const broken = netloom('export', tempFile('broken.yaml', 'version: 1\nname: x\nnodes: [\n'), '--format', 'sh');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^\(document\): the file is not valid YAML: Flow sequence/);
  });

  it('exports a bash script that builds the same topology, which netloom then owns', () => {
    const file = join(EXAMPLES, '02-bridge.yaml');
    const script = netloom('export', file, '--format', 'sh');
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('ip netns add red');
    const run = spawnSync('bash', [tempFile('bridge.sh', script.stdout), 'up'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(pings('red', '10.2.0.13')).toBe(true);
    expect(JSON.parse(netloom('plan', file, '--json').stdout).steps).toEqual([]);
    expect(netloom('down', file).code).toBe(0);
    expect(linkIn(null, 'br-lab')).toBeUndefined();
  });

  it('down refuses to delete a namespace holding an interface it did not create, saying where and what to run', () => {
    const file = join(EXAMPLES, '02-bridge.yaml');
    expect(netloom('apply', file).code).toBe(0);
    ip('-n', 'red', 'link', 'add', 'name', 'x0', 'type', 'veth', 'peer', 'name', 'x1');
    const refused = netloom('down', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      'nodes[2]: namespace "red" holds "x0", "x1", which this topology did not create, and deleting the namespace would delete them; move or delete them yourself (ip -n red link del x0), then try again',
    ]);
    expect(namespaces().sort()).toEqual(['blue', 'green', 'red']);
    ip('-n', 'red', 'link', 'del', 'dev', 'x0');
    expect(netloom('down', file).code).toBe(0);
    expect(namespaces()).toEqual([]);
  });

  it('down takes a topology down from its name alone, even when the file no longer validates', () => {
    const example = join(EXAMPLES, '02-bridge.yaml');
    expect(netloom('apply', example).code).toBe(0);
    const edited = tempFile('edited.yaml', readFileSync(example, 'utf8').replace('10.2.0.1/24', '10.2.0.999/24'));
    expect(netloom('plan', edited).code).toBe(1);
    const down = netloom('down', edited);
    expect(down.code, down.stderr).toBe(0);
    expect(namespaces()).toEqual([]);
    const nameless = netloom('down', tempFile('nameless.yaml', 'version: 1\nnodes: []\n'));
    expect([nameless.code, nameless.stderr]).toEqual([
      1,
      'name: the document names no topology: add `name:` (the topology to take down)\n',
    ]);
  });

  it('catalogue: an empty document silently destroys a running topology', () => {
    const file = join(EXAMPLES, '02-bridge.yaml');
    expect(netloom('apply', file).code).toBe(0);
    const empty = tempFile('empty.yaml', 'version: 1\nname: bridge\nnodes: []\n');
    const refused = netloom('apply', empty);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^netloom: applying this document deletes every object topology "bridge" has in the kernel; .* it deletes .*namespace red.*; nothing was run; pass --force to apply it anyway\n$/,
    );
    expect(namespaces().sort()).toEqual(['blue', 'green', 'red']);
    const forced = netloom('apply', empty, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(namespaces()).toEqual([]);
  });

  it('asks for --force to apply another file under the name of a running topology, not the same file edited', () => {
    const example = join(EXAMPLES, '01-netns-veth.yaml');
    expect(netloom('apply', example).code).toBe(0);
    const text = readFileSync(example, 'utf8');
    const mine = tempFile('mine.yaml', text.replace('10.1.1.2/24', '10.1.1.3/24'));
    expect(readFileSync(mine, 'utf8')).not.toBe(text);
    const refused = netloom('apply', mine, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      reason: 'CONFIRM_REQUIRED',
      reasons: ['OTHER_DOCUMENT'],
    });
    expect(refused.stderr).toContain(`topology "netns-veth" runs from another document (${example}, applied `);
    expect(netloom('apply', mine, '--force').code).toBe(0);
    writeFileSync(mine, text.replace('10.1.1.2/24', '10.1.1.4/24'));
    expect(netloom('apply', mine).code).toBe(0); // the file applied last, edited
    expect(netloom('down', mine).code).toBe(0);
  });

  it.each([
    ['while the namespaces are being made', () => namespaces().some((n) => n.startsWith('k9-'))],
    ['while the veths are being made', () => linksIn(null).filter((l) => l.ifname.startsWith('k9v')).length >= 10],
    [
      'while they are being marked',
      () => linksIn(null).some((l) => l.ifname.startsWith('k9v') && l.ifalias !== undefined),
    ],
  ])('kill -9 of the CLI %s: down then removes everything, and only that', async (_, reached) => {
    const n = 60;
    const doc = {
      version: 1,
      name: 'k9',
      nodes: [
        { id: 'host', type: 'root' },
        ...Array.from({ length: n }, (_, i) => ({ id: `ns${i}`, type: 'namespace', name: `k9-${i}` })),
      ],
      links: Array.from({ length: n }, (_, i) => ({
        id: `l${i}`,
        type: 'veth',
        a: { node: 'host', name: `k9v${i}` },
        b: { node: `ns${i}`, name: 'eth0', addresses: [`10.9.${i}.2/24`] },
      })),
    };
    const file = tempFile('k9.json', JSON.stringify(doc));
    const apply = spawn('node', [CLI, 'apply', file], { stdio: 'ignore' });
    const exited = new Promise((resolve) => apply.once('exit', resolve));
    await expect.poll(reached, { timeout: 30_000, interval: 1 }).toBe(true);
    const helpers = descendants(apply.pid ?? -1);
    apply.kill('SIGKILL');
    await exited;
    // What it started ends with the batch it is in (ip-fanout's children die with it).
    await expect.poll(() => helpers.filter(alive), { timeout: 30_000 }).toEqual([]);

    const down = netloom('down', file);
    expect(down.code, down.stderr).toBe(0);
    expect(namespaces().filter((name) => name.startsWith('k9-'))).toEqual([]);
    await expect.poll(() => linksIn(null).filter((l) => l.ifname.startsWith('k9v')), { timeout: 5000 }).toEqual([]);
  });

  it('catalogue: plan --json through a pipe that a slow reader drains gets every byte, valid JSON', () => {
    // 400 namespaces on veths: a plan of ~600 KB, ten times what a pipe holds while its reader sleeps.
    const n = 400;
    const doc = {
      version: 1,
      name: 'big',
      nodes: [
        { id: 'host', type: 'root' },
        ...Array.from({ length: n }, (_, i) => ({ id: `ns${i}`, type: 'namespace', name: `big-${i}` })),
      ],
      links: Array.from({ length: n }, (_, i) => ({
        id: `l${i}`,
        type: 'veth',
        a: { node: 'host', name: `big${i}` },
        b: { node: `ns${i}`, name: 'eth0', addresses: [`10.9.${i >> 6}.${(i & 63) * 4 + 1}/30`] },
      })),
    };
    const file = tempFile('big.json', JSON.stringify(doc));
    const out = join(mkdtempSync(join(tmpdir(), 'netloom-cli-')), 'plan.json');
    // The reader sleeps first, so the CLI has finished while most of its answer is still queued.
    const r = spawnSync('sh', ['-c', 'node "$1" plan "$2" --json | (sleep 1; cat) > "$3"', 'sh', CLI, file, out], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.length).toBeGreaterThan(512 * 1024);
    expect((JSON.parse(text) as { steps: unknown[] }).steps.length).toBeGreaterThan(4 * n);
  });

  it('catalogue: serve --host 0.0.0.0 is refused without --allow-remote, saying what it would expose', () => {
    // Before, it warned and served (this run then ended by the timeout, without an exit code).
    const r = spawnSync('node', [CLI, 'serve', '--host', '0.0.0.0', '--port', '0'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^netloom serve: --host 0\.0\.0\.0 is not a loopback address: .*--allow-remote/);
  });

  it("check runs a lesson's checks: ✓/✗ lines and exit 0 when all pass, 1 when one fails, 2 for a step it lacks; --json", () => {
    const file = join(EXAMPLES, '..', 'lessons', '01-namespaces.yaml');
    expect(netloom('apply', file).code).toBe(0);
    const pass = netloom('check', file);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toContain('step 4: Ping both ways\n  ✓ ping: netns1 → 10.1.1.2: reply from 10.1.1.2 in ');
    expect(pass.stdout.trimEnd().split('\n').at(-1)).toBe('12 of 12 checks pass');

    ip('-n', 'netns1', 'link', 'set', 'dev', 'veth1', 'down');
    const fail = netloom('check', file, '--step', '3');
    expect(fail.code).toBe(1);
    expect(fail.stdout).toBe(
      [
        'step 3: Addresses, and up',
        '  ✗ linkState: veth0 is down (set up, but no carrier)',
        '  ✗ linkState: netns1/veth1 is down (set down)',
        '0 of 2 checks pass',
        '',
      ].join('\n'),
    );
    const json = netloom('check', file, '--step', '3', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      topology: 'lesson-netns',
      ok: false,
      results: [{ step: 3, index: 0, check: 'linkState', ok: false, path: 'lesson.steps[2].checks[0]' }, {}],
    });
    const missing = netloom('check', file, '--step', '7');
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'netloom: --step takes a step number; lesson-netns has steps 1 to 6\n',
    ]);
  });

  it.each([
    { name: 'by default', flags: [], kept: false },
    { name: 'with --no-rollback', flags: ['--no-rollback'], kept: true },
  ])(
    'apply $name, of a document the kernel refuses halfway: exit 1, and the topology rolled back unless --no-rollback keeps it',
    async ({ flags, kept }) => {
      const first = join(EXAMPLES, '01-netns-veth.yaml');
      expect(netloom('apply', first).code).toBe(0);
      const before = visible();
      // The same topology with a bridge in the root namespace holding an IPv6 address, and a
      // namespace on it. No check before the first command reads whether IPv6 is on there: here it
      // is off for every new device (the sandbox's root namespace is the test's own), so
      // `addr add` fails once the namespace and devices exist.
      const grown = {
        version: 1,
        name: 'netns-veth',
        nodes: [
          { id: 'host', type: 'root' },
          { id: 'ns1', type: 'namespace', name: 'netns1' },
          { id: 'ns2', type: 'namespace', name: 'netns2' },
          { id: 'br', type: 'bridge', name: 'br-v6', addresses: ['fd00:9::1/64'] },
        ],
        links: [
          {
            id: 'l1',
            type: 'veth',
            a: { node: 'host', name: 'veth-host', addresses: ['10.1.1.1/24'] },
            b: { node: 'ns1', name: 'veth-ns1', addresses: ['10.1.1.2/24'] },
          },
          {
            id: 'l2',
            type: 'veth',
            a: { node: 'ns2', name: 'eth0', addresses: ['fd00:9::2/64'] },
            b: { node: 'br', name: 'veth-ns2' },
          },
        ],
      };
      writeFileSync('/proc/sys/net/ipv6/conf/default/disable_ipv6', '1');
      try {
        const r = netloom('apply', tempFile('grown.json', JSON.stringify(grown)), '--force', ...flags);
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain('IPv6 is disabled on this device');
        expect(r.stderr).toContain('ip addr add fd00:9::1/64 dev br-v6');
        if (kept) {
          expect(r.stderr).toMatch(/\d+ steps ran and were kept \(not rolled back\)/);
          expect(namespaces().sort()).toEqual(['netns1', 'netns2']);
          expect(linkIn(null, 'br-v6')?.ifalias).toBe('netloom:netns-veth/br');
          expect(linkIn(null, 'veth-ns2')?.master).toBe('br-v6');
        } else {
          expect(r.stderr).toMatch(
            /\d+ steps ran, then \d+ steps rolled back: netns-veth is as it was before this apply/,
          );
          // (the root end of netns2's veth goes once the kernel has dismantled netns2)
          await expect.poll(visible, { timeout: 5000 }).toEqual(before);
        }
      } finally {
        writeFileSync('/proc/sys/net/ipv6/conf/default/disable_ipv6', '0');
      }
    },
  );
});

/** What `ip` shows of the sandbox: namespaces, and each one's interfaces with marker, master and addresses. */
function visible() {
  return [null, ...namespaces().sort()].map((netns) => ({
    netns,
    links: linksIn(netns)
      .map((l) => ({
        ifname: l.ifname,
        alias: l.ifalias,
        master: l.master,
        up: l.flags.includes('UP'),
        mac: l.address,
        addresses: addressesOf(l),
      }))
      .sort((x, y) => (x.ifname < y.ifname ? -1 : 1)),
  }));
}
