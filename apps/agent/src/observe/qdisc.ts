import { impairSpec, type ImpairSpec, type Snapshot, type SnapshotLink } from '@netloom/topology';
import { z } from 'zod';

import { inNetns } from '../exec/netns';
import type { CommandRunner } from '../exec/runner';

/** The root qdisc kinds netloom puts on a veth end: only these are read in detail. */
const OURS: ReadonlySet<string> = new Set(['netem', 'tbf']);

/**
 * The root qdiscs of the marked interfaces whose kind (from the link dump, IFLA_QDISC) is one
 * netloom writes: one `tc -j qdisc show` inside each namespace that has one, none elsewhere. A
 * topology without impairments, whose interfaces keep the default qdisc, costs no process.
 */
export async function readQdiscs(
  runner: CommandRunner,
  snapshot: Snapshot,
  names: ReadonlySet<string> | 'all',
): Promise<Snapshot> {
  const namespaces = await Promise.all(
    snapshot.namespaces.map(async (ns) => {
      const links = ns.links;
      if (links === undefined || (names !== 'all' && !names.has(ns.name))) return ns;
      if (!links.some((l) => l.qdisc !== undefined && OURS.has(l.qdisc.kind))) return ns;
      const [file = 'nsenter', ...args] = inNetns(ns.name, ['tc', '-j', 'qdisc', 'show']);
      const r = await runner.run(file, args);
      if (r.exitCode !== 0) throw new Error(`reading the qdiscs of ${ns.name} failed: ${r.stderr.trim()}`);
      const roots = parseRootQdiscs(r.stdout);
      return { ...ns, links: links.map((l) => withQdisc(l, roots.get(l.ifname))) };
    }),
  );
  return { ...snapshot, namespaces };
}

function withQdisc(link: SnapshotLink, root: RootQdisc | undefined): SnapshotLink {
  if (link.qdisc === undefined || root === undefined) return link;
  return { ...link, qdisc: root };
}

type RootQdisc = { kind: string; handle: string; impair?: ImpairSpec };

const Qdisc = z.object({
  kind: z.string(),
  handle: z.string(),
  dev: z.string(),
  root: z.boolean().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

/** `tc -j qdisc show` → each device's root qdisc, with what it does when it is a netem or tbf. */
export function parseRootQdiscs(json: string): Map<string, RootQdisc> {
  const out = new Map<string, RootQdisc>();
  for (const item of z.array(z.unknown()).parse(JSON.parse(json))) {
    const q = Qdisc.safeParse(item);
    if (!q.success || q.data.root !== true) continue;
    const impair =
      q.data.kind === 'netem'
        ? netemImpair(q.data.options ?? {})
        : q.data.kind === 'tbf'
          ? tbfImpair(q.data.options ?? {})
          : undefined;
    out.set(q.data.dev, { kind: q.data.kind, handle: q.data.handle, ...(impair !== undefined && { impair }) });
  }
  return out;
}

const Fraction = z.number().min(0).max(1);
const Netem = z.object({
  limit: z.number().optional(),
  delay: z.object({ delay: z.number(), jitter: z.number(), correlation: z.number().optional() }).optional(),
  'loss-random': z.object({ loss: Fraction, correlation: z.number().optional() }).optional(),
  duplicate: z.object({ duplicate: Fraction, correlation: z.number().optional() }).optional(),
  reorder: z.object({ reorder: Fraction, correlation: z.number().optional() }).optional(),
  rate: z
    .object({
      rate: z.number(),
      packetoverhead: z.number().optional(),
      cellsize: z.number().optional(),
      celloverhead: z.number().optional(),
    })
    .optional(),
  ecn: z.boolean().optional(),
  gap: z.number().optional(),
});

/** Keys netloom's netem may have (iproute2 prints the others only when set). */
const NETEM_KEYS: ReadonlySet<string> = new Set([
  'limit',
  'delay',
  'loss-random',
  'duplicate',
  'reorder',
  'rate',
  'ecn',
  'gap',
]);

/**
 * A netem as iproute2 6.1 prints it in JSON: times in seconds, percentages as fractions, a rate
 * in bytes/s. A setting netloom does not write (a correlation, corruption, a loss model, a slot,
 * ECN, a gap other than reorder's 1, another limit than 1000) makes it not intact: drift.
 */
export function netemImpair(options: Readonly<Record<string, unknown>>): ImpairSpec {
  const o = Netem.safeParse(options);
  if (!o.success) return impairSpec({}, false);
  const n = o.data;
  const reorder = n.reorder?.reorder ?? 0;
  const intact =
    Object.keys(options).every((k) => NETEM_KEYS.has(k)) &&
    (n.limit ?? 1000) === 1000 &&
    (n.delay?.correlation ?? 0) === 0 &&
    (n['loss-random']?.correlation ?? 0) === 0 &&
    (n.duplicate?.correlation ?? 0) === 0 &&
    (n.reorder?.correlation ?? 0) === 0 &&
    (n.rate?.packetoverhead ?? 0) === 0 &&
    (n.rate?.cellsize ?? 0) === 0 &&
    (n.rate?.celloverhead ?? 0) === 0 &&
    n.ecn !== true &&
    (n.gap ?? 0) === (reorder > 0 ? 1 : 0);
  return impairSpec(
    {
      delayMs: (n.delay?.delay ?? 0) * 1000,
      jitterMs: (n.delay?.jitter ?? 0) * 1000,
      lossPercent: (n['loss-random']?.loss ?? 0) * 100,
      duplicatePercent: (n.duplicate?.duplicate ?? 0) * 100,
      reorderPercent: reorder * 100,
      rateKbit: (n.rate?.rate ?? 0) / 125,
    },
    intact,
  );
}

/** A tbf: its rate (bytes/s) is what netloom compares; its bucket is netloom's choice from the rate. */
export function tbfImpair(options: Readonly<Record<string, unknown>>): ImpairSpec {
  const rate = z.object({ rate: z.number() }).safeParse(options);
  return rate.success ? impairSpec({ rateKbit: rate.data.rate / 125 }) : impairSpec({}, false);
}
