import type { AgentMessage } from '@netloom/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ip, pairDocument, removeTestObjects } from './test-topology';
import { startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;

type StepState = Extract<AgentMessage, { type: 'stepState' }>;

describe.runIf(isRoot)('step-through over the socket (real kernel)', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  const clients: TestClient[] = [];
  const connect = async () => {
    const c = await TestClient.connect(agent);
    clients.push(c);
    return c;
  };

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

  async function planHash(c: TestClient, document: Record<string, unknown>): Promise<string> {
    const plan = await c.request({ type: 'plan', id: `p-${Math.random()}`, document });
    if (plan.type !== 'planResult') throw new Error(`plan failed: ${JSON.stringify(plan)}`);
    return plan.planHash;
  }
  const state = (m: AgentMessage): StepState => {
    if (m.type !== 'stepState') throw new Error(`expected stepState, got ${JSON.stringify(m)}`);
    return m;
  };
  const namespaces = async () => await ip('netns', 'list');

  it('runs one command per request in plan order, refuses stale ones, goes back with the inverse, and runs to a converged end', async () => {
    const document = pairDocument('nlt-step');
    const c = await connect();
    const hash = await planHash(c, document);
    const start = state(await c.request({ type: 'stepStart', id: 's0', document, planHash: hash, basedOn: null }));
    expect(start).toMatchObject({ state: 'active', done: 0, planHash: hash });
    expect(start.steps.every((s) => s.explanation.length > 0)).toBe(true);
    const move = { topology: 'nlt-step', planHash: hash };

    // Out of order: nothing runs.
    const skipped = await c.request({ type: 'stepNext', id: 'n-skip', ...move, index: 1 });
    expect(skipped).toMatchObject({ type: 'error', code: 'STEP_REFUSED' });
    expect(await namespaces()).not.toContain('nlt-step-a');

    const first = state(await c.request({ type: 'stepNext', id: 'n0', ...move, index: 0 }));
    expect(first.done).toBe(1);
    expect(first.last).toMatchObject({ direction: 'forward', index: 0, ok: true, exitCode: 0 });
    expect(first.last?.command?.argv).toEqual(['ip', 'netns', 'add', 'nlt-step-a']);
    expect(await namespaces()).toContain('nlt-step-a');

    // The same click twice: the second is stale.
    expect(await c.request({ type: 'stepNext', id: 'n0-again', ...move, index: 0 })).toMatchObject({
      type: 'error',
      code: 'STEP_REFUSED',
    });
    // The lock is held: no other apply, and no other client moves the session.
    const other = await connect();
    expect(
      await other.request({ type: 'apply', id: 'a-other', document, planHash: hash, basedOn: null }),
    ).toMatchObject({ type: 'error', code: 'BUSY' });
    expect(await other.request({ type: 'stepNext', id: 'n-other', ...move, index: 1 })).toMatchObject({
      type: 'error',
      code: 'STEP_REFUSED',
    });

    const back = state(await c.request({ type: 'stepBack', id: 'b0', ...move, index: 1 }));
    expect(back.done).toBe(0);
    expect(back.last).toMatchObject({ direction: 'back', index: 0, ok: true });
    expect(back.last?.command?.argv).toEqual(['ip', 'netns', 'del', 'nlt-step-a']);
    expect(back.last?.command?.explanation).toMatch(/^Deletes the namespace nlt-step-a/);
    expect(await namespaces()).not.toContain('nlt-step-a');

    // Forward to the command that brings a veth end up, then back: the kernel has it down again.
    let done = 0;
    for (;;) {
      const next = start.steps[done];
      if (next === undefined) throw new Error('no link.set bringing eth0 up in the plan');
      const s = state(await c.request({ type: 'stepNext', id: `f${done}`, ...move, index: done }));
      expect(s.last?.ok).toBe(true);
      done = s.done;
      if (next.step.op === 'link.set' && next.step.ifname === 'eth0' && next.step.up === true) break;
    }
    const upped = start.steps[done - 1]!;
    const where = upped.netns!;
    expect(await ip('-n', where, 'link', 'show', 'dev', 'eth0')).toMatch(/<[^>]*\bUP\b/);
    const down = state(await c.request({ type: 'stepBack', id: 'b-up', ...move, index: done }));
    expect(down.last?.command?.step).toMatchObject({ op: 'link.set', ifname: 'eth0', up: false });
    expect(await ip('-n', where, 'link', 'show', 'dev', 'eth0')).not.toMatch(/<[^>]*\bUP\b/);

    const end = state(await c.request({ type: 'stepRunToEnd', id: 'e', ...move, index: down.done }));
    expect(end).toMatchObject({ state: 'finished', done: start.steps.length, remaining: [] });
    const status = await c.request({ type: 'status', id: 'st', document });
    expect(status).toMatchObject({ type: 'statusResult', report: { converged: true } });
    // The lock is free again.
    expect(
      await other.request({ type: 'apply', id: 'a-after', document, planHash: await planHash(other, document) }),
    ).toMatchObject({
      type: 'applyResult',
      ok: true,
    });
  });

  it('refuses to start over a foreign object of the same name, exactly as apply does, and runs nothing', async () => {
    const document = pairDocument('nlt-stepown');
    await ip('netns', 'add', 'nlt-stepown-a'); // someone else's, unmarked
    const c = await connect();
    const plan = await c.request({ type: 'plan', id: 'p', document });
    const applied = await c.request({ type: 'apply', id: 'a', document, planHash: 'x', basedOn: null });
    const stepped = await c.request({ type: 'stepStart', id: 's', document, planHash: 'x', basedOn: null });
    expect(plan).toMatchObject({ type: 'error', code: 'TOPOLOGY_INVALID' });
    expect(stepped).toMatchObject({ type: 'error', code: 'TOPOLOGY_INVALID' });
    const codes = (m: AgentMessage) => (m.type === 'error' ? (m.issues ?? []).map((i) => i.code) : []);
    expect(codes(stepped)).toEqual(codes(applied));
    expect(codes(stepped).length).toBeGreaterThan(0);
    expect(await namespaces()).not.toContain('nlt-stepown-b');
  });

  it('ends the session when its client leaves, keeping what ran, and frees the lock', async () => {
    const document = pairDocument('nlt-stepgone');
    const c = await connect();
    const watcher = await connect();
    const hash = await planHash(c, document);
    state(await c.request({ type: 'stepStart', id: 's', document, planHash: hash, basedOn: null }));
    state(await c.request({ type: 'stepNext', id: 'n', topology: 'nlt-stepgone', planHash: hash, index: 0 }));
    c.close();
    const stopped = state(await watcher.next((m) => m.type === 'stepState' && m.state === 'stopped'));
    expect(stopped.done).toBe(1);
    expect(await namespaces()).toContain('nlt-stepgone-a');
    const result = await watcher.request({
      type: 'apply',
      id: 'a',
      document,
      planHash: await planHash(watcher, document),
    });
    expect(result).toMatchObject({ type: 'applyResult', ok: true, remaining: [] });
  });
});
