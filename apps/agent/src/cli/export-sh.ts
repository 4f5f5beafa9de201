import { commandLine, deriveDesired, diffState, planChanges, type Document } from '@netloom/topology';

import { renderSteps } from '../engine/render';

/**
 * The document as a bash script that builds it from nothing with plain `ip` commands, one per
 * line, each under the sentence that explains it: for reading, teaching and running elsewhere.
 * Pure: it plans against an empty kernel, so it needs no root and reads nothing.
 */
export function exportShellScript(doc: Document): string {
  const build = renderSteps(planChanges(doc.name, diffState(deriveDesired(doc), new Map())));
  const teardown = renderSteps(planChanges(doc.name, diffState(new Map(), deriveDesired(doc))));
  const lines = [
    '#!/usr/bin/env bash',
    `# netloom topology "${doc.name}", exported as plain iproute2 commands. Run as root.`,
    "# Every interface gets an alias marking it as netloom's, so `netloom down` can remove it too.",
    'set -euo pipefail',
    '',
    ...build.flatMap((s) => [`# ${s.summary}`, commandLine(s.argv)]),
    '',
    '# To remove it all again:',
    ...teardown.map((s) => `#   ${commandLine(s.argv)}`),
    '',
  ];
  return lines.join('\n');
}
