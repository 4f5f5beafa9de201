/**
 * The addresses a flow may go to: those of the topology's own interfaces in the target
 * namespace, from `ip -j addr show` there. Pure. Link-local IPv6 (fe80::/10) is left out: it
 * needs an interface name beside it, and iperf3's -B cannot take one.
 */
export function flowAddresses(ipJson: string, ownedIfnames: ReadonlySet<string>): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ipJson);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const v4: string[] = [];
  const v6: string[] = [];
  for (const link of parsed as { ifname?: unknown; addr_info?: unknown }[]) {
    if (typeof link.ifname !== 'string' || !ownedIfnames.has(link.ifname) || !Array.isArray(link.addr_info)) continue;
    for (const a of link.addr_info as { family?: unknown; local?: unknown; scope?: unknown }[]) {
      if (typeof a.local !== 'string' || a.scope === 'link' || a.scope === 'host') continue;
      if (a.family === 'inet') v4.push(a.local);
      else if (a.family === 'inet6') v6.push(a.local);
    }
  }
  return [...v4, ...v6];
}
