import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateDocument, type Document, type Nat } from '@netloom/topology';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import { assertSandboxed, IS_ROOT, wipeSandbox } from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';

/**
 * A "lan" namespace behind a gateway namespace, and an "upstream" namespace that plays the
 * internet (documentation addresses, inside the sandbox: nothing reaches the real outside). The
 * upstream has a route back to the lan, so without masquerade it sees the lan's own address.
 */
function gateway(nat: Nat): Document {
  const doc = validateDocument({
    version: 1,
    name: 'natlab',
    nodes: [
      { id: 'lan', type: 'namespace', name: 'nat-lan', routes: [{ to: 'default', via: '10.0.1.1' }] },
      { id: 'gw', type: 'namespace', name: 'nat-gw', forwarding: true, nat },
      { id: 'up', type: 'namespace', name: 'nat-up', routes: [{ to: '10.0.1.0/24', via: '203.0.113.1' }] },
    ],
    links: [
      {
        id: 'inside',
        type: 'veth',
        a: { node: 'lan', name: 'eth0', addresses: ['10.0.1.2/24'] },
        b: { node: 'gw', name: 'lan0', addresses: ['10.0.1.1/24'] },
      },
      {
        id: 'outside',
        type: 'veth',
        a: { node: 'gw', name: 'up0', addresses: ['203.0.113.1/24'] },
        b: { node: 'up', name: 'eth0', addresses: ['203.0.113.2/24'] },
      },
    ],
  });
  if (!doc.ok) throw new Error(JSON.stringify(doc.error));
  return doc.value;
}

const MASQUERADE: Nat = {
  masquerade: ['up0'],
  forwards: [{ protocol: 'tcp', port: 8080, dev: 'up0', to: '10.0.1.2', toPort: 80 }],
};

/** A TCP server in `netns` that answers each connection with the source address it sees. */
const servers: ChildProcess[] = [];
async function echoSource(netns: string, port: number): Promise<void> {
  const code = `require('net').createServer((c) => c.end(c.remoteAddress.replace(/^::ffff:/, ''))).listen(${port}, () => console.log('ready'))`;
  const server = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.stdout?.once('data', () => resolve());
    server.once('exit', (c) => reject(new Error(`server in ${netns} exited with ${c}`)));
  });
}

/** What a server at `host:port` answers a client in `netns` (or how the connection failed). */
function ask(netns: string, host: string, port: number): string {
  const code = `const s = require('net').connect(${port}, '${host}'); s.setTimeout(3000, () => { process.stdout.write('timeout'); process.exit(0); }); s.on('data', (d) => process.stdout.write(d)); s.on('error', (e) => process.stdout.write('error ' + e.code));`;
  return execFileSync('ip', ['netns', 'exec', netns, process.execPath, '-e', code], { encoding: 'utf8' });
}

const nft = (netns: string, ...args: string[]): string =>
  execFileSync('ip', ['netns', 'exec', netns, 'nft', ...args], { encoding: 'utf8' });

const tables = (netns: string): string[] =>
  nft(netns, 'list', 'tables')
    .split('\n')
    .filter((l) => l !== '');

describe.runIf(IS_ROOT)('masquerade and port forwards with nftables on a real kernel', () => {
  let engine: Engine;
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-nat-')));
  });
  afterEach(() => {
    for (const s of servers.splice(0)) s.kill();
    wipeSandbox();
  });
  afterAll(() => processScope.close());

  it('masquerades the lan behind the gateway, forwards a port, converges, and touches no other table', async () => {
    const doc = gateway(MASQUERADE);
    const plan = await engine.plan(doc);
    if (!plan.ok) throw new Error('plan refused');
    // The plan shows the nft command as it runs: argv, no shell.
    const nftSteps = plan.steps.filter((s) => s.op === 'nat.set').map((s) => s.argv.slice(0, 11).join(' '));
    expect(nftSteps).toEqual(['ip netns exec nat-gw nft add table inet netloom_natlab ; delete']);
    expect(await engine.apply(doc)).toMatchObject({ ok: true, remaining: [] });

    // Another program's table in the same namespace, with a rule.
    nft('nat-gw', 'add', 'table', 'ip', 'foreign');
    nft('nat-gw', 'add', 'chain', 'ip', 'foreign', 'input', '{ type filter hook input priority 0 ; }');
    nft('nat-gw', 'add', 'rule', 'ip', 'foreign', 'input', 'counter');

    await echoSource('nat-up', 7000);
    expect(ask('nat-lan', '203.0.113.2', 7000)).toBe('203.0.113.1');

    // The forward: the upstream reaches the lan's port 80 through the gateway's 8080.
    await echoSource('nat-lan', 80);
    expect(ask('nat-up', '203.0.113.1', 8080)).toBe('203.0.113.2');

    expect(await engine.plan(doc)).toMatchObject({ ok: true, steps: [] });
    expect(await engine.status(doc)).toMatchObject({ converged: true });

    // A rule added to netloom's table is drift, and the next apply puts the table back.
    nft('nat-gw', 'add', 'rule', 'inet', 'netloom_natlab', 'postrouting', 'counter');
    expect(await engine.status(doc)).toMatchObject({ converged: false });
    expect(await engine.apply(doc)).toMatchObject({ ok: true, remaining: [] });
    expect(nft('nat-gw', 'list', 'table', 'inet', 'netloom_natlab')).not.toContain('counter');

    // Masquerade removed from the document: the upstream now sees the lan's own address.
    const plain = gateway({ masquerade: [], forwards: MASQUERADE.forwards ?? [] });
    expect(await engine.apply(plain)).toMatchObject({ ok: true, remaining: [] });
    expect(ask('nat-lan', '203.0.113.2', 7000)).toBe('10.0.1.2');
    expect(ask('nat-up', '203.0.113.1', 8080)).toBe('203.0.113.2');

    // No NAT left: netloom's table goes, the foreign one stays with its rule.
    expect(await engine.apply(gateway({}))).toMatchObject({ ok: true, remaining: [] });
    expect(tables('nat-gw')).toEqual(['table ip foreign']);
    expect(nft('nat-gw', 'list', 'table', 'ip', 'foreign')).toContain('counter');
    expect(ask('nat-up', '203.0.113.1', 8080)).toMatch(/^(error|timeout)/);
    expect(await engine.plan(gateway({}))).toMatchObject({ ok: true, steps: [] });
  });
});
