/**
 * POSIX shell quoting, for showing commands (CLI, designer) and for `export --format sh`; an
 * argument is left bare when nothing in it needs quoting. Never used to run anything: commands
 * run from argument arrays.
 */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_.:/=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export const commandLine = (argv: readonly string[]): string => argv.map(shellQuote).join(' ');
