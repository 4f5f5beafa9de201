import { readFile, realpath } from 'node:fs/promises';

import {
  checkDocument,
  isWarning,
  err,
  exportShellScript,
  ok,
  locateIssues,
  objectIdsOf,
  parseText,
  topologyNameOf,
  type Document,
  type DocumentLimits,
  type Issue,
  type Result,
} from '@netloom/topology';

import { confirmationMessage } from '../engine/confirm';
import { createDefaultEngine, RUN_DIR } from '../engine/default-engine';
import type { Engine } from '../engine/engine';
import { checkedTextDigest, checkedValueDigest, type AppliedRecord, type CheckedText } from '../engine/applied';
import type { ApplyOutcome } from '../engine/types';
import { nativeBinary } from '../exec/native';
import { NlRelay } from '../exec/nl-relay';
import { processScope } from '../exec/process-scope';
import { parseArgs, type ParsedArgs } from './args';
import { checkCommand } from './check';
import { takeEarly } from './early';
import { exitWhenFlushed, ignoreClosedReader } from './exit';
import { printApply, printPlan, printStatus } from './human';
import { limitFlags } from './limits';
import { issueLines, palette } from './print';
import { serveCommand } from './serve';
import { tunEchoCommand } from './tun-echo';

const USAGE = `usage: netloom <command> [options]

  serve  [--host 127.0.0.1 [--allow-remote]] [--port 7878] [--allow-origin URL] [--rotate-token]
                                the agent and the web app
  plan   FILE [--json]          what apply would change, as a list of commands
  apply  FILE [--json] [--force] [--no-rollback]
                                converge the kernel to FILE (--force: even if that deletes every
                                object of the running topology, or replaces one applied from
                                another document; --no-rollback: if a command fails, keep what
                                was done instead of returning to the state before)
  status FILE [--json]          per object: present/missing/drifted, link state, counters
  down   FILE [--json]          remove everything FILE's topology owns
  export FILE --format sh       a standalone bash script with the same effect
  check  FILE [--step N] [--json]
                                run the lesson's checks (of step N, from 1) against the kernel,
                                one ✓/✗ line each; exit 1 if one fails
  tun-echo [NAMESPACE] DEVICE   hold netloom's tun or tap DEVICE (in NAMESPACE, or the root
                                namespace): print each packet the kernel hands it and answer
                                pings (and ARP on a tap), until Ctrl-C

FILE is a netloom document (JSON or YAML). Exit codes: 0 done, 1 failed or invalid, 2 usage.
Warnings (accepted, but probably a mistake) go to stderr as "warning: path: message".
Size limits (plan, apply, status, check, export, serve): --max-namespaces N (4096), --max-links N (8192),
--max-objects N (16384, nodes and links), --max-ports-per-bridge N (1023, the kernel's maximum).
`;

