import { rateLabel, usesNetem, type ImpairSpec } from './impair';
import type { DeviceObject, NatSpec, RouteSpec } from './kernel';
import { assertNever } from './result';
import type { Step } from './step';

/**
 * One plain-language sentence per plan step, for people learning what the command does: the
 * step-through shows it before the command runs, the plan panel under each command, and the
 * exported shell script above each block. It teaches the kernel's side (what the object is, what
 * changes for packets), not netloom's bookkeeping. Pure, so the agent and the designer share it.
 * The switch is exhaustive: a new op does not compile until it has its sentence.
 */
export function explainStep(step: Step): string {
  const where = place(step.netns);
  switch (step.op) {
    case 'netns.add':
      return (
        `Creates the network namespace ${step.name}: a network stack of its own, with its own interfaces, ` +
        `routing table and firewall rules, holding at first only a loopback device, which is down.`
      );
    case 'netns.id':
      return (
        `Gives the namespace ${step.name} an id (a number) in the root namespace, ` +
        `so its interfaces can be read from outside without entering it.`
      );
    case 'netns.del':
      return (
        `Deletes the namespace ${step.name} and everything in it: its virtual devices are destroyed ` +
        `(a veth end takes its peer with it) and its routes and firewall rules vanish.`
      );
    case 'link.add':
      return explainLinkAdd(step.device, step.netns);
    case 'link.del':
      return (
        `Deletes the device ${step.ifname} ${where} with its addresses and the routes through it; ` +
        `deleting one end of a veth pair deletes the other end too.`
      );
    case 'link.set':
      return explainLinkSet(step, where);
    case 'addr.add':
      return (
        `Gives ${step.ifname} ${where} the address ${cidrLabel(step.cidr)}: the namespace now answers to it, ` +
        `and the kernel adds a route through ${step.ifname} to the rest of that subnet.`
      );
    case 'addr.del':
      return (
        `Removes the address ${cidrLabel(step.cidr)} from ${step.ifname} ${where}, ` +
        `and with it the route to that subnet the kernel had added through ${step.ifname}.`
      );
    case 'route.add':
      return `Adds a route ${where}: ${routeMeaning(step.route)}.`;
    case 'route.del':
      return (
        `Removes the route to ${step.route.to === 'default' ? 'everywhere else (the default route)' : step.route.to} ` +
        `from the routing table ${where}, so packets for it no longer go that way.`
      );
    case 'sysctl.set':
      return step.value
        ? `Turns on IPv4 forwarding in ${step.name} (${step.key}=1): the namespace now passes packets ` +
            `from one of its interfaces to another, like a router, instead of dropping those not addressed to it.`
        : `Turns off IPv4 forwarding in ${step.name} (${step.key}=0): the namespace drops packets ` +
            `not addressed to it instead of passing them on like a router.`;
    case 'nat.set':
      return (
        `Writes netloom's nftables table ${step.table} in ${step.netns} in one transaction, ` +
        `replacing what it held: ${natMeaning(step.nat)}; no other table is touched.`
      );
    case 'nat.del':
      return (
        `Deletes netloom's nftables table ${step.table} in ${step.netns}, and with it every NAT rule ` +
        `netloom wrote there; no other table is touched.`
      );
    case 'qdisc.set':
      return (
        `Puts a queueing discipline on ${step.ifname} ${where} that makes its link worse on purpose ` +
        `(${usesNetem(step.impair) ? 'netem, the network emulator' : 'tbf, a token bucket'}): every packet leaving by ` +
        `${step.ifname} ${impairMeaning(step.impair)}; packets coming in are not touched.`
      );
    case 'qdisc.del':
      return (
        `Removes netloom's queueing discipline from ${step.ifname} ${where}: packets leave by it ` +
        `at once again, with no added delay, loss or rate limit.`
      );
    default:
      return assertNever(step, 'plan step');
  }
}

const place = (netns: string | null): string => (netns === null ? 'in the root namespace' : `in ${netns}`);

function explainLinkAdd(device: DeviceObject, from: string | null): string {
  switch (device.kind) {
    case 'veth': {
      const [local, peer] = device.a.netns === from ? [device.a, device.b] : [device.b, device.a];
      return (
        `Creates a veth pair, two virtual Ethernet devices joined like the ends of a cable ` +
        `(what goes into one comes out of the other): ${local.ifname} ${place(local.netns)} ` +
        `and ${peer.ifname} ${place(peer.netns)}.`
      );
    }
    case 'bridge':
      return (
        `Creates the bridge ${device.iface.ifname} ${place(device.iface.netns)}: a virtual Ethernet switch ` +
        `that learns which MAC address is behind each of its ports and forwards frames between them` +
        (device.stp ? `, running the spanning tree protocol to block loops.` : `.`)
      );
    case 'tap':
      return (
        `Creates the tap device ${device.iface.ifname} ${place(device.iface.netns)}: a virtual Ethernet card ` +
        `whose far end is a program (a virtual machine, say) that reads and writes whole Ethernet frames through /dev/net/tun.`
      );
    case 'tun':
      return (
        `Creates the tun device ${device.iface.ifname} ${place(device.iface.netns)}: a virtual point-to-point card ` +
        `whose far end is a program (a VPN, say) that reads and writes bare IP packets, without Ethernet headers, through /dev/net/tun.`
      );
    case 'vxlan': {
      const peer =
        device.remote !== undefined
          ? `to the remote VTEP ${device.remote}`
          : device.group !== undefined
            ? `to the multicast group ${device.group}`
            : `to wherever its forwarding database says`;
      return (
        `Creates the VXLAN device ${device.iface.ifname} ${place(device.iface.netns)}, a tunnel endpoint (VTEP): ` +
        `it wraps each Ethernet frame in a UDP packet to port ${device.port} tagged with VNI ${device.vni} ` +
        `and sends it ${peer}${device.underlay === undefined ? '' : ` out of ${device.underlay}`}, ` +
        `so both ends share one Ethernet segment across an IP network.`
      );
    }
    default:
      return assertNever(device, 'device');
  }
}

