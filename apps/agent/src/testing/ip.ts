import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readDocument, type Document } from '@netloom/topology';

/** Test helpers that look at the kernel directly with `ip -json`, the reference the engine must agree with. */

export type IpLink = {
  ifname: string;
  flags: string[];
  mtu: number;
  /** The MAC (absent on a tun). */
  address?: string;
  master?: string;
  ifalias?: string;
  operstate?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
  addr_info?: { local: string; prefixlen: number; scope?: string }[];
};

export function ipJson<T>(args: readonly string[]): T {
  const out = execFileSync('ip', ['-j', ...args], {
    encoding: 'utf8',
    env: { LC_ALL: 'C', PATH: process.env['PATH'] },
  });
  return (out.trim() === '' ? [] : JSON.parse(out)) as T;
}

export const linksIn = (netns: string | null): IpLink[] =>
  ipJson<IpLink[]>([...(netns === null ? [] : ['-n', netns]), '-d', 'addr', 'show']);

export function linkIn(netns: string | null, ifname: string): IpLink | undefined {
  return linksIn(netns).find((l) => l.ifname === ifname);
}

export const namespaces = (): string[] => ipJson<{ name: string }[]>(['netns', 'list']).map((n) => n.name);

export const addressesOf = (link: IpLink | undefined): string[] =>
  (link?.addr_info ?? [])
    .filter((a) => a.scope !== 'link' && a.scope !== 'host')
    .map((a) => `${a.local}/${a.prefixlen}`)
    .sort();

/** Runs `ip ...` (a hand-made change behind netloom's back); throws with stderr on failure. */
export function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** One ping from inside `netns`; true when a reply came back. */
export function pings(netns: string, address: string, timeoutSeconds = 2): boolean {
  const r = spawnSync('ip', ['netns', 'exec', netns, 'ping', '-n', '-c', '1', '-W', String(timeoutSeconds), address], {
    stdio: 'ignore',
  });
  return r.status === 0;
}

/** Every name this document would put in the kernel: what must be gone after `down`. */
export function kernelNames(doc: Document): { netns: string[]; rootIfnames: string[] } {
  const netns = doc.nodes.flatMap((n) => (n.type === 'namespace' ? [n.name] : []));
  const rootIds = new Set(doc.nodes.flatMap((n) => (n.type === 'root' ? [n.id] : [])));
  const rootDevices = doc.nodes.flatMap((n) =>
    (n.type === 'bridge' || n.type === 'tap' || n.type === 'tun' || n.type === 'vxlan') &&
    (n.namespace === undefined || rootIds.has(n.namespace))
      ? [n]
      : [],
  );
  const rootBridgeIds = new Set(rootDevices.filter((d) => d.type === 'bridge').map((d) => d.id));
  const rootEnds = doc.links.flatMap((l) =>
    [l.a, l.b].filter((e) => rootIds.has(e.node) || rootBridgeIds.has(e.node)).map((e) => e.name),
  );
  return { netns, rootIfnames: [...rootDevices.map((d) => d.name), ...rootEnds] };
}

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'examples');

export function example(file: string): Document {
  const r = readDocument(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!r.ok) throw new Error(`example ${file} is invalid: ${JSON.stringify(r.error)}`);
  return r.value;
}

export function exampleText(file: string): string {
  return readFileSync(join(EXAMPLES, file), 'utf8');
}

/** Deletes everything in the sandbox that a test may have left: every namespace and non-loopback root device. */
export function wipeSandbox(): void {
  for (const ns of namespaces()) spawnSync('ip', ['netns', 'del', ns]);
  for (const l of linksIn(null)) if (l.ifname !== 'lo') spawnSync('ip', ['link', 'del', 'dev', l.ifname]);
}

export const IS_ROOT = process.getuid?.() === 0;

/** Refuses to run outside the sandbox of scripts/netns-sandbox.sh: these tests delete every namespace they see. */
export function assertSandboxed(): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  if (!/ \/run\/netns .* - tmpfs netns-sandbox /.test(mounts)) {
    throw new Error('integration tests must run inside scripts/netns-sandbox.sh (pnpm test:int)');
  }
}
