/** The CLI's grammar: a command, its positional arguments and `--flag [value]` options. */
export type ParsedArgs = {
  readonly command: string | undefined;
  readonly positional: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
};

/** Flags that take a value; every other flag is a switch. */
const VALUED = new Set([
  'host',
  'port',
  'allow-origin',
  'format',
  'step',
  'web-root',
  'max-namespaces',
  'max-links',
  'max-objects',
  'max-ports-per-bridge',
]);

export function parseArgs(argv: readonly string[]): ParsedArgs | { readonly error: string } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split('=', 2);
    if (!VALUED.has(name)) {
      flags.set(name, true);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined) return { error: `--${name} needs a value` };
    if (inline === undefined) i += 1;
    flags.set(name, value);
  }
  const [command, ...rest] = positional;
  return { command, positional: rest, flags };
}
