import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ip, pairDocument, removeTestObjects } from './test-topology';
import { startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('runChecks over the socket', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let client: TestClient | undefined;
  const document = {
    ...pairDocument('nlt-checks'),
    lesson: {
      steps: [
        { text: 'up', checks: [{ type: 'linkState', object: 'l1/a', state: 'up' }] },
        {
          text: 'across',
          checks: [
            { type: 'ping', from: 'ns1', to: '10.77.0.2' },
            { type: 'inNamespace', object: 'l1/b', namespace: 'ns2' },
          ],
        },
      ],
    },
  };

  beforeAll(async () => {
    agent = await startTestAgent();
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(async () => {
    client?.close();
    await removeTestObjects();
  });

  it('answers each check of a step with ✓/✗ and a reason, live, and refuses a step the lesson lacks', async () => {
    const c = (client = await TestClient.connect(agent));
    const plan = await c.request({ type: 'plan', id: 'p', document });
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    await c.request({ type: 'apply', id: 'a', document, planHash: plan.planHash, basedOn: null });

    expect(await c.request({ type: 'runChecks', id: 'c1', document, step: 1 })).toMatchObject({
      type: 'checkResults',
      id: 'c1',
      topology: 'nlt-checks',
      results: [
        { step: 1, index: 0, check: 'ping', ok: true, reason: expect.stringMatching(/reply from 10\.77\.0\.2/) },
        { step: 1, index: 1, check: 'inNamespace', ok: true, reason: 'eth0 is in nlt-checks-b' },
      ],
    });

    await ip('-n', 'nlt-checks-a', 'link', 'set', 'dev', 'eth0', 'down');
    const all = await c.request({ type: 'runChecks', id: 'c2', document });
    expect(all.type === 'checkResults' && all.results.map((r) => [r.step, r.index, r.ok])).toEqual([
      [0, 0, false],
      [1, 0, false],
      [1, 1, true],
    ]);

    expect(await c.request({ type: 'runChecks', id: 'c3', document, step: 2 })).toMatchObject({
      type: 'error',
      code: 'NOT_FOUND',
      message: 'no step 2: the document has 2 steps (0 to 1)',
    });
  });
});
