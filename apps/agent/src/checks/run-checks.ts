import type { CheckResult } from '@netloom/protocol';
import {
  assertNever,
  assignMacs,
  formatMarker,
  ifacesOf,
  type Check,
  type Document,
  type FdbCheck,
  type Iface,
  type KernelState,
  type PingCheck,
  type RouteCheck,
} from '@netloom/topology';

import type { CommandRunner } from '../exec/runner';
import { liveKey } from '../observe/observe';
import type { LinkRecord } from '../observe/rtnetlink';
import { fdbArgv, parseFdb, parseRoutes, pingCheckArgv, pingOutcome, pingWaitSeconds, routeArgv } from './kernel-reads';

/** What checks read: the topology's objects as observed (by marker), and each interface's live record. */
export type CheckDeps = {
  readonly runner: CommandRunner;
  readonly observed: KernelState;
  readonly live: ReadonlyMap<string, LinkRecord>;
};

/** Steps whose checks run at once, at most: each check may be a ping that waits half a second. */
export const CHECK_CONCURRENCY = 8;
const COMMAND_TIMEOUT_MS = 5000;
/** The second echo's wait: past the kernel's 1 s neighbour retransmit (`retrans_time_ms`). */
const RETRY_WAIT_S = 2;

type Verdict = { readonly ok: boolean; readonly reason: string };

/**
 * Runs the checks of one step (`step`, an index), of some steps (indexes), or of every step,
 * against the kernel as it is.
 * A step's checks run in the order written, each after the one before (a ping first, then the
 * FDB check that needs its frames); steps run side by side, CHECK_CONCURRENCY at a time.
 * Nothing here changes the kernel: the commands are ping and reads of routes and the FDB, and
 * they run only inside namespaces this topology owns (or the root namespace, where the document
 * has a root node and the topology is in the kernel), so a document cannot steer them into
 * someone else's.
 */
export async function runChecks(
  doc: Document,
  step: number | readonly number[] | undefined,
  deps: CheckDeps,
): Promise<CheckResult[]> {
  const only = step === undefined ? null : new Set(typeof step === 'number' ? [step] : step);
  const steps = (doc.lesson?.steps ?? []).flatMap((s, si) =>
    only !== null && !only.has(si) ? [] : [(s.checks ?? []).map((check, index) => ({ step: si, index, check }))],
  );
  const ctx = new CheckContext(doc, deps);
  const results = steps.map((jobs) => new Array<CheckResult>(jobs.length));
  let next = 0;
  const worker = async () => {
    while (next < steps.length) {
      const at = next++;
      for (const [i, job] of (steps[at] ?? []).entries()) {
        const verdict = await ctx
          .evaluate(job.check)
          .catch((e: unknown): Verdict => ({ ok: false, reason: `the check could not run: ${oneLine(e)}` }));
        const out = results[at];
        if (out !== undefined) out[i] = { step: job.step, index: job.index, check: job.check.type, ...verdict };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, steps.length) }, worker));
  return results.flat();
}

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
const where = (netns: string | null): string => (netns === null ? 'the root namespace' : netns);

class CheckContext {
  private readonly doc: Document;
  private readonly deps: CheckDeps;

  constructor(doc: Document, deps: CheckDeps) {
    this.doc = doc;
    this.deps = deps;
  }

  evaluate(check: Check): Promise<Verdict> {
    switch (check.type) {
      case 'ping':
        return this.ping(check);
      case 'exists':
        return Promise.resolve(this.exists(check.object));
      case 'linkState':
        return Promise.resolve(this.linkState(check.object, check.state));
      case 'inNamespace':
        return Promise.resolve(this.inNamespace(check.object, check.namespace));
      case 'route':
        return this.route(check);
      case 'fdb':
        return this.fdb(check);
      default:
        return assertNever(check, 'check');
    }
  }

  /** A namespace or root node as the kernel has it: its name (null: root), or why it cannot be used. */
  private place(nodeId: string): { netns: string | null } | { missing: string } {
    const node = this.doc.nodes.find((n) => n.id === nodeId);
    // The root namespace is the topology's only while something of it is in the kernel.
    if (node?.type === 'root')
      return this.deps.observed.size > 0
        ? { netns: null }
        : { missing: `topology ${this.doc.name} is not in the kernel; apply it` };
    if (node?.type !== 'namespace') return { missing: `${nodeId} is not a namespace of the document` };
    const seen = this.deps.observed.get(nodeId);
    if (seen?.kind !== 'netns') return { missing: `namespace ${node.name} is not in the kernel; apply the topology` };
    return { netns: seen.name };
  }

