import { interfaceAddressProblem } from './address-rules';
import { parseCidr } from './addressing';
import type { VxlanNode } from './document';
import type { DocIface } from './interfaces';
import { quote, type Issue, type IssueCode, type Severity } from './issues';
import { placeName } from './resolve';

/** The MTUs the kernel takes (`ip -d link` min_mtu/max_mtu on Linux 6.18): a tap's maximum leaves room for its Ethernet header. */
export const MTU_MIN = 68;
export const MTU_MAX: Readonly<Record<DocIface['kind'], number>> = {
  veth: 65535,
  bridge: 65535,
  tap: 65521,
  tun: 65535,
  vxlan: 65535,
};
/** IPv6 needs links of at least 1280 bytes: below that the kernel turns IPv6 off on the interface and refuses its addresses. */
export const IPV6_MIN_MTU = 1280;
/** What a VXLAN adds to each frame over its underlay: outer IP, UDP and VXLAN headers plus the inner Ethernet header. */
export const VXLAN_HEADROOM = { 4: 50, 6: 70 } as const;
/** What an interface gets when the document leaves its MTU out. */
const DEFAULT_MTU = 1500;

/**
 * What the kernel refuses (or silently keeps otherwise than written) of an interface's own fields:
 * its addresses, MAC and MTU, and a VXLAN's MTU against its underlay's. Checked before the first
 * command, because the kernel would refuse them only when the plan reached them.
 */
export function interfaceIssues(ifaces: readonly DocIface[]): Issue[] {
  const issues: Issue[] = [];
  const add = (iface: DocIface, rest: (string | number)[], code: IssueCode, message: string, severity: Severity) =>
    issues.push({
      path: [...iface.path, ...rest],
      code,
      message,
      objectId: iface.objectId,
      ...(severity === 'warning' && { severity }),
    });
  const byName = new Map<string, DocIface>();
  for (const i of ifaces) if (i.place !== undefined) byName.set(`${placeName(i.place)}|${i.name}`, i);
  // A bridge without an MTU of its own follows its smallest port.
  const portMtu = new Map<unknown, number>();
  for (const i of ifaces)
    if (i.bridge !== null)
      portMtu.set(i.bridge, Math.min(portMtu.get(i.bridge) ?? Infinity, i.fields.mtu ?? DEFAULT_MTU));
  const bridgeMtu = (bridge: DocIface) => portMtu.get(bridge.device) ?? DEFAULT_MTU;
  const mtuOf = (i: DocIface): number | undefined => i.fields.mtu ?? effectiveMtu(i, byName, bridgeMtu);

  for (const iface of ifaces) {
    const { addresses = [], mac, mtu } = iface.fields;
    addresses.forEach((a, n) => {
      const problem = interfaceAddressProblem(a);
      if (problem !== null) add(iface, ['addresses', n], 'BAD_ADDRESS', problem.message, problem.severity);
    });
    if (mac !== undefined) {
      const problem = iface.kind === 'tun' ? TUN_MAC : macProblem(mac);
      if (problem !== null) add(iface, ['mac'], 'BAD_MAC', problem, 'error');
    }
    const max = MTU_MAX[iface.kind];
    if (mtu !== undefined && mtu > max)
      add(
        iface,
        ['mtu'],
        'BAD_MTU',
        `the kernel takes an MTU of at most ${max} on a ${iface.kind}${iface.kind === 'tap' ? ' (65535 less its 14-byte Ethernet header)' : ''}; lower \`mtu\``,
        'error',
      );
    const v6 = addresses.some((a) => parseCidr(a)?.family === 6);
    const effective = mtuOf(iface);
    if (v6 && effective !== undefined && effective < IPV6_MIN_MTU) {
      const why =
        mtu === undefined
          ? `its MTU would be ${effective} (its underlay's, less the tunnel headers)`
          : `its MTU is ${mtu}`;
      add(
        iface,
        [mtu === undefined ? 'addresses' : 'mtu'],
        'BAD_MTU',
        `IPv6 needs an MTU of at least ${IPV6_MIN_MTU} and ${why}: the kernel turns IPv6 off on such an interface and refuses its IPv6 addresses; raise the MTU to ${IPV6_MIN_MTU} or more, or remove the IPv6 addresses`,
        'error',
      );
    }
    if (iface.device?.type === 'vxlan' && mtu !== undefined) {
      const under = underlayOf(iface, iface.device, byName);
      const carried = under === undefined ? undefined : mtuOf(under);
      const headroom = VXLAN_HEADROOM[vxlanFamily(iface.device)];
      if (under !== undefined && carried !== undefined && mtu > carried - headroom)
        add(
          iface,
          ['mtu'],
          'BAD_MTU',
          `a VXLAN over ${quote(under.name)} carries at most ${carried - headroom} bytes (its MTU ${carried} less ${headroom} bytes of VXLAN over IPv${vxlanFamily(iface.device)} headers), and the kernel refuses more (or keeps ${carried - headroom} at creation); lower \`mtu\` to ${carried - headroom}, or raise the underlay's`,
          'error',
        );
    }
  }
  return issues;
}

const TUN_MAC =
  'a tun carries IP packets and has no MAC address (the kernel refuses to set one); remove `mac`, or use a tap';

/** Why the kernel refuses `mac` on an interface ("Cannot assign requested address"), or null. */
export function macProblem(mac: string): string | null {
  const octets = mac.split(':').map((o) => Number.parseInt(o, 16));
  if (octets.every((o) => o === 0))
    return `${mac} is no address, and the kernel refuses it; write a unicast MAC such as 02:00:00:00:00:01, or leave \`mac\` out`;
  if (octets.every((o) => o === 0xff))
    return `${mac} is the broadcast address, and the kernel refuses it on an interface; write a unicast MAC such as 02:00:00:00:00:01, or leave \`mac\` out`;
  if (((octets[0] ?? 0) & 1) === 1)
    return `${mac} is a multicast address (the lowest bit of its first byte is set), and the kernel refuses it on an interface; write a unicast MAC such as 02:00:00:00:00:01, or leave \`mac\` out`;
  return null;
}

/** IPv6 when any of its addresses is: the kernel then reserves room for IPv6 headers. */
export const vxlanFamily = (v: VxlanNode): 4 | 6 =>
  [v.local, v.remote, v.group].some((ip) => ip?.includes(':')) ? 6 : 4;

function underlayOf(iface: DocIface, v: VxlanNode, byName: ReadonlyMap<string, DocIface>): DocIface | undefined {
  if (v.underlay === undefined || iface.place === undefined) return undefined;
  return byName.get(`${placeName(iface.place)}|${v.underlay}`);
}

/**
 * The MTU an interface gets without an `mtu` of its own, where the document decides it: a VXLAN
 * takes its underlay's less the headers; a bridge its ports' smallest; others 1500.
 */
function effectiveMtu(
  iface: DocIface,
  byName: ReadonlyMap<string, DocIface>,
  bridgeMtu: (bridge: DocIface) => number,
): number | undefined {
  if (iface.device?.type === 'vxlan') {
    if (iface.device.underlay === undefined) return DEFAULT_MTU;
    const under = underlayOf(iface, iface.device, byName);
    // An underlay outside the document (eth0): its MTU is the kernel's to know.
    if (under === undefined || under.kind === 'vxlan') return undefined;
    const carried = under.fields.mtu ?? (under.kind === 'bridge' ? bridgeMtu(under) : DEFAULT_MTU);
    return carried - VXLAN_HEADROOM[vxlanFamily(iface.device)];
  }
  return iface.kind === 'bridge' ? bridgeMtu(iface) : DEFAULT_MTU;
}
