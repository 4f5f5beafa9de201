import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { formatPath, validateDocument, type Document } from '@netloom/topology';
import { aDocument, aNamespace, aRoot, aVeth, aVxlan, anEnd } from '@netloom/topology/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { processScope } from '../exec/process-scope';
import { assertSandboxed, ip, IS_ROOT, linkIn, linksIn, wipeSandbox } from '../testing/ip';
import { createDefaultEngine } from './default-engine';
import type { Engine } from './engine';

/**
 * Issue 9, "the kernel refuses halfway": what the host already has, which the document cannot
 * show, is found before the first command. Each document here is valid, and without the
 * preflight its apply fails partway (COMMAND_FAILED) with the rest built.
 */

/** A program holding UDP `port` (IPv4) inside `netns` (null: the root namespace) until killed. */
function holdUdpPort(port: number, netns: string | null = null): Promise<ChildProcess> {
  const script = `require('dgram').createSocket('udp4').bind(${port}, '127.0.0.1', () => console.log('ready'))`;
  const argv = [process.execPath, '-e', script];
  const child =
    netns === null
      ? spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn('nsenter', [`--net=/run/netns/${netns}`, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => resolve(child));
    child.on('exit', (code) => reject(new Error(`the UDP holder exited (${code})`)));
  });
}

describe.runIf(IS_ROOT)('preflight against the observed kernel', () => {
  let engine: Engine;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    assertSandboxed();
    engine = createDefaultEngine(mkdtempSync(join(tmpdir(), 'netloom-preflight-')));
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    wipeSandbox();
  });
  afterAll(() => processScope.close());

  /** Applies `doc` (valid) and expects it refused with HOST_CONFLICT at `path`, the kernel untouched. */
  async function refused(doc: Document, path: string) {
    expect(validateDocument(doc).ok).toBe(true);
    const before = linksIn(null).map((l) => l.ifname);
    const outcome = await engine.apply(doc);
    expect(outcome).toMatchObject({ ok: false, reason: 'INVALID' });
    const issues = 'issues' in outcome ? outcome.issues : [];
    expect(issues.map((i) => [formatPath(i.path), i.code])).toEqual([[path, 'HOST_CONFLICT']]);
    expect(linksIn(null).map((l) => l.ifname)).toEqual(before);
    return issues[0]?.message ?? '';
  }

  const vxlan = (extra: Parameters<typeof aVxlan>[3] = {}, vni = 42) =>
    aDocument({ name: 'pf', nodes: [aRoot(), aVxlan('vx', 'vx0', vni, { remote: '10.9.0.2', ...extra })] });

  it('refuses a VXLAN underlay the namespace does not have', async () => {
    expect(await refused(vxlan({ underlay: 'eth7' }), 'nodes[1].underlay')).toMatch(/no interface "eth7"/);
  });

  it("refuses the VNI and port of someone else's VXLAN (flannel.1: VNI 1, port 8472)", async () => {
    ip('link', 'add', 'name', 'flannel.1', 'type', 'vxlan', 'id', '1', 'dstport', '8472');
    ip('link', 'set', 'dev', 'flannel.1', 'up');
    expect(await refused(vxlan({ port: 8472 }, 1), 'nodes[1].vni')).toMatch(/"flannel.1"/);
    // Another port, or another VNI, is fine: the socket on 8472 is flannel.1's, which a VXLAN shares.
    expect((await engine.apply(vxlan({ port: 8472 }, 2))).ok).toBe(true);
    expect(linkIn(null, 'vx0')?.flags).toContain('UP');
  });

  it('refuses a UDP port another program holds in the root namespace', async () => {
    children.push(await holdUdpPort(4789));
    expect(await refused(vxlan(), 'nodes[1].port')).toMatch(/UDP port 4789 in the root namespace/);
  });

  it('refuses a UDP port another program holds inside a namespace of the topology', async () => {
    const base = aDocument({
      name: 'pf',
      nodes: [aRoot(), aNamespace('h', 'h1')],
      links: [
        aVeth(
          'l',
          anEnd('host', 'u0', { addresses: ['10.9.0.1/24'] }),
          anEnd('h', 'u1', { addresses: ['10.9.0.2/24'] }),
        ),
      ],
    });
    expect((await engine.apply(base)).ok).toBe(true);
    children.push(await holdUdpPort(4789, 'h1'));
    const withVxlan = {
      ...base,
      nodes: [...base.nodes, aVxlan('vx', 'vx0', 42, { namespace: 'h', remote: '10.9.0.1', underlay: 'u1' })],
    };
    expect(await refused(withVxlan, 'nodes[2].port')).toMatch(/UDP port 4789 in namespace "h1"/);
    expect(linkIn('h1', 'vx0')).toBeUndefined();
  });

  it('refuses a VXLAN MTU larger than a foreign underlay carries', async () => {
    ip('link', 'add', 'name', 'eth9', 'type', 'veth', 'peer', 'name', 'eth9p');
    expect(await refused(vxlan({ underlay: 'eth9', mtu: 9000 }), 'nodes[1].mtu')).toMatch(/set mtu to 1450 or less/);
    expect((await engine.apply(vxlan({ underlay: 'eth9', mtu: 1450 }))).ok).toBe(true);
  });
});