  /** The observed interface of a device node or veth end. */
  private iface(ref: string): Iface | undefined {
    const [key = ref, end = null] = ref.split('/');
    const obj = this.deps.observed.get(key);
    return obj === undefined ? undefined : ifacesOf(obj).find((i) => i.end === end)?.iface;
  }

  /**
   * Where the interface carrying `ref`'s marker is, wherever that is: one moved into a namespace
   * the topology does not own is no part of the observed topology, but it is still somewhere.
   */
  private marked(ref: string): { netns: string | null; ifname: string } | undefined {
    const [key = ref, end] = ref.split('/');
    const marker = formatMarker(this.doc.name, key, end === 'a' || end === 'b' ? end : null);
    for (const [at, record] of this.deps.live)
      if (record.alias === marker) return { netns: at.slice(0, at.indexOf('/')) || null, ifname: record.ifname };
    return undefined;
  }

  private exists(ref: string): Verdict {
    const [key = ref] = ref.split('/');
    const node = this.doc.nodes.find((n) => n.id === key);
    if (node?.type === 'root') return { ok: true, reason: 'the root namespace always exists' };
    const obj = this.deps.observed.get(key);
    if (obj === undefined) return { ok: false, reason: `${ref} is not in the kernel` };
    const names =
      obj.kind === 'netns'
        ? `namespace ${obj.name}`
        : ifacesOf(obj)
            .map(({ iface }) => ifaceText(iface))
            .join(' ⇄ ');
    return { ok: true, reason: `${ref} is in the kernel: ${names}` };
  }

  private linkState(ref: string, wanted: 'up' | 'down'): Verdict {
    const iface = this.iface(ref);
    const record = iface === undefined ? undefined : this.deps.live.get(liveKey(iface.netns, iface.ifname));
    if (iface === undefined || record === undefined) return { ok: false, reason: `${ref} is not in the kernel` };
    // The carrier, not the operstate: the kernel updates operstate a moment later (linkwatch),
    // the carrier at once (a veth loses it when its peer is set down, a tap until a program opens it).
    const up = record.up && record.carrier;
    const state = !record.up ? 'down (set down)' : up ? 'up' : 'down (set up, but no carrier)';
    return { ok: up === (wanted === 'up'), reason: `${ifaceText(iface)} is ${state}` };
  }

  private inNamespace(ref: string, nodeId: string): Verdict {
    const iface = this.iface(ref) ?? this.marked(ref);
    if (iface === undefined) return { ok: false, reason: `${ref} is not in the kernel` };
    const node = this.doc.nodes.find((n) => n.id === nodeId);
    const wanted = node?.type === 'namespace' ? node.name : null;
    if (iface.netns === wanted) return { ok: true, reason: `${iface.ifname} is in ${where(wanted)}` };
    return { ok: false, reason: `${iface.ifname} is in ${where(iface.netns)}, not in ${where(wanted)}` };
  }

  private async ping(check: PingCheck): Promise<Verdict> {
    const from = this.place(check.from);
    if ('missing' in from) return { ok: false, reason: from.missing };
    const wait = pingWaitSeconds(this.doc);
    const once = async (waitS: number) => {
      const [file = 'ping', ...args] = pingCheckArgv(from.netns, check, waitS);
      const r = await this.deps.runner.run(file, args, { timeoutMs: COMMAND_TIMEOUT_MS });
      return pingOutcome(check.to, r.exitCode, r.stdout, r.stderr);
    };
    // One echo waits only `wait` so a failure is known fast, but the first echo across a path
    // just applied can go unanswered: a neighbour (the workload's, or the VXLAN underlay's) whose
    // first request was lost is asked again only after the kernel's 1 s retransmit time (lessons.int
    // saw a fresh 04-vxlan's first echo unanswered). So an unanswered echo is asked once more,
    // waiting past that retransmit. A link set down still fails at once ("Network is unreachable").
    let outcome = await once(wait);
    if (!outcome.replied) outcome = await once(Math.max(wait, RETRY_WAIT_S));
    const size = check.size === undefined ? '' : ` (${check.size} bytes${check.dontFragment === true ? ', DF' : ''})`;
    const expected = check.expect ?? 'succeeds';
    const ok = outcome.replied === (expected === 'succeeds');
    const reason = `${where(from.netns)} → ${check.to}${size}: ${outcome.reason}`;
    return { ok, reason: ok || expected === 'succeeds' ? reason : `${reason}, but it should fail` };
  }

