import { lstatSync, mkdirSync } from 'node:fs';

/**
 * The state directory (`/run/netloom`: token, apply lock, journal, applied documents) decides
 * what root deletes and where root writes its token, so nobody else may write to it: it must
 * be a real directory (not a symlink), owned by the user netloom runs as (root), mode 0700.
 * Created so when missing; anything else is refused, with the commands that fix it.
 */
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
  const problems = [
    ...(info.uid !== uid ? [`owned by uid ${info.uid}, not ${owner}`] : []),
    ...((info.mode & 0o7777) !== 0o700 ? [`mode ${(info.mode & 0o7777).toString(8).padStart(4, '0')}, not 0700`] : []),
  ];
  if (problems.length > 0)
    throw new RunDirError(
      `the state directory ${dir} is ${problems.join(' and ')}: anyone who can write there could make netloom delete what it does not own or read its token; ${fix}`,
    );
}
