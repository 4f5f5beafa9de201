import { setInterfaceUp } from '../../agent/actions';
import { useObjectCounters, useObjectEntry } from '../../agent/drawing-live';
import { operOf } from '../../agent/live-store';
import { useLive } from '../../agent/useLive';
import { Sparkline } from '../Sparkline';

const fmt = new Intl.NumberFormat('en', { notation: 'compact' });
const same = <T,>(c: T): T => c;

/**
 * What the kernel says about one interface of the drawing (by marker object, `br0` or `l1/a`),
 * with an admin up/down toggle; only while the drawing is its topology as applied.
 */
export function InterfaceLive({ object, label = 'Kernel' }: { readonly object: string; readonly label?: string }) {
  const connected = useLive((s) => s.status === 'connected');
  const entry = useObjectEntry(object);
  const counters = useObjectCounters(object, same);
  if (!connected) return null;
  if (entry === undefined) return <p className="hint">{label}: not applied.</p>;
  const oper = operOf(entry);
  const up = entry.admin === 'up';
  return (
    <section className="live" aria-label={`${label} state of ${entry.ifname}`}>
      <p>
        {label}: <span className={`oper oper--${oper}`}>{oper}</span> ({entry.oper}, carrier{' '}
        {entry.carrier ? 'yes' : 'no'})
        {entry.present && (
          <button
            type="button"
            aria-label={`Set ${entry.ifname} ${up ? 'down' : 'up'}`}
            onClick={() => setInterfaceUp(entry, !up)}
          >
            Set {up ? 'down' : 'up'}
          </button>
        )}
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
