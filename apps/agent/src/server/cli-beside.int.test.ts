import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { RUN_DIR } from '../engine/default-engine';
import { startTestAgent, TestClient } from './test-agent';
import { pairDocument, removeTestObjects } from './test-topology';

const isRoot = process.getuid?.() === 0;
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'netloom.mjs');

/** The agent and the CLI on one host: what the CLI does is what the agent shows. */
describe.runIf(isRoot)('the CLI beside a running agent', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let client: TestClient;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('run `pnpm build` first: the CLI bundle is missing');
    // The CLI's state directory: the sandbox's private /run/netloom.
    agent = await startTestAgent({}, 250, undefined, RUN_DIR);
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(async () => {
    client.close();
    await removeTestObjects();
  });

  it('after netloom down from the CLI, the agent offers the topology as applied nowhere: not in This host, not to open, not as drift', async () => {
    client = await TestClient.connect(agent);
    await client.request({ type: 'subscribe', id: 's', streams: ['drift'] });
    const document = pairDocument('nlt-cli-down', '10.83.0');
    const plan = await client.request({ type: 'plan', id: 'p', document });
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    const done = await client.request({ type: 'apply', id: 'a', document, planHash: plan.planHash, basedOn: null });
    expect(done).toMatchObject({ type: 'applyResult', ok: true });

    const file = join(mkdtempSync(join(tmpdir(), 'netloom-beside-')), 'doc.json');
    writeFileSync(file, JSON.stringify(document));
    const down = spawnSync('node', [CLI, 'down', file], { encoding: 'utf8' });
    expect(down.status, down.stderr).toBe(0);
    await agent.services.live.settle();

    const listed = await client.request({ type: 'hostTopologies', id: 'h' });
    expect(listed.type === 'hostTopologiesResult' && listed.topologies.map((t) => t.name)).toEqual([]);
    expect(await client.request({ type: 'openApplied', id: 'o', name: document.name })).toMatchObject({
      type: 'error',
      code: 'NOT_FOUND',
    });
    // Drift is judged against the document applied: a topology taken down has none.
    await agent.services.drift.check();
    expect(agent.services.drift.current().map((m) => m.topology)).toEqual([]);
    expect(
      client.of('drift').filter((m) => m.topology === document.name && m.changes.length > 0),
      'drift reported for a topology taken down',
    ).toEqual([]);
    // And the page that applied it is told, so it stops offering Tear down and link actions.
    expect(client.of('topologyRemoved').map((m) => m.topology)).toEqual([document.name]);
  });
});
