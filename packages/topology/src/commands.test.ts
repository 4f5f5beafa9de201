import { describe, expect, it } from 'vitest';

import type { Step } from './step';

import { batchLine, renderCommand } from './commands';

const iface = (netns: string | null, ifname: string) => ({ netns, ifname, addresses: [], master: null, up: true });

/** Golden commands: a reviewer sees the exact argv in the diff. */
describe('renderCommand', () => {
  it('creates a veth from the root namespace, its peer straight in the namespace', () => {
    const step: Step = {
      op: 'link.add',
      netns: null,
      object: 'l1',
      device: { kind: 'veth', key: 'l1', a: iface('ns1', 'eth0'), b: iface(null, 'veth-ns1') },
    };
    expect(renderCommand(step)).toEqual([
      'ip',
      'link',
      'add',
      'name',
      'veth-ns1',
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      'ns1',
    ]);
  });

  it('creates a veth between two namespaces from the first one', () => {
    const step: Step = {
      op: 'link.add',
      netns: 'h1',
      object: 'u',
      device: { kind: 'veth', key: 'u', a: iface('h1', 'u0'), b: iface('h2', 'u0') },
    };
    expect(renderCommand(step)).toEqual([
      'ip',
      '-n',
      'h1',
      'link',
      'add',
      'name',
      'u0',
      'type',
      'veth',
      'peer',
      'name',
      'u0',
      'netns',
      'h2',
    ]);
  });

  it('creates each end of a veth and a bridge with the MAC it asks for, keyword before value', () => {
    const veth: Step = {
      op: 'link.add',
      netns: null,
      object: 'l1',
      device: {
        kind: 'veth',
        key: 'l1',
        a: { ...iface('ns1', 'eth0'), mac: '02:00:00:00:00:0a' },
        b: { ...iface(null, 'veth-ns1'), mac: '02:00:00:00:00:0b' },
      },
    };
    const bridge: Step = {
      op: 'link.add',
      netns: null,
      object: 'b',
      device: { kind: 'bridge', key: 'b', iface: { ...iface(null, 'br0'), mac: '02:00:00:00:00:0c' }, stp: false },
    };
    expect([batchLine(veth), batchLine(bridge)]).toEqual([
      'link add name veth-ns1 address 02:00:00:00:00:0b type veth peer name eth0 address 02:00:00:00:00:0a netns ns1',
      'link add name br0 address 02:00:00:00:00:0c type bridge stp_state 0',
    ]);
  });

  it('creates a vxlan with every option, keyword before value', () => {
    const step: Step = {
      op: 'link.add',
      netns: 'h1',
      object: 'vx',
      device: {
        kind: 'vxlan',
        key: 'vx',
        iface: { ...iface('h1', 'vxlan42'), mac: '02:00:00:00:00:0d' },
        vni: 42,
        port: 4789,
        local: '10.0.0.1',
        remote: '10.0.0.2',
        underlay: 'u0',
      },
    };
    expect(renderCommand(step)).toEqual([
      'ip',
      '-n',
      'h1',
      'link',
      'add',
      'name',
      'vxlan42',
      'address',
      '02:00:00:00:00:0d',
      'type',
      'vxlan',
      'id',
      '42',
      'dstport',
      '4789',
      'local',
      '10.0.0.1',
      'remote',
      '10.0.0.2',
      'dev',
      'u0',
    ]);
  });

  it('creates a tap with tuntap inside its namespace', () => {
    const step: Step = {
      op: 'link.add',
      netns: 'vm',
      object: 't',
      device: { kind: 'tap', key: 't', iface: iface('vm', 'tap0') },
    };
    expect(renderCommand(step)).toEqual(['ip', '-n', 'vm', 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']);
  });

  it('configures a link: alias, master, mtu, address, state, bridge options last', () => {
    const step: Step = {
      op: 'link.set',
      netns: null,
      object: 'b',
      ifname: 'br0',
      alias: 'netloom:t/b',
      master: null,
      mtu: 1400,
      mac: '02:00:00:00:00:01',
      up: false,
      stp: true,
    };
    expect(renderCommand(step)).toEqual([
      'ip',
      'link',
      'set',
      'dev',
      'br0',
      'alias',
      'netloom:t/b',
      'nomaster',
      'mtu',
      '1400',
      'address',
      '02:00:00:00:00:01',
      'down',
      'type',
      'bridge',
      'stp_state',
      '1',
    ]);
  });

  it('renders namespaces, addresses, routes and forwarding', () => {
    const steps: Step[] = [
      { op: 'netns.add', netns: null, object: 'n', name: 'red' },
      { op: 'netns.id', netns: null, object: 'n', name: 'red' },
      { op: 'netns.del', netns: null, object: 'n', name: 'red' },
      { op: 'addr.add', netns: 'red', object: 'l', ifname: 'eth0', cidr: '10.0.0.2/24' },
      { op: 'route.add', netns: 'red', object: 'n', route: { to: 'default', via: '10.0.0.1' } },
      { op: 'sysctl.set', netns: null, object: 'n', name: 'red', key: 'net.ipv4.ip_forward', value: true },
    ];
    expect(steps.map(renderCommand)).toEqual([
      ['ip', 'netns', 'add', 'red'],
      ['ip', 'netns', 'set', 'red', 'auto'],
      ['ip', 'netns', 'del', 'red'],
      ['ip', '-n', 'red', 'addr', 'add', '10.0.0.2/24', 'dev', 'eth0'],
      ['ip', '-n', 'red', 'route', 'add', 'default', 'via', '10.0.0.1'],
      ['ip', 'netns', 'exec', 'red', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'],
    ]);
  });
});

describe('batchLine', () => {
  it('joins safe tokens', () => {
    expect(batchLine({ op: 'link.del', netns: null, object: 'x', ifname: 'veth0' })).toBe('link del dev veth0');
  });

  it('refuses a token that could change how iproute2 splits the line', () => {
    for (const ifname of ['a b', 'x;y', 'a"b', '#x', 'a\nb']) {
      expect(() => batchLine({ op: 'link.del', netns: null, object: 'x', ifname })).toThrow(/refusing/);
    }
  });
});
