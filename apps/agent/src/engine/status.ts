import { diffState, ifacesOf, type KernelState, type Observed } from '@netloom/topology';

import { liveKey } from '../observe/observe';
import type { LinkRecord } from '../observe/rtnetlink';
import type { InterfaceStatus, ObjectStatus, StatusReport } from './types';

/** Per object of the document: present, missing or drifted (with the fields), and what each interface reports. */
export function statusOf(
  topology: string,
  desired: KernelState,
  observed: Observed,
  live: ReadonlyMap<string, LinkRecord>,
): StatusReport {
  const changes = new Map(diffState(desired, observed.state, observed.orphans).map((c) => [c.key, c]));
  const objects = [...desired.values()].map((obj): ObjectStatus => {
    const change = changes.get(obj.key);
    const state = change === undefined ? 'present' : change.op === 'create' ? 'missing' : 'drifted';
    const interfaces = ifacesOf(obj).map(({ iface }): InterfaceStatus => {
      const record = live.get(liveKey(iface.netns, iface.ifname));
      if (record === undefined || state === 'missing')
        return { netns: iface.netns, ifname: iface.ifname, present: false };
      return {
        netns: iface.netns,
        ifname: iface.ifname,
        present: true,
        admin: record.up ? 'up' : 'down',
        oper: record.operstate,
        carrier: record.carrier,
        counters: record.counters,
      };
    });
    return {
      id: obj.key,
      kind: obj.kind,
      state,
      ...(change !== undefined && (change.op === 'update' || change.op === 'replace') && { fields: change.fields }),
      interfaces,
    };
  });
  const orphans = observed.orphans.map((o) => ({ netns: o.netns, ifname: o.ifname ?? '(namespace)' }));
  return { topology, converged: changes.size === 0 && orphans.length === 0, objects, orphans };
}
