import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

import { run } from './proc.ts';

/** What `ip -json link/addr show` prints, as far as the benchmark reads it. */
type IpLink = {
  readonly ifname: string;
  readonly flags?: readonly string[];
  readonly operstate?: string;
  readonly master?: string;
  readonly addr_info?: readonly { readonly family: string; readonly local: string; readonly prefixlen: number }[];
};

const NETNS_DIR = '/run/netns';

export async function namespaces(): Promise<string[]> {
  return (await readdir(NETNS_DIR)).sort();
}

export async function rootLinks(): Promise<IpLink[]> {
  return JSON.parse(await run(['ip', '-json', 'addr', 'show'])) as IpLink[];
}

/** `ip -all netns exec ip -json addr show`: one fork per namespace, parsed back per namespace. */
export async function linksPerNamespace(): Promise<Map<string, IpLink[]>> {
  const out = await run(['ip', '-all', 'netns', 'exec', 'ip', '-json', 'addr', 'show'], { timeoutMs: 120_000 });
  const result = new Map<string, IpLink[]>();
  for (const chunk of out.split(/^netns: /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    result.set(chunk.slice(0, newline).trim(), JSON.parse(chunk.slice(newline + 1)) as IpLink[]);
  }
  return result;
}

const inet = (l: IpLink | undefined) =>
  (l?.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
const up = (l: IpLink | undefined) => l?.flags?.includes('UP') === true;

export type StarSpec = {
  readonly bridge: string;
  readonly bridgeAddress: string;
  readonly hosts: readonly {
    readonly netns: string;
    readonly port: string;
    readonly ifname: string;
    readonly address: string;
  }[];
};

/**
 * Checks that the kernel holds exactly the star, whoever built it: every namespace and nothing
 * else, every bridge port enslaved and with carrier (so its peer is up too), and inside every
 * namespace `lo` up and `eth0` up with exactly its address. Returns the problems, at most 10.
 */
export async function verifyStar(spec: StarSpec): Promise<string[]> {
  const problems: string[] = [];
  const names = await namespaces();
  const want = spec.hosts.map((h) => h.netns).sort();
  if (names.join(' ') !== want.join(' '))
    problems.push(`${names.length} namespaces in ${NETNS_DIR}, expected ${want.length}`);

  const root = new Map((await rootLinks()).map((l) => [l.ifname, l]));
  const br = root.get(spec.bridge);
  if (br === undefined) problems.push(`bridge ${spec.bridge} is missing`);
  else if (!up(br) || inet(br).join() !== spec.bridgeAddress)
    problems.push(`bridge ${spec.bridge}: up=${up(br)}, addresses ${inet(br).join(',')}`);
  const ports = [...root.values()].filter((l) => l.master === spec.bridge);
  if (ports.length !== spec.hosts.length) problems.push(`${ports.length} bridge ports, expected ${spec.hosts.length}`);
  if (root.size !== spec.hosts.length + 2)
    problems.push(`${root.size} links in the root namespace, expected ${spec.hosts.length + 2}`);
  for (const h of spec.hosts) {
    const port = root.get(h.port);
    if (port?.master !== spec.bridge || port.operstate !== 'UP')
      problems.push(`port ${h.port}: master ${port?.master}, operstate ${port?.operstate}`);
  }

  const inside = await linksPerNamespace();
  for (const h of spec.hosts) {
    const links = inside.get(h.netns);
    if (links === undefined) {
      problems.push(`namespace ${h.netns} not listed`);
      continue;
    }
    const lo = links.find((l) => l.ifname === 'lo');
    const eth = links.find((l) => l.ifname === h.ifname);
    if (links.length !== 2)
      problems.push(`${h.netns}: ${links.length} links (${links.map((l) => l.ifname).join(', ')})`);
    if (!up(lo)) problems.push(`${h.netns}: lo is down`);
    if (!up(eth) || eth?.operstate !== 'UP') problems.push(`${h.netns}: ${h.ifname} is not up`);
    if (inet(eth).join() !== h.address)
      problems.push(`${h.netns}: ${h.ifname} has [${inet(eth).join(', ')}], expected ${h.address}`);
  }
  return problems.slice(0, 10);
}

/**
 * Waits until nothing of a star is left: no namespace file, and the root namespace back to `lo`
 * alone. Namespace teardown finishes asynchronously in the kernel (the root-side veth ends vanish
 * a little after `ip netns del` returns), so this polls.
 */
export async function waitClean(timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ns = await namespaces();
    const links = (await rootLinks()).map((l) => l.ifname).filter((n) => n !== 'lo');
    if (ns.length === 0 && links.length === 0) return [];
    if (Date.now() > deadline)
      return [`left behind: ${ns.length} namespaces, ${links.length} root links (${links.slice(0, 5).join(', ')})`];
    await sleep(50);
  }
}

/**
 * Seconds from `startedAt` (a `performance.now()`) until the kernel has let go of everything:
 * no namespace left and no link in the root namespace but `lo`. `ip netns del` returns before
 * the kernel has dismantled the namespace's devices (its cleanup runs in a kernel thread), so a
 * teardown's process can end well before this. Polled with `ip -o link` every few ms; undefined
 * when not clean within `timeoutMs`.
 */
export async function settledSince(startedAt: number, timeoutMs = 30_000): Promise<number | undefined> {
  // A link dump the kernel interrupts (devices going while it is read) can list too few: clean
  // only when two reads in a row say so, timed at the first.
  let cleanAt: number | undefined;
  for (;;) {
    const now = performance.now();
    const links = (await run(['ip', '-o', 'link', 'show'])).split('\n').filter((l) => l.trim() !== '');
    const clean = links.length <= 1 && (await namespaces()).length === 0;
    if (clean && cleanAt !== undefined) return (cleanAt - startedAt) / 1000;
    cleanAt = clean ? now : undefined;
    if (now - startedAt > timeoutMs) return undefined;
    await sleep(5);
  }
}

/**
 * Waits (up to `capMs`) until no IPv6 address is tentative in the root namespace or in
 * `netns`: the kernel's duplicate address detection on each new interface (~1-2 s after a
 * bring-up, on timers, so hardly any CPU for `waitQuiet` to see). Until it is done the kernel
 * is still at work on the bring-up: `netloom apply` of a converged 500-namespace star took
 * 321-345 ms 0.3 s after the bring-up, 254-268 ms 4 s after (2026-12-06, by hand). Here the star
 * check after each bring-up (`verifyStar`, seconds at N=500) usually outlasts it; at small N it
 * does not. Returns the seconds waited.
 */
export async function waitAddressesSettled(netns: string | undefined, capMs = 5_000): Promise<number> {
  const start = Date.now();
  const tentative = async (prefix: readonly string[]) =>
    (await run([...prefix, 'ip', '-6', '-o', 'addr', 'show', 'tentative']).catch(() => '')).trim() !== '';
  for (;;) {
    const busy =
      (await tentative([])) ||
      (netns !== undefined && existsSync(`${NETNS_DIR}/${netns}`) && (await tentative(['ip', 'netns', 'exec', netns])));
    if (!busy || Date.now() - start > capMs) return (Date.now() - start) / 1000;
    await sleep(100);
  }
}

/** Removes whatever a failed run left behind, then waits for the kernel to finish. */
export async function forceClean(): Promise<string[]> {
  for (const ns of await namespaces()) await run(['ip', 'netns', 'del', ns]).catch(() => undefined);
  for (const l of await rootLinks())
    if (l.ifname !== 'lo') await run(['ip', 'link', 'del', 'dev', l.ifname]).catch(() => undefined);
  return waitClean();
}

/**
 * Lets the kernel's deferred work from the previous step settle (namespace cleanup, IPv6
 * autoconfiguration and its multicast on new bridge ports), so it is not billed to the next
 * timed step: returns once the machine's CPUs were less than `busy` used over a 250 ms window,
 * or after `capMs` (on a machine shared with other work it may never get that quiet).
 * Returns how long it waited, in seconds, and the last window's load (0..1 of all CPUs).
 */
export async function waitQuiet(busy = 0.25, capMs = 2_000): Promise<{ seconds: number; load: number }> {
  const start = Date.now();
  let before = await cpuTimes();
  for (;;) {
    await sleep(250);
    const now = await cpuTimes();
    const total = now.total - before.total;
    const load = total > 0 ? 1 - (now.idle - before.idle) / total : 0;
    before = now;
    if (load < busy || Date.now() - start >= capMs) return { seconds: (Date.now() - start) / 1000, load };
  }
}

async function cpuTimes(): Promise<{ total: number; idle: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { total, idle: (f[3] ?? 0) + (f[4] ?? 0) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
