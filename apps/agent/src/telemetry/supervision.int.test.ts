import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AgentMessageOf } from '@netloom/protocol';

import { startTestAgent, TestClient } from '../server/test-agent';
import { ip, pairDocument, removeTestObjects } from '../server/test-topology';

const isRoot = process.getuid?.() === 0;
const document = pairDocument('nlt-sup', '10.79.0');

const states = (m: AgentMessageOf<'health'>) => Object.fromEntries(m.services.map((s) => [s.service, s.state]));

describe.runIf(isRoot)('helper processes that die are restarted, and clients see the outage', () => {
  let agent: Awaited<ReturnType<typeof startTestAgent>>;

  beforeAll(async () => {
    agent = await startTestAgent();
  });
  afterAll(async () => {
    await agent.close();
    await removeTestObjects();
  });

  it('after SIGKILL of nl-relay and ip monitor, link state flows again and plan works within 5 s', async () => {
    const client = await TestClient.connect(agent);
    const first = await client.next((m) => m.type === 'health', 5000, 'health');
    expect(states(first)).toEqual({ 'nl-relay': 'ok', 'link-monitor': 'ok', 'kernel-watch': 'ok' });
    await client.planAndApply(document);
    await agent.services.live.settle();
    await client.request({ type: 'subscribe', id: 's', streams: ['linkState'] });
    await client.next((m) => m.type === 'linkState' && m.snapshot);

    const relayPid = agent.relay.pid;
    const monitorPid = agent.services.live.monitorPid;
    if (relayPid === null || monitorPid === null) throw new Error('helpers not running');
    process.kill(relayPid, 'SIGKILL');
    process.kill(monitorPid, 'SIGKILL');

    // The outage is visible: each service is reported restarting, with how it ended.
    const down = (service: string) =>
      client.next(
        (m) => m.type === 'health' && m.services.some((s) => s.service === service && s.state === 'restarting'),
        5000,
        'health',
      );
    expect((await down('nl-relay')).services.find((s) => s.service === 'nl-relay')?.detail).toMatch(
      /^nl-relay exited \(SIGKILL\); restarting in 0\.1 s$/,
    );
    expect((await down('link-monitor')).services.find((s) => s.service === 'link-monitor')?.detail).toMatch(
      /^ip monitor exited \(SIGKILL\)/,
    );

    // Within 5 s: a link set down by hand reaches the client, and plan answers.
    await ip('-n', 'nlt-sup-a', 'link', 'set', 'dev', 'eth0', 'down');
    await client.next(
      (m) => m.type === 'linkState' && m.links.some((l) => l.netns === 'nlt-sup-a' && l.admin === 'down'),
      5000,
    );
    expect(await client.request({ type: 'plan', id: 'plan-after', document }, 5000)).toMatchObject({
      type: 'planResult',
    });
    const recovered = client.of('health').at(-1);
    expect(recovered && states(recovered)).toEqual({ 'nl-relay': 'ok', 'link-monitor': 'ok', 'kernel-watch': 'ok' });
    expect(agent.relay.pid).not.toBe(relayPid);
    expect(agent.services.live.monitorPid).not.toBe(monitorPid);
    client.close();
  });

  it('the kernel watch (nl-relay watch, which wakes kernel tables and live checks) is in health: killed, it is restarting, then runs again and tables follow the kernel', async () => {
    const client = await TestClient.connect(agent);
    await client.next((m) => m.type === 'health', 5000, 'health');
    // It runs while someone watches tables (the topology the first test applied).
    await client.request({ type: 'watchTables', id: 'w', topology: 'nlt-sup', namespaces: ['nlt-sup-a'] });
    await client.next((m) => m.type === 'tables' && m.netns === 'nlt-sup-a', 5000);
    const pid = agent.services.kernel?.pid ?? null;
    if (pid === null) throw new Error('the kernel watch is not running');
    process.kill(pid, 'SIGKILL');
    const down = await client.next(
      (m) => m.type === 'health' && m.services.some((s) => s.service === 'kernel-watch' && s.state === 'restarting'),
      5000,
      'health',
    );
    expect(down.services.find((s) => s.service === 'kernel-watch')?.detail).toMatch(
      /^nl-relay watch exited \(SIGKILL\); restarting in 0\.1 s$/,
    );
    await client.next(
      (m) => m.type === 'health' && m.services.some((s) => s.service === 'kernel-watch' && s.state === 'ok'),
      5000,
      'health',
    );
    expect(agent.services.kernel?.pid).not.toBe(pid);
    // Woken by the new watch, not the 5 s poll alone: a route added shows in the namespace's tables.
    await ip('-n', 'nlt-sup-a', 'link', 'set', 'dev', 'eth0', 'up');
    await ip('-n', 'nlt-sup-a', 'route', 'add', '10.201.0.0/24', 'dev', 'eth0');
    await client.next(
      (m) => m.type === 'tables' && m.netns === 'nlt-sup-a' && m.routes.some((r) => r.to === '10.201.0.0/24'),
      5000,
    );
    client.close();
  });
});
