import { renderCommand } from './commands';
import { deriveDesired } from './derive';
import { diffState } from './diff';
import type { Document } from './document';
import { explainStep } from './explain';
import { ifacesOf, type KernelState } from './kernel';
import { formatMarker } from './ownership';
import { planChanges } from './plan';
import { commandLine, shellQuote } from './shell';
import type { Step } from './step';

/** Comment lines are wrapped here, so the script reads in a terminal and beside the code. */
const WIDTH = 100;

/**
 * The document as a standalone bash script for teaching and for machines without netloom:
 * `bash lab.sh up` builds the topology from nothing with the plain commands the agent would run
 * (markers included, so netloom then owns what it made), `bash lab.sh down` removes it again.
 * Every command sits under the sentence the step-through and the plan panel show for it
 * (`explainStep`). `down` removes only what `up` made: each namespace only while its `lo`
 * carries this topology's marker, each root-namespace device only while it carries its own,
 * and someone else's object of the same name is left alone with a line saying so. Pure: it
 * plans against an empty kernel, reads nothing and needs no root; the CLI (`export --format
 * sh`) and the designer (Export > Shell script) both call it.
 */
export function exportShellScript(doc: Document): string {
  const desired = deriveDesired(doc);
  const build = planChanges(doc.name, diffState(desired, new Map()));
  const teardown = planChanges(doc.name, diffState(new Map(), desired));
  return [
    '#!/usr/bin/env bash',
    `# netloom topology ${JSON.stringify(doc.name)} as plain commands (iproute2${needsNft(build) ? ', nft' : ''}). Run as root:`,
    '#   bash lab.sh up     build it',
    '#   bash lab.sh down   remove what up made, and nothing else',
    "# Every device and namespace gets an alias marking it as netloom's, so `netloom status` and",
    '# `netloom down` take it as their own too.',
    ...(doc.description === undefined ? [] : ['#', ...comment(doc.description.trim(), '# ')]),
    'set -euo pipefail',
    '',
    "# Whether device $2 in namespace $1 (empty: the root namespace) carries netloom's marker $3.",
    'marked() {',
    '  local out',
    '  out=$(ip ${1:+-n "$1"} -o link show dev "$2" 2>/dev/null) || return 1',
    '  [[ $out == *"    alias $3" || $out == *"    alias $3"\\\\* ]]',
    '}',
    '',
    'up() {',
    ...block(build.map((s) => [explainStep(s), [commandLine(renderCommand(s))]])),
    '}',
    '',
    'down() {',
    ...block(teardown.map((s) => [explainStep(s), guarded(doc.name, s, desired)])),
    '}',
    '',
    'case "${1:-}" in',
    '  up) up ;;',
    '  down) down ;;',
    '  *)',
    '    echo "usage: bash $0 up|down" >&2',
    '    exit 2',
    '    ;;',
    'esac',
    '',
  ].join('\n');
}

const needsNft = (steps: readonly Step[]): boolean => steps.some((s) => s.op === 'nat.set');

/** Each step: its explanation as comments, then its lines, one blank line between steps. */
function block(steps: readonly (readonly [string, readonly string[]])[]): string[] {
  if (steps.length === 0) return ['  :'];
  return steps.flatMap(([why, lines], i) => [
    ...(i === 0 ? [] : ['']),
    ...comment(why, '  # '),
    ...lines.map((l) => `  ${l}`),
  ]);
}

/**
 * A teardown command behind the check that what it deletes is this topology's: a namespace by
 * its `lo` marker, a root-namespace device by its own. Deleting one that is gone already (the
 * root end of a veth whose namespace went first) is skipped without a word.
 */
function guarded(topology: string, step: Step, desired: KernelState): string[] {
  const command = commandLine(renderCommand(step));
  const test = (netns: string, ifname: string, marker: string, what: string) => [
    `if marked ${netns === '' ? "''" : shellQuote(netns)} ${ifname} ${shellQuote(marker)}; then`,
    `  ${command}`,
    `elif ip ${netns === '' ? '' : `-n ${shellQuote(netns)} `}link show dev ${ifname} >/dev/null 2>&1; then`,
    `  echo ${shellQuote(`${what} is not ${topology}'s (no netloom marker): left alone`)} >&2`,
    'fi',
  ];
  if (step.op === 'netns.del')
    return test(step.name, 'lo', formatMarker(topology, step.object), `namespace ${step.name}`);
  if (step.op === 'link.del' && step.netns === null) {
    const found = [...desired.values()]
      .flatMap((obj) => ifacesOf(obj).map((i) => ({ ...i, key: obj.key })))
      .find((i) => i.iface.netns === null && i.iface.ifname === step.ifname);
    if (found !== undefined)
      return test('', step.ifname, formatMarker(topology, found.key, found.end), `${step.ifname}`);
  }
  return [command];
}

/** Text as comment lines of at most WIDTH columns, blank lines kept. */
function comment(text: string, prefix: string): string[] {
  return text.split('\n').flatMap((paragraph) => {
    const words = paragraph
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (words.length === 0) return [prefix.trimEnd()];
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      if (line !== '' && prefix.length + line.length + 1 + word.length > WIDTH) {
        lines.push(prefix + line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(prefix + line);
    return lines;
  });
}