  private async route(check: RouteCheck): Promise<Verdict> {
    const at = this.place(check.namespace);
    if ('missing' in at) return { ok: false, reason: at.missing };
    const [file = 'ip', ...args] = routeArgv(at.netns, check.to, check.via);
    const r = await this.deps.runner.run(file, args, { timeoutMs: COMMAND_TIMEOUT_MS });
    const wanted = `${check.to}${check.via === undefined ? '' : ` via ${check.via}`}${check.dev === undefined ? '' : ` dev ${check.dev}`}`;
    if (r.exitCode !== 0)
      return { ok: false, reason: `${where(at.netns)} has no route to ${check.to}: ${oneLine(r.stderr.trim())}` };
    const routes = parseRoutes(r.stdout);
    if (routes.length === 0) return { ok: false, reason: `${where(at.netns)} has no route to ${check.to}` };
    const match = routes.find(
      (e) => (check.via === undefined || e.gateway === check.via) && (check.dev === undefined || e.dev === check.dev),
    );
    if (match !== undefined) return { ok: true, reason: `${where(at.netns)}: ${routeText(check.to, match)}` };
    const seen = routes.map((e) => routeText(check.to, e)).join('; ');
    return { ok: false, reason: `${where(at.netns)} has ${seen}, not ${wanted}` };
  }

  private async fdb(check: FdbCheck): Promise<Verdict> {
    const bridge = this.iface(check.bridge);
    const port = this.iface(check.port);
    if (bridge === undefined) return { ok: false, reason: `bridge ${check.bridge} is not in the kernel` };
    if (port === undefined) return { ok: false, reason: `port ${check.port} is not in the kernel` };
    const mac = (check.mac ?? this.macOf(check.macOf ?? ''))?.toLowerCase();
    if (mac === undefined) return { ok: false, reason: `${check.macOf ?? ''} has no MAC in the kernel` };
    const [file = 'bridge', ...args] = fdbArgv(bridge.netns, bridge.ifname);
    const r = await this.deps.runner.run(file, args, { timeoutMs: COMMAND_TIMEOUT_MS });
    if (r.exitCode !== 0) return { ok: false, reason: `bridge fdb failed: ${oneLine(r.stderr.trim())}` };
    const entries = parseFdb(r.stdout).filter((e) => e.mac === mac && e.learned);
    const owner = check.macOf === undefined ? mac : `${mac} (${check.macOf})`;
    if (entries.some((e) => e.port === port.ifname))
      return { ok: true, reason: `${bridge.ifname} has learned ${owner} on ${port.ifname}` };
    const elsewhere = entries.map((e) => e.port ?? '?').join(', ');
    return {
      ok: false,
      reason: `${bridge.ifname} has not learned ${owner} on ${port.ifname}${elsewhere === '' ? '' : ` (it has on ${elsewhere})`}`,
    };
  }

  /** The MAC an interface has in the kernel, or else the one the document gives it. */
  private macOf(ref: string): string | undefined {
    const iface = this.iface(ref);
    const live = iface === undefined ? undefined : this.deps.live.get(liveKey(iface.netns, iface.ifname))?.mac;
    return live ?? iface?.mac ?? (iface === undefined ? undefined : assignMacs(this.doc).get(ref));
  }
}

const ifaceText = (iface: Iface): string => (iface.netns === null ? iface.ifname : `${iface.netns}/${iface.ifname}`);

const routeText = (to: string, e: { gateway?: string | undefined; dev?: string | undefined }): string =>
  `${to}${e.gateway === undefined ? '' : ` via ${e.gateway}`}${e.dev === undefined ? '' : ` dev ${e.dev}`}`;