/** Exit codes: 0 done, 1 failed or invalid (problems on stderr), 2 usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) return usage(args.error);
  if (args.command === undefined || args.flags.has('help'))
    return usage(args.command === undefined ? 'no command given' : undefined);
  if (args.command === 'serve') return serveCommand(args);
  if (args.command === 'tun-echo') {
    const engine = cliEngine();
    try {
      return await tunEchoCommand(engine, args.positional);
    } finally {
      await processScope.close();
    }
  }
  if (!['plan', 'apply', 'status', 'down', 'export', 'check'].includes(args.command))
    return usage(`unknown command "${args.command}"`);
  const [file, ...extra] = args.positional;
  if (file === undefined || extra.length > 0) return usage(`${args.command} takes exactly one FILE`);
  if (args.command === 'export' && args.flags.get('format') !== 'sh') return usage('export needs --format sh');
  const limits = limitFlags(args);
  if ('error' in limits) return usage(limits.error);

  if (args.command === 'down') return downCommand(args, file);
  if (args.command === 'export') {
    // Exporting needs no kernel and no state directory: any user can, and every text is checked.
    const loaded = await loadDocument(undefined, file, limits);
    if (!loaded.ok) return invalid(loaded.issues);
    if (loaded.warnings.length > 0) process.stderr.write(issueLines(loaded.warnings));
    process.stdout.write(exportShellScript(loaded.doc));
    return 0;
  }
  const engine = cliEngine();
  try {
    const loaded = await loadDocument(engine, file, limits);
    if (!loaded.ok) return invalid(loaded.issues);
    if (loaded.warnings.length > 0) process.stderr.write(issueLines(loaded.warnings));
    return await run(engine, args, loaded, file);
  } finally {
    await processScope.close();
  }
}

async function run(
  engine: Engine,
  args: ParsedArgs,
  { doc, checked }: Loaded & { ok: true },
  file: string,
): Promise<number> {
  const json = args.flags.has('json');
  const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const colors = palette(process.stdout, process.env);
  switch (args.command) {
    case 'plan': {
      const plan = await engine.plan(doc);
      if (!plan.ok) return invalid(locateIssues(plan.issues, doc));
      if (json)
        out({ planHash: plan.planHash, changes: plan.changes, steps: plan.steps.map(({ step: _, ...s }) => s) });
      else printPlan(plan, colors);
      return 0;
    }
    case 'apply': {
      const progress = progressPrinter(json);
      const outcome = await engine.apply(doc, {
        onProgress: progress,
        force: args.flags.has('force'),
        ...(args.flags.has('no-rollback') && { noRollback: true }),
        lineage: { kind: 'file', path: await realpath(file) },
        ...(checked !== undefined && { checked }),
      });
      progress.done();
      return reportOutcome(outcome, json, doc);
    }
    case 'check':
      return checkCommand(engine, doc, { step: args.flags.get('step'), json }, colors);
    case 'status': {
      const report = await engine.status(doc);
      if (json) out(report);
      else printStatus(report, colors);
      return report.converged ? 0 : 1;
    }
    default:
      return usage(`unknown command "${args.command ?? ''}"`);
  }
}

/** Prints what an apply or down did (JSON on stdout, or for people on stderr); the exit code. */
function reportOutcome(outcome: ApplyOutcome, json: boolean, doc: Parameters<typeof locateIssues>[1] | null): number {
  const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  if (!outcome.ok && 'reason' in outcome && outcome.reason === 'INVALID')
    return invalid(doc === null ? outcome.issues : locateIssues(outcome.issues, doc));
  if (!outcome.ok && 'reason' in outcome && outcome.reason === 'CONFIRM_REQUIRED') {
    const { topology, reasons, deletes } = outcome.confirmation;
    const message = confirmationMessage(outcome.confirmation, 'nothing was run; pass --force to apply it anyway');
    if (json) out({ ok: false, reason: outcome.reason, topology, reasons, deletes, message });
    process.stderr.write(`netloom: ${message}\n`);
    return 1;
  }
  if (json) out('steps' in outcome ? { ...outcome, steps: outcome.steps.length } : outcome);
  else printApply(outcome, palette(process.stdout, process.env), process.stderr);
  return outcome.ok ? 0 : 1;
}

