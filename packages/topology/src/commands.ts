import { impairLabel } from './impair';
import type { DeviceObject, NatSpec, RouteSpec } from './kernel';
import { assertNever } from './result';
import { routeLabel } from './routes';
import type { Step } from './step';

import { nftDelete, nftReplace } from './nft';
import { qdiscDelete, qdiscReplace } from './tc';

/**
 * Step → iproute2 arguments. Pure: no shell, no string building beyond joining validated
 * tokens into a batch line. The keyword always comes before a name (`name X`, `dev X`):
 * iproute2 prefix-matches keywords, so a bare name could be read as one.
 */

/** The arguments after `ip [-n NS]`: what goes on one `ip -batch` line. */
export function renderLine(step: Step): readonly string[] {
  switch (step.op) {
    case 'netns.add':
      return ['netns', 'add', step.name];
    case 'netns.id':
      return ['netns', 'set', step.name, 'auto'];
    case 'netns.del':
      return ['netns', 'del', step.name];
    case 'link.add':
      return renderLinkAdd(step.device, step.netns);
    case 'link.del':
      return ['link', 'del', 'dev', step.ifname];
    case 'link.set':
      return [
        'link',
        'set',
        'dev',
        step.ifname,
        ...opt('alias', step.alias),
        ...(step.master === undefined ? [] : step.master === null ? ['nomaster'] : ['master', step.master]),
        ...opt('mtu', step.mtu),
        ...opt('address', step.mac),
        ...(step.up === undefined ? [] : [step.up ? 'up' : 'down']),
        // Type-specific arguments come last: everything after `type` belongs to the bridge.
        ...(step.stp === undefined ? [] : ['type', 'bridge', 'stp_state', step.stp ? '1' : '0']),
      ];
    case 'addr.add':
      return ['addr', 'add', step.cidr, 'dev', step.ifname];
    case 'addr.del':
      return ['addr', 'del', step.cidr, 'dev', step.ifname];
    case 'route.add':
      return ['route', 'add', ...renderRoute(step.route)];
    case 'route.del':
      return ['route', 'del', ...renderRoute(step.route)];
    case 'sysctl.set':
      return ['netns', 'exec', step.name, 'sysctl', '-q', '-w', `${step.key}=${step.value ? '1' : '0'}`];
    case 'nat.set':
      return ['netns', 'exec', step.netns, 'nft', ...nftReplace(step.table, step.nat)];
    case 'nat.del':
      return ['netns', 'exec', step.netns, 'nft', ...nftDelete(step.table)];
    case 'qdisc.set':
      return ['netns', 'exec', step.netns, 'tc', ...qdiscReplace(step.ifname, step.impair)];
    case 'qdisc.del':
      return ['netns', 'exec', step.netns, 'tc', ...qdiscDelete(step.ifname)];
    default:
      return assertNever(step, 'plan step');
  }
}

/** The standalone command a person could type: `ip [-n NS] …`. */
export function renderCommand(step: Step): readonly string[] {
  // `ip netns exec NS nft …` and `ip netns exec NS tc …` already name their namespace.
  if (step.op === 'nat.set' || step.op === 'nat.del' || step.op === 'qdisc.set' || step.op === 'qdisc.del')
    return ['ip', ...renderLine(step)];
  return ['ip', ...inNetns(step.netns), ...renderLine(step)];
}

function renderLinkAdd(device: DeviceObject, from: string | null): readonly string[] {
  switch (device.kind) {
    case 'veth': {
      // Made from the namespace of one end (`from`); the other end is created straight in its own.
      const [local, peer] = device.a.netns === from ? [device.a, device.b] : [device.b, device.a];
      return [
        'link',
        'add',
        'name',
        local.ifname,
        ...opt('address', local.mac),
        'type',
        'veth',
        'peer',
        'name',
        peer.ifname,
        ...opt('address', peer.mac),
        ...(peer.netns !== from && peer.netns !== null ? ['netns', peer.netns] : []),
      ];
    }
    case 'bridge':
      // An explicit address also stops a bridge from taking the lowest MAC of its ports.
      return [...linkAdd(device.iface, 'bridge'), 'stp_state', device.stp ? '1' : '0'];
    case 'tap':
    case 'tun':
      return ['tuntap', 'add', 'dev', device.iface.ifname, 'mode', device.kind];
    case 'vxlan':
      return [
        ...linkAdd(device.iface, 'vxlan'),
        'id',
        String(device.vni),
        'dstport',
        String(device.port),
        ...opt('local', device.local),
        ...opt('remote', device.remote),
        ...opt('group', device.group),
        ...opt('dev', device.underlay),
      ];
    default:
      return assertNever(device, 'device');
  }
}

