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

  it('watchChecks runs the checks at once, then again on its own when a namespace a step involves changes: that step only', async () => {
    const c = (client = await TestClient.connect(agent));
    // A third namespace that only step 1 involves: a change in the pair re-runs step 0 alone.
    const watched = {
      ...document,
      nodes: [...document.nodes, { id: 'ns3', type: 'namespace', name: 'nlt-checks-c' }],
      lesson: {
        steps: [
          { text: 'up', checks: [{ type: 'ping', from: 'ns1', to: '10.77.0.2' }] },
          { text: 'third', checks: [{ type: 'exists', object: 'ns3' }] },
        ],
      },
    };
    const plan = await c.request({ type: 'plan', id: 'p', document: watched });
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    await c.request({ type: 'apply', id: 'a', document: watched, planHash: plan.planHash, basedOn: null });

    const first = await c.request({ type: 'watchChecks', id: 'w', document: watched });
    expect(first.type === 'checkResults' && first.results.map((r) => [r.step, r.ok])).toEqual([
      [0, true],
      [1, true],
    ]);
    // No request from here on: the kernel's change alone makes the next answer (the periodic
    // run every 5 s would carry both steps).
    const failing = c.next(
      (m) =>
        m.type === 'checkResults' &&
        m.id === 'w' &&
        m.results.length > 0 &&
        m.results.every((r) => r.step === 0 && !r.ok),
      10_000,
      'checkResults',
    );
    await ip('-n', 'nlt-checks-b', 'link', 'set', 'dev', 'eth0', 'down');
    expect((await failing).results[0]?.reason).toMatch(/no reply from 10\.77\.0\.2/);

    // Replaced by a stop: a later change makes no answer for it.
    c.send({ type: 'watchChecks', id: 'w-stop', document: null });
    await new Promise((r) => setTimeout(r, 200));
    const count = c.messages.filter((m) => m.type === 'checkResults').length;
    await ip('-n', 'nlt-checks-b', 'link', 'set', 'dev', 'eth0', 'up');
    await new Promise((r) => setTimeout(r, 500));
    expect(c.messages.filter((m) => m.type === 'checkResults').length).toBe(count);
  });
});