type Loaded =
  | {
      readonly ok: true;
      readonly doc: Document;
      readonly warnings: readonly Issue[];
      readonly checked?: CheckedText;
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * The document of FILE, or every problem; warnings come with it. A document applied before from
 * this build under these limits (the applied record says so, `CheckedText`) is not checked again:
 * the record holds the document that check gave, and its warnings. The same text is not even
 * parsed (a 1000-line YAML file is most of a converged re-apply's work); another text of the same
 * value (the JSON of a YAML file, say) is parsed, not checked. `checked` names both for the record
 * an apply writes.
 */
async function loadDocument(
  engine: Engine | undefined,
  file: string,
  limits: Partial<DocumentLimits>,
): Promise<Loaded> {
  const read = await readText(file);
  if (!read.ok) return { ok: false, issues: read.error };
  const text = read.value;
  const build = netloomBuild();
  const { textDigest, known } = engine === undefined ? {} : await recordOfText(engine, text, limits);
  if (known?.checked !== undefined)
    return { ok: true, doc: known.document, warnings: known.checked.warnings, checked: known.checked };
  const parsed = parseFile(file, text);
  if (!parsed.ok) return { ok: false, issues: parsed.error };
  const value = parsed.value;
  const digest = build === undefined || engine === undefined ? undefined : checkedValueDigest(build, limits, value);
  const topology = digest === undefined ? undefined : topologyNameOf(value);
  const record = topology?.ok === true ? await engine?.recorded(topology.value) : undefined;
  const named = (warnings: readonly Issue[]) =>
    digest === undefined
      ? {}
      : { checked: { digest, ...(textDigest !== undefined && { text: textDigest }), warnings } };
  if (digest !== undefined && record?.checked?.digest === digest)
    return { ok: true, doc: record.document, warnings: record.checked.warnings, ...named(record.checked.warnings) };
  const checked = checkDocument(value, { limits });
  if (checked.document === null) return { ok: false, issues: checked.issues };
  const warnings = checked.issues.filter(isWarning);
  return { ok: true, doc: checked.document, warnings, ...named(warnings) };
}

/** The build the launcher loaded (dist/netloom.mjs); none when run from source, which then checks every time. */
const netloomBuild = (): string | undefined => (globalThis as { netloomBuild?: string }).netloomBuild;

/**
 * The digest naming `text` as checked by this build under `limits`, and the applied record whose
 * document was checked from exactly that text (`AppliedStore.findByText`); neither when run from source.
 */
async function recordOfText(
  engine: Engine,
  text: string,
  limits: Partial<DocumentLimits>,
): Promise<{ textDigest?: string; known?: AppliedRecord }> {
  const build = netloomBuild();
  if (build === undefined) return {};
  const textDigest = checkedTextDigest(build, limits, text);
  const known = await engine.recordedText(text, textDigest);
  return known === undefined ? { textDigest } : { textDigest, known };
}

/** FILE's text. */
async function readText(file: string): Promise<Result<string, Issue[]>> {
  try {
    return ok(await readFile(file, 'utf8'));
  } catch (e: unknown) {
    return err([
      { path: [], code: 'NOT_A_DOCUMENT', message: `cannot read ${JSON.stringify(file)}: ${(e as Error).message}` },
    ]);
  }
}

/** FILE's text parsed as JSON or YAML (by the file's extension, else by its content), not yet checked. */
function parseFile(file: string, text: string): Result<unknown, Issue[]> {
  const format = /\.json$/i.test(file) ? 'json' : /\.ya?ml$/i.test(file) ? 'yaml' : 'auto';
  return parseText(text, format);
}

/**
 * `down` reads only the topology's name from FILE: whatever else the file now says (grown past
 * the size limits, edited into something invalid), the topology that is up can be taken down.
 */
async function downCommand(args: ParsedArgs, file: string): Promise<number> {
  const engine = cliEngine();
  try {
    const named = await nameInFile(engine, file);
    if (!named.ok) return invalid(named.error);
    const json = args.flags.has('json');
    const progress = progressPrinter(json);
    const outcome = await engine.down(named.value.topology, { onProgress: progress });
    progress.done();
    return reportOutcome(outcome, json, objectIdsOf(named.value.value));
  } finally {
    await processScope.close();
  }
}

/**
 * The topology FILE names, and the value it holds. A text applied before under the default
 * limits is not parsed: its record names the topology (`AppliedStore.findByText`).
 */
async function nameInFile(
  engine: Engine,
  file: string,
): Promise<Result<{ topology: string; value: unknown }, Issue[]>> {
  const read = await readText(file);
  if (!read.ok) return read;
  const { known } = await recordOfText(engine, read.value, {});
  if (known !== undefined) return ok({ topology: known.document.name, value: known.document });
  const parsed = parseFile(file, read.value);
  if (!parsed.ok) return parsed;
  const topology = topologyNameOf(parsed.value);
  return topology.ok ? ok({ topology: topology.value, value: parsed.value }) : topology;
}

/** The engine, going on with the kernel read and apply lock the launcher started with (cli/early.ts), if any. */
function cliEngine(): Engine {
  const early = takeEarly();
  const relay = early.read === undefined ? undefined : new NlRelay(processScope, nativeBinary('nl-relay'), early.read);
  return createDefaultEngine(RUN_DIR, relay, { lockClaimed: early.lockClaimed });
}

function invalid(issues: readonly Issue[]): number {
  process.stderr.write(issueLines(issues));
  return 1;
}

function usage(problem: string | undefined): number {
  if (problem !== undefined) process.stderr.write(`netloom: ${problem}\n\n`);
  process.stderr.write(USAGE);
  return problem === undefined ? 0 : 2;
}

/** A one-line progress meter on a terminal, for applies long enough to wonder about. */
function progressPrinter(json: boolean) {
  const tty = !json && process.stderr.isTTY === true;
  let shown = false;
  const print = (e: { done: number; total: number; stage: string }) => {
    if (!tty || e.total < 20) return;
    shown = true;
    process.stderr.write(`\r  ${e.stage.padEnd(12)} ${e.done}/${e.total} steps`);
  };
  return Object.assign(print, { done: () => shown && process.stderr.write('\r\x1b[K') });
}

ignoreClosedReader(process.stdout);
main(process.argv.slice(2)).then(exitWhenFlushed, (e: unknown) => {
  process.stderr.write(`netloom: ${e instanceof Error ? e.message : String(e)}\n`);
  exitWhenFlushed(1);
});
