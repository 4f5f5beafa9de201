import {
  CLIENT_EXAMPLES,
  CLIENT_MESSAGE_TYPES,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  VIEWER_MESSAGE_TYPES,
  viewerMayRequest,
  type AgentMessage,
  type ClientMessage,
} from '@netloom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execaRunner } from '../exec/runner';
import { ip, pairDocument, removeTestObjects } from './test-topology';
import { rawUpgrade, startTestAgent, TestClient } from './test-agent';

const isRoot = process.getuid?.() === 0;
const TOPOLOGY = 'nlt-view';
const document = pairDocument(TOPOLOGY, '10.78.0');
/** The same topology with a third namespace: what a viewer's apply would have made. */
const bigger = {
  ...document,
  nodes: [...document.nodes, { id: 'ns3', type: 'namespace', name: `${TOPOLOGY}-c` }],
};

/** Every namespace, link, address and state in the sandbox: what "the kernel is unchanged" compares. */
async function kernel(): Promise<string> {
  const all = await execaRunner.run('ip', ['-all', 'netns', 'exec', 'ip', '-br', 'addr']);
  return [await ip('netns', 'list'), await ip('-br', 'addr'), all.stdout].join('\n---\n');
}

/**
 * One valid message of a type, aimed at the running test topology wherever the type names a
 * document, topology or interface, so that running it would change or probe that topology.
 */
function aimed(type: ClientMessage['type'], id: string): ClientMessage {
  const base = { ...CLIENT_EXAMPLES[type], id } as Record<string, unknown>;
  if ('document' in base) base['document'] = bigger;
  if ('name' in base) base['name'] = TOPOLOGY;
  if ('topology' in base) base['topology'] = TOPOLOGY;
  if (type === 'setLinkState') Object.assign(base, { object: 'l1/a', netns: `${TOPOLOGY}-a`, ifname: 'eth0' });
  if (type === 'pingStart') Object.assign(base, { fromNetns: `${TOPOLOGY}-a`, to: '10.78.0.2' });
  if (type === 'apply') Object.assign(base, { force: true, basedOn: undefined });
  return base as ClientMessage;
}

