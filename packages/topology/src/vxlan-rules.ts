import { canonicalIp, parseCidr, parseIpv4 } from './addressing';
import type { DocIface } from './interfaces';
import { quote, type Issue, type Severity } from './issues';
import { placeName } from './resolve';

/**
 * A VXLAN's peer addresses beyond what iproute2 checks (`vxlanIssues`): an unspecified `remote`
 * or `local` is taken by the kernel as none at all, so the tunnel would never match the document
 * (errors); a remote that is loopback, broadcast or the host itself sends nowhere useful (warnings).
 */
export function vxlanPeerIssues(ifaces: readonly DocIface[]): Issue[] {
  const issues: Issue[] = [];
  // The addresses each namespace holds, by canonical address: a remote among them is the tunnel itself.
  const held = new Map<string, string>();
  for (const i of ifaces)
    if (i.place !== undefined)
      for (const a of i.fields.addresses ?? []) {
        const ip = parseCidr(a)?.address;
        if (ip !== undefined) held.set(`${placeName(i.place)}|${ip}`, i.name);
      }
  for (const iface of ifaces) {
    const v = iface.device;
    if (v?.type !== 'vxlan') continue;
    const add = (field: 'remote' | 'local', message: string, severity: Severity = 'error') =>
      issues.push({
        path: [...iface.path, field],
        code: 'VXLAN_PEER',
        message,
        objectId: iface.objectId,
        ...(severity === 'warning' && { severity }),
      });
    const local = v.local === undefined ? null : canonicalIp(v.local);
    const remote = v.remote === undefined ? null : canonicalIp(v.remote);
    if (local !== null && isUnspecified(local.address))
      add(
        'local',
        `${local.address} means no local address, and the kernel keeps none, so the tunnel would never match the document; leave \`local\` out`,
      );
    if (remote === null) continue;
    const ip = remote.address;
    if (isUnspecified(ip)) {
      add(
        'remote',
        `${ip} is no peer: the kernel takes it as no remote at all, so the tunnel would never match the document; leave \`remote\` out to learn peers from the forwarding database`,
      );
      continue;
    }
    const v4 = parseIpv4(ip);
    if (ip === '::1' || (v4 !== null && v4 >= 0x7f000000 && v4 < 0x80000000))
      add(
        'remote',
        `${ip} is a loopback address: the tunnel's packets never leave ${where(iface)}; write the far end's address`,
        'warning',
      );
    else if (ip === '255.255.255.255')
      add(
        'remote',
        `${ip} is the broadcast address, not one peer; write the far end's address, or use \`group\` for many`,
        'warning',
      );
    else if (local !== null && local.address === ip)
      add(
        'remote',
        `${ip} is also this tunnel's \`local\` address: it would send to itself; write the far end's address`,
        'warning',
      );
    else if (iface.place !== undefined && held.has(`${placeName(iface.place)}|${ip}`))
      add(
        'remote',
        `${ip} is an address of ${where(iface)} (on ${quote(held.get(`${placeName(iface.place)}|${ip}`) ?? '')}): the tunnel would send to itself; write the far end's address`,
        'warning',
      );
  }
  return issues;
}

const isUnspecified = (ip: string) => ip === '0.0.0.0' || ip === '::';

const where = (iface: DocIface) =>
  iface.place === null || iface.place === undefined ? 'the root namespace' : `namespace ${quote(iface.place.name)}`;
