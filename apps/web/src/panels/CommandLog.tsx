import { commandLine } from '@netloom/topology';

import { useLive } from '../agent/useLive';

/** Every command the agent ran, as it reported it; copyable as a script. */
export function CommandLog() {
  const commands = useLive((s) => s.commands);
  const script = () =>
    ['#!/bin/sh', 'set -e', ...commands.filter((c) => c.exitCode === 0).map((c) => commandLine(c.argv))].join('\n') +
    '\n';
  return (
    <section role="region" aria-label="Command log" className="dock__panel">
      <div className="dock__actions">
        <button
          type="button"
          disabled={commands.length === 0}
          onClick={() => void navigator.clipboard.writeText(script())}
        >
          Copy as script
        </button>
      </div>
      {commands.length === 0 && <p className="hint">No commands yet: the agent reports each one it runs.</p>}
      <table className="commands">
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col">Command</th>
            <th scope="col">Exit</th>
            <th scope="col">ms</th>
            <th scope="col">stderr</th>
          </tr>
        </thead>
        <tbody>
          {commands.map((c, i) => (
            <tr key={i} data-failed={c.exitCode !== 0}>
              <td>{c.namespace ?? '(root)'}</td>
              <td>
                <code>{commandLine(c.argv)}</code>
              </td>
              <td>{c.exitCode}</td>
              <td>{c.durationMs.toFixed(1)}</td>
              <td className="commands__stderr">{c.stderr}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