describe.runIf(isRoot)('presenter and viewers', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;
  let presenter: TestClient;
  const viewerLink = async (id: string) => {
    const link = await presenter.request({ type: 'viewerLink', id });
    if (link.type !== 'viewerLinkResult' || link.token === null) throw new Error(JSON.stringify(link));
    return link;
  };
  const asViewer = (token: string) => TestClient.connect({ port: agent.port, token });

  beforeAll(async () => {
    await removeTestObjects();
    agent = await startTestAgent();
    presenter = await TestClient.connect(agent);
  });
  afterAll(async () => {
    presenter.close();
    await agent.close();
    await removeTestObjects();
  });

  it('hands out a viewer link over a control session: its own token, a viewer session that follows the presenter and the live state of an apply', async () => {
    const link = await viewerLink('v1');
    expect(link.token).not.toBe(agent.token);
    expect(link.url).toBe(`http://127.0.0.1:${agent.port}/#viewer=${link.token}`);
    expect((await viewerLink('v1b')).token).toBe(link.token); // the same link until revoked

    const viewer = await asViewer(link.token ?? '');
    expect(viewer.of('hello')[0]?.role).toBe('viewer');
    expect(presenter.of('hello')[0]?.role).toBe('control');
    viewer.send({ type: 'subscribe', id: 's1', streams: ['linkState', 'counters', 'drift'] });
    await viewer.next((m) => m.type === 'subscribed');

    const view = { ...CLIENT_EXAMPLES.presenterUpdate.view, lesson: { id: 'netns', step: 3 }, selection: ['ns1'] };
    presenter.send({ type: 'presenterUpdate', id: 'p1', document, view });
    const followed = await viewer.next((m) => m.type === 'presenterState', 10_000, 'presenterState');
    expect(followed.document).toEqual(document);
    expect(followed.view.lesson).toEqual({ id: 'netns', step: 3 });
    presenter.send({ type: 'presenterUpdate', id: 'p2', view: { ...view, lesson: { id: 'netns', step: 4 } } });
    const next = await viewer.next(
      (m) => m.type === 'presenterState' && m.view.lesson?.step === 4,
      10_000,
      'presenterState',
    );
    expect(next.document).toBeUndefined(); // unchanged: not sent again

    // A viewer that connects later gets the whole state at once, document included.
    const late = await asViewer(link.token ?? '');
    const snapshot = await late.next((m) => m.type === 'presenterState', 10_000, 'presenterState');
    expect(snapshot).toMatchObject({ document, view: { lesson: { step: 4 } } });
    late.close();

    const plan = await presenter.request({ type: 'plan', id: 'plan1', document });
    if (plan.type !== 'planResult') throw new Error(JSON.stringify(plan));
    const applied = await presenter.request({ type: 'apply', id: 'a1', document, planHash: plan.planHash });
    expect(applied).toMatchObject({ type: 'applyResult', ok: true });
    // The viewer saw the apply run and the kernel's answer, as every client does.
    await viewer.next((m) => m.type === 'applyResult' && m.id === 'a1');
    expect(viewer.of('progress').some((m) => m.id === 'a1')).toBe(true);
    expect(viewer.of('command').some((m) => m.id === 'a1' && m.exitCode === 0)).toBe(true);
    await viewer.next(
      (m) => m.type === 'linkState' && m.links.some((l) => l.topology === TOPOLOGY && l.oper === 'UP'),
      10_000,
    );
    viewer.close();
  });

  it(`refuses every message but the read-only ones (${VIEWER_MESSAGE_TYPES.join(', ')}) from a viewer, with VIEWER_READ_ONLY, and the kernel is unchanged`, async () => {
    // The topology the first test applied is running: each refused message would change or probe it.
    expect(await ip('netns', 'list')).toContain(`${TOPOLOGY}-a`);
    const viewer = await asViewer((await viewerLink('v2')).token ?? '');
    const before = await kernel();
    const refused = CLIENT_MESSAGE_TYPES().filter((t) => !viewerMayRequest(t));
    // Iterated from the protocol, so a type added later (step-through, …) is covered here too.
    expect(refused).toEqual(expect.arrayContaining(['plan', 'apply', 'down', 'setLinkState', 'pingStart']));
    expect(refused).toEqual(expect.arrayContaining(['viewerLink', 'revokeViewerLink', 'presenterUpdate']));
    for (const type of refused) {
      const answer = await viewer.request(aimed(type, `x-${type}`));
      expect(answer, type).toMatchObject({ type: 'error', id: `x-${type}`, code: 'VIEWER_READ_ONLY' });
    }
    // Nothing the viewer sent ran: no command, no probe, and the kernel reads the same.
    expect(viewer.messages.filter((m) => m.type === 'command' || m.type === 'pingStarted')).toEqual([]);
    expect(await kernel()).toBe(before);
    // The same messages from the presenter's control session do run (the test means something).
    const checked = await presenter.request(aimed('status', 'ok-status'));
    expect(checked.type).toBe('statusResult');
    viewer.close();
  });

  it('a viewer token cannot open a control session, not even offered with the control subprotocol twice', async () => {
    const token = (await viewerLink('v3')).token ?? '';
    const viewer = await asViewer(token);
    expect(viewer.of('hello')[0]?.role).toBe('viewer');
    expect(await viewer.request({ type: 'plan', id: 'c1', document })).toMatchObject({ code: 'VIEWER_READ_ONLY' });
    viewer.close();
    // One token per upgrade: the viewer's beside the control one is refused, not read as either.
    const both = [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`, `${TOKEN_SUBPROTOCOL_PREFIX}${agent.token}`];
    expect(await rawUpgrade(agent.port, { protocols: both })).toBe(401);
  });

  it('a revoked viewer link is refused, and the viewers it opened are disconnected', async () => {
    const token = (await viewerLink('v4')).token ?? '';
    const viewers = await Promise.all([asViewer(token), asViewer(token)]);
    const closed = viewers.map((v) => new Promise<number>((done) => v.ws.once('close', (code) => done(code))));
    const revoked = await presenter.request({ type: 'revokeViewerLink', id: 'rv1' });
    expect(revoked).toMatchObject({ type: 'viewerLinkResult', url: null, token: null });
    expect(await Promise.all(closed)).toEqual([4001, 4001]);
    expect(await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`] })).toBe(401);
    // The presenter goes on, and a new link is another token.
    const fresh = await viewerLink('v5');
    expect(fresh.token).not.toBe(token);
    expect(
      await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${fresh.token}`] }),
    ).toBe(101);
  });

  it('takes 100 viewers beside the control sessions, refuses the 101st, and each follows the presenter', async () => {
    const token = (await viewerLink('v6')).token ?? '';
    const viewers = await Promise.all(Array.from({ length: 100 }, () => asViewer(token)));
    try {
      expect(await rawUpgrade(agent.port, { protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`] })).toBe(
        503,
      );
      const control = await TestClient.connect(agent); // the control sessions' own limit is untouched
      control.close();
      const view = { ...CLIENT_EXAMPLES.presenterUpdate.view, lesson: { id: 'netns', step: 7 } };
      presenter.send({ type: 'presenterUpdate', id: 'p100', view });
      const seen = await Promise.all(
        viewers.map((v) => v.next((m: AgentMessage) => m.type === 'presenterState' && m.view.lesson?.step === 7)),
      );
      expect(seen).toHaveLength(100);
    } finally {
      for (const v of viewers) v.close();
    }
  }, 60_000);
});
