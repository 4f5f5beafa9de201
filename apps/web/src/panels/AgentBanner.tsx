import { useLive } from '../agent/useLive';

/** What each supervised helper of the agent does, in a person's words. */
const WHAT: Readonly<Record<string, { readonly name: string; readonly effect: string }>> = {
  'nl-relay': {
    name: "The agent's kernel reader (nl-relay)",
    effect: 'live state is not updated, and Plan, Apply and Tear down fail',
  },
  'link-monitor': {
    name: "The agent's link monitor (ip monitor)",
    effect: 'link changes are not shown',
  },
  'kernel-watch': {
    name: "The agent's kernel watch (nl-relay watch)",
    effect: 'kernel tables and lesson checks are updated only every 5 s',
  },
};

/**
 * Says plainly what keeps the page from being live: the agent cannot be reached (or refuses the
 * token) after several attempts, or one of its helper processes is down (the `health` message),
 * so what the canvas shows may be out of date until it runs again.
 */
export function AgentBanner() {
  const connected = useLive((s) => s.status === 'connected');
  const problem = useLive((s) => s.connectionProblem);
  const services = useLive((s) => s.services);
  const down = services.filter((s) => s.state !== 'ok');
  if (!connected && problem !== null) {
    return (
      <div role="alert" aria-label="Agent connection problem" className="agent-banner">
        <p>{problem}</p>
      </div>
    );
  }
  if (!connected || down.length === 0) return null;
  return (
    <div role="alert" aria-label="Agent services" className="agent-banner">
      {down.map((s) => {
        const what = WHAT[s.service] ?? { name: `The agent's ${s.service}`, effect: 'live state may be out of date' };
        return (
          <p key={s.service}>
            {what.name} {s.state === 'failed' ? 'keeps failing' : 'stopped and is restarting'}: until it runs again,{' '}
            {what.effect}. <span className="agent-banner__detail">{s.detail}</span>
          </p>
        );
      })}
    </div>
  );
}
