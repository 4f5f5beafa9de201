import type { ParsedArgs } from './args';

/** `netloom serve`: wired to the agent server. */
export async function serveCommand(_args: ParsedArgs): Promise<number> {
  process.stderr.write('netloom serve: the agent server is not part of this build yet\n');
  return 1;
}