type LinkSet = Extract<Step, { op: 'link.set' }>;

function explainLinkSet(step: LinkSet, where: string): string {
  if (step.atCreation === true) {
    return (
      `Labels ${step.ifname} ${where} with netloom's ownership marker (its alias)` +
      `${step.mac === undefined ? '' : ` and gives it the MAC address ${step.mac}`} right after creating it, ` +
      `because tuntap add takes neither.`
    );
  }
  const clauses = [
    ...(step.master === undefined
      ? []
      : step.master === null
        ? ['takes it out of its bridge']
        : [`plugs it into the bridge ${step.master} as a port, so the bridge forwards frames to and from it`]),
    ...(step.mtu === undefined ? [] : [`sets its MTU, the largest packet it sends, to ${step.mtu} bytes`]),
    ...(step.mac === undefined ? [] : [`gives it the MAC address ${step.mac}`]),
    ...(step.stp === undefined
      ? []
      : [`turns the spanning tree protocol ${step.stp ? 'on' : 'off'} (it finds and blocks loops between bridges)`]),
    ...(step.alias === undefined ? [] : [`labels it with netloom's ownership marker (its alias)`]),
    ...(step.up === undefined
      ? []
      : [step.up ? 'brings it up, so it can send and receive' : 'sets it down, so it stops sending and receiving']),
  ];
  const subject = step.ifname === 'lo' ? `the loopback device lo ${where}` : `${step.ifname} ${where}`;
  if (clauses.length === 0) return `Sets nothing on ${subject}.`;
  return `Configures ${subject}: ${joinClauses(clauses)}.`;
}

const joinClauses = (clauses: readonly string[]): string =>
  clauses.length === 1 ? clauses[0]! : `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]!}`;

function cidrLabel(cidr: string): string {
  const slash = cidr.indexOf('/');
  return slash < 0 ? cidr : `${cidr.slice(0, slash)} with prefix length ${cidr.slice(slash + 1)}`;
}

function routeMeaning(route: RouteSpec): string {
  const what =
    route.to === 'default' || route.to.endsWith('/0')
      ? 'packets for any address no other route covers'
      : `packets for ${route.to}`;
  const how = [
    ...(route.via === undefined ? [] : [`to the gateway ${route.via}`]),
    ...(route.dev === undefined ? [] : [`out of ${route.dev}`]),
  ];
  return `${what} go ${how.length === 0 ? 'nowhere new' : how.join(' ')}`;
}

function natMeaning(nat: NatSpec): string {
  const parts = [
    ...nat.masquerade.map(
      (dev) =>
        `packets leaving by ${dev} get ${dev}'s own address as their source (masquerade), so replies come back to it`,
    ),
    ...nat.forwards.map(
      (f) =>
        `${f.protocol.toUpperCase()} connections to port ${f.port}${f.address === undefined ? '' : ` of ${f.address}`}` +
        `${f.dev === undefined ? '' : ` arriving on ${f.dev}`} are sent on to ${f.to} port ${f.toPort}`,
    ),
  ];
  return parts.length === 0 ? 'no rule, so nothing is translated' : joinClauses(parts);
}

function impairMeaning(i: ImpairSpec): string {
  const parts = [
    ...(i.delayMs > 0 || i.jitterMs > 0
      ? [`waits ${i.delayMs} ms${i.jitterMs > 0 ? ` give or take ${i.jitterMs} ms` : ''}`]
      : []),
    ...(i.lossPercent > 0 ? [`is dropped with a chance of ${i.lossPercent}%`] : []),
    ...(i.duplicatePercent > 0 ? [`is sent twice with a chance of ${i.duplicatePercent}%`] : []),
    ...(i.reorderPercent > 0 ? [`skips the wait with a chance of ${i.reorderPercent}%, overtaking others`] : []),
    ...(i.rateKbit > 0 ? [`is held back so no more than ${rateLabel(i.rateKbit)} leave`] : []),
  ];
  return parts.length === 0 ? 'goes on as before' : joinClauses(parts);
}
