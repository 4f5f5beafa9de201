import { setInterfaceUp } from '../../agent/actions';
import { operOf } from '../../agent/live-store';
import { useLive } from '../../agent/useLive';
import { Sparkline } from '../Sparkline';

const fmt = new Intl.NumberFormat('en', { notation: 'compact' });

/** What the kernel says about one interface (by marker object, `br0` or `l1/a`), with an admin up/down toggle. */
export function InterfaceLive({ object, label = 'Kernel' }: { readonly object: string; readonly label?: string }) {
  const connected = useLive((s) => s.status === 'connected');
  const entry = useLive((s) => s.links[object]);
  const counters = useLive((s) => s.counters[object]);
  if (!connected) return null;
  if (entry === undefined) return <p className="hint">{label}: not applied yet.</p>;
  const oper = operOf(entry);
  const up = entry.admin === 'up';
  return (
    <section className="live" aria-label={`${label} state of ${entry.ifname}`}>
      <p>
        {label}: <span className={`oper oper--${oper}`}>{oper}</span> ({entry.oper}, carrier{' '}
        {entry.carrier ? 'yes' : 'no'})
        <button
          type="button"
          aria-label={`Set ${entry.ifname} ${up ? 'down' : 'up'}`}
          onClick={() => setInterfaceUp(entry.topology, entry.netns, entry.ifname, !up)}
        >
          Set {up ? 'down' : 'up'}
        </button>
      </p>
      {counters !== undefined && (
        <>
          <p className="live__counters">
            rx {fmt.format(counters.counters.rxPackets)} pkt / {fmt.format(counters.counters.rxBytes)} B · tx{' '}
            {fmt.format(counters.counters.txPackets)} pkt / {fmt.format(counters.counters.txBytes)} B
          </p>
          <Sparkline values={counters.history} label={`packets per second on ${entry.ifname}`} />
        </>
      )}
    </section>
  );
}
