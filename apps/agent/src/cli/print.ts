import { formatIssue, type Issue } from '@netloom/topology';

/** Colors only for a person at a terminal (and never with NO_COLOR). */
export function palette(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv) {
  const on = stream.isTTY === true && env['NO_COLOR'] === undefined;
  const wrap = (code: number) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), cyan: wrap(36), dim: wrap(2), bold: wrap(1) };
}
export type Palette = ReturnType<typeof palette>;

/** One problem per line, path first: what scripts and editors can parse. */
export const issueLines = (issues: readonly Issue[]): string => `${issues.map(formatIssue).join('\n')}\n`;
