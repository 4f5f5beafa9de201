import { canonicalIp, formatIpv4, isMulticast, parseCidr, parseIpv4, parseIpv6 } from './addressing';
import { quote, type Severity } from './issues';

/**
 * What the kernel does with unusual addresses, checked against Linux 6.18 and iproute2 6.1 in a
 * throwaway namespace (see docs/design.md, "Validation"). An error is what it refuses or silently
 * drops; a warning is what it takes although no host should have it.
 */
export type AddressProblem = { readonly severity: Severity; readonly message: string };

const error = (message: string): AddressProblem => ({ severity: 'error', message });
const warning = (message: string): AddressProblem => ({ severity: 'warning', message });

/** An IPv4 subnet as numbers: its network and broadcast addresses. */
type V4Net = {
  readonly address: number;
  readonly prefix: number;
  readonly network: number;
  readonly broadcast: number;
};

function v4Net(address: number, prefix: number): V4Net {
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  return { address, prefix, network, broadcast: network + size - 1 };
}

const v4Cidr = (n: V4Net) => `${formatIpv4(n.network)}/${n.prefix}`;

/** Whether the kernel makes an on-link subnet route for an address: never for a network of 0.0.0.0 (a /0, or 0.x.y.z/8). */
export function givesOnLinkSubnet(cidrText: string): boolean {
  const cidr = parseCidr(cidrText);
  if (cidr === null || cidr.family === 6) return true;
  return v4Net(parseIpv4(cidr.address) ?? 0, cidr.prefix).network !== 0;
}

/** Why an interface should not (error) or probably does not mean to (warning) hold `cidrText`. */
export function interfaceAddressProblem(cidrText: string): AddressProblem | null {
  const cidr = parseCidr(cidrText);
  if (cidr === null) return null;
  if (cidr.family === 6) return ipv6AddressProblem(cidr.address, cidr.prefix);
  const n = v4Net(parseIpv4(cidr.address) ?? 0, cidr.prefix);
  const ip = cidr.address;
  if (n.address === 0)
    return error(
      "0.0.0.0 is no address: the kernel accepts it on an interface and keeps nothing; write the interface's own address, such as 10.0.0.1/24",
    );
  if (n.prefix === 0)
    return warning(
      `${ip}/0 has prefix 0: the kernel keeps the address but makes no subnet route for it, so no neighbour is reachable through it; write the subnet's prefix, such as ${ip}/24`,
    );
  if (n.address < 2 ** 24)
    return warning(
      `${ip} is in 0.0.0.0/8 ("this network"), which is no host's address, and the kernel makes no subnet route for a network of 0.0.0.0; write another address`,
    );
  if (n.address >= 0x7f000000 && n.address < 0x80000000)
    return warning(
      `${ip} is a loopback address (127.0.0.0/8): packets to it never leave the namespace, so no neighbour reaches it here; write another address`,
    );
  if (isMulticast(ip))
    return warning(
      `${ip} is a multicast address: hosts join groups but do not own them, and no neighbour sends to it as a host; write a unicast address`,
    );
  if (n.address === 0xffffffff)
    return warning('255.255.255.255 is the broadcast address of every network; write a host address');
  if (n.prefix <= 30 && (n.address === n.broadcast || n.address === n.network)) {
    const what = n.address === n.broadcast ? 'broadcast' : 'network';
    return warning(
      `${ip} is the ${what} address of ${v4Cidr(n)}, which no host uses; write an address between ${formatIpv4(n.network + 1)} and ${formatIpv4(n.broadcast - 1)}`,
    );
  }
  return null;
}

function ipv6AddressProblem(ip: string, prefix: number): AddressProblem | null {
  const groups = parseIpv6(ip) ?? [];
  if (ip === '::')
    return error(
      ':: is the unspecified address, which the kernel refuses on an interface ("Invalid address"); write the interface\'s own address, such as fd00::1/64',
    );
  if (ip === '::1')
    return error(
      '::1 is the loopback address, which the kernel allows only on lo; write another address, such as fd00::1/64',
    );
  if (isMulticast(ip))
    return error(
      `${ip} is a multicast address, which the kernel refuses as an interface's address; write a unicast address, such as fd00::1/64 (hosts join groups; they do not own them)`,
    );
  if (prefix === 0)
    return warning(
      `${ip}/0 has prefix 0: every IPv6 destination becomes on-link through this interface; write the subnet's prefix, such as ${ip}/64`,
    );
  if (prefix <= 126 && hostBitsZero(groups, prefix))
    return warning(
      `${ip} is the subnet-router anycast address of ${ip}/${prefix}, which is no single host's; write a host address on that subnet`,
    );
  return null;
}

function hostBitsZero(groups: readonly number[], prefix: number): boolean {
  return groups.every((g, i) => {
    const keep = Math.min(16, Math.max(0, prefix - i * 16));
    return g % 2 ** (16 - keep) === 0;
  });
}

/** An address the namespace holds, for gateway checks. */
export type HeldAddress = { readonly cidr: string; readonly ifname: string };

/**
 * Why a route's gateway is refused by the kernel (error) or probably wrong (warning), given the
 * addresses the namespace holds (lo's included). Reachability (is it on-link) is `routeRefusal`'s.
 */
export function gatewayProblem(via: string, held: readonly HeldAddress[]): AddressProblem | null {
  const gw = canonicalIp(via);
  if (gw === null) return null;
  const v6 = gw.family === 6;
  if (gw.address === '0.0.0.0' || gw.address === '::')
    return error(
      `${gw.address} is no gateway; for a route straight out of an interface, leave \`via\` out and give \`dev\``,
    );
  if (isMulticast(gw.address))
    return error(
      `${gw.address} is a multicast address, and the kernel refuses it as a gateway; a gateway is one neighbour's unicast address`,
    );
  if (gw.address === '255.255.255.255')
    return error(
      "255.255.255.255 is the broadcast address, and the kernel refuses it as a gateway; write the router's address",
    );
  const own = held.find((h) => parseCidr(h.cidr)?.address === gw.address);
  if (own !== undefined || gw.address === '::1') {
    const where = own === undefined ? 'lo' : own.ifname;
    const text = `${gw.address} is this namespace's own address (on ${quote(where)})`;
    return v6
      ? error(`${text}, and the kernel refuses a local IPv6 gateway; write the router's address`)
      : warning(
          `${text}: what the route sends would come back to it instead of reaching a router; write the router's address`,
        );
  }
  if (v6) return null;
  const value = parseIpv4(gw.address) ?? 0;
  if (value >= 0x7f000000 && value < 0x80000000)
    return warning(
      `${gw.address} is a loopback address: what the route sends never leaves the namespace; write the router's address`,
    );
  for (const h of held) {
    const cidr = parseCidr(h.cidr);
    if (cidr === null || cidr.family === 6 || cidr.prefix > 30) continue;
    const n = v4Net(parseIpv4(cidr.address) ?? 0, cidr.prefix);
    if (n.network === 0) continue;
    const on = `${v4Cidr(n)} (on ${quote(h.ifname)})`;
    if (value === n.broadcast)
      return error(
        `${gw.address} is the broadcast address of ${on}, and the kernel refuses it as a gateway; write the router's address on that subnet`,
      );
    if (value === n.network)
      return warning(
        `${gw.address} is the network address of ${on}, which no router uses; write the router's address on that subnet`,
      );
  }
  return null;
}
