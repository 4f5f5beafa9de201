import { describe, expect, it } from 'vitest';

import { renderCommand } from './commands';
import { deriveDesired } from './derive';
import { diffState } from './diff';
import { explainStep } from './explain';
import { exportShellScript } from './export-sh';
import { planChanges } from './plan';
import { commandLine } from './shell';
import { aBridge, anEnd, aNamespace, aRoot, aVeth, valid } from './testing';

/** A namespace on a root bridge, with a description: every part of the script's shape. */
const doc = valid({
  version: 1,
  name: 'shape',
  description: 'A namespace on a bridge.\n\nSecond paragraph.',
  nodes: [aRoot(), aBridge('br', 'br-x', { addresses: ['10.9.0.1/24'] }), aNamespace('ns', 'red')],
  links: [aVeth('l', anEnd('ns', 'eth0', { addresses: ['10.9.0.2/24'] }), ['br', 'veth-red'])],
});
const script = exportShellScript(doc);
const lines = script.split('\n');

/** The lines of shell function `name`, its body only. */
function body(name: string): string[] {
  const start = lines.indexOf(`${name}() {`);
  return lines.slice(start + 1, lines.indexOf('}', start));
}

/** A block's commands with the comment lines above each, joined back into sentences. */
function blocks(fn: readonly string[]): { why: string; code: string[] }[] {
  const out: { why: string; code: string[] }[] = [];
  let why: string[] = [];
  for (const line of fn) {
    if (line === '') continue;
    if (line.startsWith('  # ')) {
      why.push(line.slice(4));
      continue;
    }
    if (why.length > 0) {
      out.push({ why: why.join(' '), code: [] });
      why = [];
    }
    out.at(-1)?.code.push(line);
  }
  return out;
}

describe('exportShellScript', () => {
  it('is a bash script with up and down commands and a usage line for anything else', () => {
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    expect(lines).toContain('set -euo pipefail');
    expect(script).toMatch(/\ncase "\$\{1:-\}" in\n {2}up\) up ;;\n {2}down\) down ;;\n/);
    expect(script).toContain('echo "usage: bash $0 up|down" >&2');
    expect(script.endsWith('esac\n')).toBe(true);
  });

  it('carries the description as comments at the top, paragraphs kept', () => {
    expect(lines.slice(0, lines.indexOf('set -euo pipefail'))).toEqual(
      expect.arrayContaining(['# A namespace on a bridge.', '#', '# Second paragraph.']),
    );
  });

  it('up runs every step of the plan from nothing, in order, each under the sentence the step-through shows', () => {
    const steps = planChanges(doc.name, diffState(deriveDesired(doc), new Map()));
    const up = blocks(body('up'));
    expect(up.map((b) => b.code)).toEqual(steps.map((s) => [`  ${commandLine(renderCommand(s))}`]));
    expect(up.map((b) => b.why)).toEqual(steps.map(explainStep));
    expect(up.map((b) => b.code[0])).toContain('  ip netns add red');
  });

  it('down deletes each namespace and root device only while it carries its netloom marker', () => {
    const down = body('down').join('\n');
    expect(down).toContain(
      [
        '  if marked red lo netloom:shape/ns; then',
        '    ip netns del red',
        '  elif ip -n red link show dev lo >/dev/null 2>&1; then',
        "    echo 'namespace red is not shape'\\''s (no netloom marker): left alone' >&2",
        '  fi',
      ].join('\n'),
    );
    expect(down).toContain("  if marked '' br-x netloom:shape/br; then\n    ip link del dev br-x\n");
    // Nothing in down runs unguarded: every command is inside an if on its marker.
    const unguarded = body('down').filter((l) => /^ {2}ip /.test(l));
    expect(unguarded).toEqual([]);
  });

  it('keeps comment lines within 100 columns', () => {
    expect(lines.filter((l) => l.trimStart().startsWith('#') && l.length > 100)).toEqual([]);
  });
});
