import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ip, pairDocument, removeTestObjects } from './test-topology';
import { startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('plan and apply over the socket', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  const clients: TestClient[] = [];
  const connect = async () => {
    const c = await TestClient.connect(agent);
    clients.push(c);
    return c;
  };
  const document = pairDocument('nlt-apply');

  beforeAll(async () => {
    agent = await startTestAgent();
  });
  afterAll(async () => {
    await agent.close();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await removeTestObjects();
  });

  async function planHash(c: TestClient, id: string): Promise<string> {
    const plan = await c.request({ type: 'plan', id, document });
    if (plan.type !== 'planResult') throw new Error(`plan failed: ${JSON.stringify(plan)}`);
    return plan.planHash;
  }

  it('applies an example with progress and a command event per command, and the kernel has it', async () => {
    const c = await connect();
    const plan = await c.request({ type: 'plan', id: 'p1', document });
    expect(plan.type).toBe('planResult');
    if (plan.type !== 'planResult') return;
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(plan.steps.every((s) => s.argv[0] === 'ip')).toBe(true);

    const result = await c.request({ type: 'apply', id: 'a1', document, planHash: plan.planHash });
    expect(result).toMatchObject({ type: 'applyResult', id: 'a1', ok: true, remaining: [] });
    const commands = c.of('command').filter((m) => m.id === 'a1');
    expect(commands.length).toBeGreaterThanOrEqual(plan.steps.length);
    expect(commands.every((m) => m.exitCode === 0 && m.argv[0] === 'ip')).toBe(true);
    expect(c.of('progress').filter((m) => m.id === 'a1').length).toBeGreaterThan(0);
    expect(await ip('-n', 'nlt-apply-a', 'addr', 'show', 'dev', 'eth0')).toContain('10.77.0.1/24');
  });

  it('asks before an apply that deletes a running topology or replaces its document (CONFIRM_REQUIRED), and applies once confirmed', async () => {
    const c = await connect();
    const planOf = async (doc: Record<string, unknown>, id: string) => {
      const plan = await c.request({ type: 'plan', id, document: doc });
      if (plan.type !== 'planResult') throw new Error(`plan failed: ${JSON.stringify(plan)}`);
      return plan.planHash;
    };
    const first = await c.request({
      type: 'apply',
      id: 'base',
      document,
      planHash: await planOf(document, 'p-base'),
      basedOn: null,
    });
    if (first.type !== 'applyResult' || first.revision === undefined) throw new Error(JSON.stringify(first));

    const empty = { version: 1, name: 'nlt-apply', nodes: [] };
    const refused = await c.request({
      type: 'apply',
      id: 'empty',
      document: empty,
      planHash: await planOf(empty, 'p-empty'),
      basedOn: first.revision,
    });
    expect(refused).toMatchObject({
      type: 'error',
      code: 'CONFIRM_REQUIRED',
      confirm: { topology: 'nlt-apply', reasons: ['DELETES_ALL'] },
    });
    expect(refused.type === 'error' && refused.confirm?.deletes.map((d) => d.key).sort()).toEqual(['l1', 'ns1', 'ns2']);
    expect(await ip('netns', 'list')).toContain('nlt-apply-a');

    // Another drawing under the same name (never applied), then the drawing that applied it, edited.
    const edited = pairDocument('nlt-apply', '10.77.1');
    const editedHash = await planOf(edited, 'p-edited');
    const other = await c.request({
      type: 'apply',
      id: 'other',
      document: edited,
      planHash: editedHash,
      basedOn: null,
    });
    expect(other).toMatchObject({ type: 'error', code: 'CONFIRM_REQUIRED', confirm: { reasons: ['OTHER_DOCUMENT'] } });
    const goesOn = await c.request({
      type: 'apply',
      id: 'goes-on',
      document: edited,
      planHash: editedHash,
      basedOn: first.revision,
    });
    expect(goesOn).toMatchObject({ type: 'applyResult', ok: true });

    const forced = await c.request({
      type: 'apply',
      id: 'forced',
      document: empty,
      planHash: await planOf(empty, 'p-forced'),
      force: true,
    });
    expect(forced).toMatchObject({ type: 'applyResult', ok: true });
    expect(await ip('netns', 'list')).not.toContain('nlt-apply-a');
  });

  it('re-applies the same document running nothing', async () => {
    const c = await connect();
    await c.request({ type: 'apply', id: 'first', document, planHash: await planHash(c, 'p-first') });
    const plan = await c.request({ type: 'plan', id: 'p2', document });
    expect(plan.type === 'planResult' && plan.steps).toEqual([]);
    const result = await c.request({
      type: 'apply',
      id: 'second',
      document,
      planHash: plan.type === 'planResult' ? plan.planHash : '',
    });
    expect(result).toMatchObject({ type: 'applyResult', ok: true, processes: 0, completed: 0 });
    expect(c.of('command').filter((m) => m.id === 'second')).toEqual([]);
  });

  it('refuses a plan that went stale because the kernel changed', async () => {
    const c = await connect();
    await c.request({ type: 'apply', id: 'base', document, planHash: await planHash(c, 'p-base') });
    const hash = await planHash(c, 'p-now');
    await ip('-n', 'nlt-apply-a', 'link', 'set', 'dev', 'eth0', 'down');
    const result = await c.request({ type: 'apply', id: 'stale', document, planHash: hash });
    expect(result).toMatchObject({ type: 'error', code: 'PLAN_STALE', id: 'stale' });
    expect(c.of('command').filter((m) => m.id === 'stale')).toEqual([]);
  });

  it('serializes two clients applying at once; both see the same results and end in the same state', async () => {
    const [a, b] = [await connect(), await connect()];
    const [hashA, hashB] = await Promise.all([planHash(a, 'pa'), planHash(b, 'pb')]);
    const [ra, rb] = await Promise.all([
      a.request({ type: 'apply', id: 'ca', document, planHash: hashA }),
      b.request({ type: 'apply', id: 'cb', document, planHash: hashB }),
    ]);
    const outcomes = [ra, rb]
      .map((r) => (r.type === 'applyResult' ? `applied:${r.processes > 0}` : r.type === 'error' ? r.code : r.type))
      .sort();
    // The first converges; the second was planned against the empty kernel, so it is stale.
    expect(outcomes).toEqual(['PLAN_STALE', 'applied:true']);
    // Every client saw the winning apply's commands and result, whoever asked.
    const winner = ra.type === 'applyResult' ? 'ca' : 'cb';
    for (const c of [a, b]) {
      await c.next((m) => m.type === 'applyResult' && m.id === winner);
      expect(c.of('command').filter((m) => m.id === winner).length).toBeGreaterThan(0);
    }
    // Both now plan nothing: the same state.
    const plans = await Promise.all([
      a.request({ type: 'plan', id: 'fa', document }),
      b.request({ type: 'plan', id: 'fb', document }),
    ]);
    expect(plans.map((p) => (p.type === 'planResult' ? p.steps.length : -1))).toEqual([0, 0]);
  });

  it('takes a topology down over the socket and reports it to every client', async () => {
    const [a, b] = [await connect(), await connect()];
    await a.request({ type: 'apply', id: 'up', document, planHash: await planHash(a, 'p-up') });
    const result = await a.request({ type: 'down', id: 'dn', name: 'nlt-apply' });
    expect(result).toMatchObject({ type: 'downResult', ok: true });
    await b.next((m) => m.type === 'downResult' && m.id === 'dn');
    expect(await ip('netns', 'list')).not.toContain('nlt-apply');
  });

  it('reports status per object', async () => {
    const c = await connect();
    await c.request({ type: 'apply', id: 'st-up', document, planHash: await planHash(c, 'p-st') });
    const status = await c.request({ type: 'status', id: 'st', document });
    expect(status).toMatchObject({ type: 'statusResult', report: { topology: 'nlt-apply', converged: true } });
  });
});
