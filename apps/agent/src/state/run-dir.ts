import { chmodSync, lstatSync, mkdirSync } from 'node:fs';

/**
 * The state directory (`/run/netloom`: token, apply lock, journal, applied documents) decides
 * what root deletes and where root writes its token, so nobody else may write to it: it must
 * be a real directory (not a symlink), owned by the user netloom runs as (root), mode 0700.
 * Created so when missing; one of ours that nobody else can write (0755) is tightened to 0700;
 * anything else (another owner, group- or world-writable, a symlink) is refused, with the commands that fix it.
 */
/** Where the agent keeps its token, lock and journal: tmpfs, gone at reboot like the namespaces. */
export const RUN_DIR = '/run/netloom';

export class RunDirError extends Error {}

export function prepareRunDir(dir: string): void {
  const uid = process.geteuid?.() ?? 0;
  const owner = uid === 0 ? 'root' : `uid ${uid}`;
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e: unknown) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') throw new RunDirError(`cannot create the state directory ${dir}: ${(e as Error).message}`);
  }
  const info = lstatSync(dir);
  const fix = `remove it (rm -rf ${dir}) and netloom makes it again, or fix it: chown ${uid === 0 ? 'root:root' : uid} ${dir} && chmod 0700 ${dir}`;
  if (info.isSymbolicLink())
    throw new RunDirError(`the state directory ${dir} is a symlink; netloom needs a real directory: ${fix}`);
  if (!info.isDirectory()) throw new RunDirError(`the state directory ${dir} is not a directory: ${fix}`);
  const mode = info.mode & 0o7777;
  // Ours and writable by nobody else (0755, as an older netloom or sandbox left it): nothing in it
  // can have been planted, so tightening it is safe and a restart should not need a human.
  if (info.uid === uid && (mode & 0o022) === 0 && (mode & 0o7000) === 0 && mode !== 0o700) {
    chmodSync(dir, 0o700);
    return;
  }
  const problems = [
    ...(info.uid !== uid ? [`owned by uid ${info.uid}, not ${owner}`] : []),
    ...(mode !== 0o700 ? [`mode ${mode.toString(8).padStart(4, '0')}, not 0700`] : []),
  ];
  if (problems.length > 0)
    throw new RunDirError(
      `the state directory ${dir} is ${problems.join(' and ')}: anyone who can write there could make netloom delete what it does not own or read its token; ${fix}`,
    );
}
