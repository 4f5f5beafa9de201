import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startTestAgent, TestClient } from './test-agent';
import { pairDocument, removeTestObjects } from './test-topology';

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('This host over the socket', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let client: TestClient;

  beforeAll(async () => {
    agent = await startTestAgent();
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(async () => {
    client.close();
    await removeTestObjects();
  });

  async function apply(document: ReturnType<typeof pairDocument>): Promise<string | undefined> {
    // basedOn null: a drawing that never applied it, as the designer says.
    const done = await client.planAndApply(document, { id: `a-${document.name}`, basedOn: null });
    return done.revision;
  }

  it('lists every topology with what it holds, opens the applied document, and forgets one torn down', async () => {
    client = await TestClient.connect(agent);
    const before = Date.now();
    const one = pairDocument('nlt-host-one', '10.81.0');
    const revision = await apply(one);
    await apply(pairDocument('nlt-host-two', '10.82.0'));

    const listed = await client.request({ type: 'hostTopologies', id: 'h1' });
    if (listed.type !== 'hostTopologiesResult') throw new Error(JSON.stringify(listed));
    const ours = listed.topologies.filter((t) => t.name.startsWith('nlt-host-'));
    expect(ours.map((t) => [t.name, t.namespaces, t.interfaces, t.drifted])).toEqual([
      ['nlt-host-one', 2, 2, 0],
      ['nlt-host-two', 2, 2, 0],
    ]);
    expect(ours[0]?.revision).toBe(revision);
    expect(ours[0]?.appliedAt).toBeGreaterThanOrEqual(before);
    expect(ours[0]?.appliedFrom).toEqual({ kind: 'designer' });

    const opened = await client.request({ type: 'openApplied', id: 'o1', name: 'nlt-host-one' });
    expect(opened).toMatchObject({ type: 'openAppliedResult', topology: 'nlt-host-one', revision, document: one });

    expect(await client.request({ type: 'down', id: 'd1', name: 'nlt-host-two' })).toMatchObject({ ok: true });
    const after = await client.request({ type: 'hostTopologies', id: 'h2' });
    expect(after.type === 'hostTopologiesResult' && after.topologies.map((t) => t.name)).toEqual(['nlt-host-one']);
    expect(await client.request({ type: 'openApplied', id: 'o2', name: 'nlt-host-two' })).toMatchObject({
      type: 'error',
      code: 'NOT_FOUND',
    });
  });
});
