import { createInterface } from 'node:readline';

import type { ProcessScope } from '../exec/process-scope';

export type AgentProcess = {
  port: number;
  token: string;
  pid: number;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
};

/** `netloom serve` in a process of its own, on a free port (as lifecycle.int.test.ts does). */
export async function spawnAgent(scope: ProcessScope, runDir: string): Promise<AgentProcess> {
  const entry = new URL('../server/serve.ts', import.meta.url).pathname;
  const script = `const m = await import(${JSON.stringify(entry)}); m.runServe({ port: 0, runDir: ${JSON.stringify(runDir)} }).then((c) => process.exit(c), (e) => { console.error(e.message); process.exit(1); });`;
  const child = scope.spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /open (http:\S+)/.exec(line);
      if (m?.[1] !== undefined) resolve(new URL(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`agent exited ${code} before printing its URL`)));
  });
  return {
    port: Number(url.port),
    token: url.hash.replace('#token=', ''),
    pid: child.pid ?? -1,
    exited,
    kill: (s) => child.kill(s),
  };
}