/** `link add name X [address M] type KIND`: what follows are KIND's own arguments. */
const linkAdd = (iface: { readonly ifname: string; readonly mac?: string | undefined }, kind: string): string[] => [
  'link',
  'add',
  'name',
  iface.ifname,
  ...opt('address', iface.mac),
  'type',
  kind,
];

function renderRoute(route: RouteSpec): string[] {
  return [route.to, ...opt('via', route.via), ...opt('dev', route.dev)];
}

const inNetns = (netns: string | null): string[] => (netns === null ? [] : ['-n', netns]);
const opt = (keyword: string, value: string | number | undefined): string[] =>
  value === undefined ? [] : [keyword, String(value)];

/** What a batch line may contain: validated names, numbers, addresses, markers, tc's percentages. Never spaces, quotes or `#`. */
const SAFE_TOKEN = /^[A-Za-z0-9_.:/=%-]+$/;

/** nft's own separators, alone as tokens: iproute2's batch reader splits on blanks and treats only quotes and `#` specially. */
const NFT_PUNCTUATION = new Set([';', '{', '}']);

/** One `ip -batch` line. Throws on a token that could change how iproute2 splits the line (a bug: names are validated earlier). */
export function batchLine(step: Step): string {
  const tokens = renderLine(step);
  const bad = tokens.find((t) => !SAFE_TOKEN.test(t) && !NFT_PUNCTUATION.has(t));
  if (bad !== undefined) throw new Error(`refusing to put ${JSON.stringify(bad)} into an ip batch line`);
  return tokens.join(' ');
}

/** One line for people. */
export function summarize(step: Step): string {
  const where = step.netns === null ? '' : ` in ${step.netns}`;
  switch (step.op) {
    case 'netns.add':
      return `create namespace ${step.name}`;
    case 'netns.id':
      return `give namespace ${step.name} an id, so the agent can watch it without entering it`;
    case 'netns.del':
      return `delete namespace ${step.name} (and everything in it)`;
    case 'link.add': {
      const d = step.device;
      if (d.kind === 'veth') return `create veth ${d.key}: ${end(d.a)} <-> ${end(d.b)}`;
      return `create ${d.kind} ${d.iface.ifname}${where}`;
    }
    case 'link.del':
      return `delete ${step.ifname}${where}`;
    case 'link.set':
      return `configure ${step.ifname}${where}`;
    case 'addr.add':
      return `add ${step.cidr} to ${step.ifname}${where}`;
    case 'addr.del':
      return `remove ${step.cidr} from ${step.ifname}${where}`;
    case 'route.add':
      return `add route to ${routeLabel(step.route)}${where}`;
    case 'route.del':
      return `remove route to ${routeLabel(step.route)}${where}`;
    case 'sysctl.set':
      return `${step.value ? 'enable' : 'disable'} IPv4 forwarding in ${step.name}`;
    case 'nat.set':
      return `set NAT in ${step.netns} (nftables table ${step.table}: ${natLabel(step.nat)})`;
    case 'nat.del':
      return `remove NAT from ${step.netns} (nftables table ${step.table})`;
    case 'qdisc.set':
      return `impair ${step.ifname} (${step.netns}): ${impairLabel(step.impair)}`;
    case 'qdisc.del':
      return `remove the impairments of ${step.ifname} (${step.netns})`;
    default:
      return assertNever(step, 'plan step');
  }
}

function natLabel(nat: NatSpec): string {
  return [
    ...nat.masquerade.map((dev) => `masquerade out of ${dev}`),
    ...nat.forwards.map(
      (f) =>
        `${f.protocol} ${f.address ?? ''}:${f.port}${f.dev === undefined ? '' : ` on ${f.dev}`} -> ${f.to}:${f.toPort}`,
    ),
  ].join(', ');
}

const end = (iface: { netns: string | null; ifname: string }) =>
  `${iface.ifname}${iface.netns === null ? '' : ` (${iface.netns})`}`;
