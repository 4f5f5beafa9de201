import { describe, expect, it } from 'vitest';

import { deriveDesired } from './derive';
import { formatIssue } from './issues';
import {
  aBridge,
  aBridgeDemo,
  aDocument,
  aNamespace,
  aRoot,
  aTap,
  aVeth,
  aVxlan,
  problems,
  withField,
  withoutField,
} from './testing';
import { validateDocument } from './validate';

/** Root, a namespace, a bridge with a tap on it, and a veth from the namespace to the bridge. */
const base = aDocument({
  nodes: [aRoot('host'), aNamespace('ns1', 'netns1'), aBridge('br', 'br0'), aTap('t', 'tap0', { master: 'br' })],
  links: [aVeth('l1', ['ns1', 'veth1'], ['br', 'veth-br'])],
});

describe('validateDocument: the document as a whole', () => {
  it('accepts the DESIGN.md example and returns it typed', () => {
    const result = validateDocument(aBridgeDemo());
    expect(result).toEqual({ ok: true, value: aBridgeDemo() });
  });

  it('fills in the default of an omitted links list', () => {
    const result = validateDocument(withoutField(base, ['links']));
    expect(result.ok && result.value.links).toEqual([]);
  });

  it.each([null, [], 'version: 1', 42])('refuses %j as not a document', (input) => {
    expect(problems(input)).toEqual([['(document)', 'NOT_A_DOCUMENT']]);
  });

  it('refuses another format version, saying which one it reads', () => {
    const result = validateDocument(withField(base, ['version'], 2));
    expect(problems(withField(base, ['version'], 2))).toEqual([['version', 'INVALID_VALUE']]);
    expect(!result.ok && result.error[0]?.message).toMatch(/version 1/);
  });

  it('reports a missing name as MISSING_FIELD', () => {
    expect(problems(withoutField(base, ['name']))).toEqual([['name', 'MISSING_FIELD']]);
  });

  it('reports missing nodes, and the links that then point nowhere', () => {
    expect(problems(withoutField(base, ['nodes']))).toEqual([
      ['nodes', 'MISSING_FIELD'],
      ['links[0].a.node', 'MISSING_NODE'],
      ['links[0].b.node', 'MISSING_NODE'],
    ]);
  });

  it('reports a value of the wrong type as INVALID_VALUE, not as missing', () => {
    expect(problems(withField(base, ['nodes', 2, 'mtu'], '1500'))).toEqual([['nodes[2].mtu', 'INVALID_VALUE']]);
    expect(problems(withField(base, ['nodes', 1, 'name'], 5))).toEqual([['nodes[1].name', 'INVALID_VALUE']]);
  });

  it.each(['Lab', 'a_b', 'a'.repeat(33), ''])('refuses the topology name %j', (name) => {
    expect(problems(withField(base, ['name'], name))).toEqual([['name', 'INVALID_VALUE']]);
  });

  it('accepts a 32-character topology name', () => {
    expect(problems(withField(base, ['name'], 'a-1'.repeat(10) + 'zz'))).toEqual([]);
  });
});

describe('validateDocument: unknown fields, at any depth', () => {
  it.each([
    [['colour'], 'colour'],
    [['nodes', 2, 'colour'], 'nodes[2].colour'],
    [['links', 0, 'colour'], 'links[0].colour'],
    [['links', 0, 'a', 'colour'], 'links[0].a.colour'],
  ] as const)('reports %j as UNKNOWN_FIELD at its path', (path, expected) => {
    expect(problems(withField(base, path, 'red'))).toEqual([[expected, 'UNKNOWN_FIELD']]);
  });

  it('reports an unknown field inside a route and inside a layout position', () => {
    const doc = withField(
      withField(base, ['nodes', 1, 'routes'], [{ to: 'default', via: '10.0.0.1', metric: 5 }]),
      ['layout'],
      { ns1: { x: 1, y: 2, z: 3 } },
    );
    // The route is still checked without its unknown field: its gateway is on none of ns1's subnets.
    expect(problems(doc)).toEqual([
      ['nodes[1].routes[0].metric', 'UNKNOWN_FIELD'],
      ['layout.ns1.z', 'UNKNOWN_FIELD'],
      ['nodes[1].routes[0].via', 'BAD_ROUTE'],
    ]);
  });

  it('names the kinds a node can be when its type is unknown', () => {
    const result = validateDocument(withField(base, ['nodes', 2, 'type'], 'switch'));
    expect(problems(withField(base, ['nodes', 2, 'type'], 'switch'))).toEqual([['nodes[2].type', 'INVALID_VALUE']]);
    expect(!result.ok && result.error[0]?.message).toMatch(/root, namespace, bridge, tap, tun, vxlan \(got "switch"\)/);
  });

  it('reports a link of an unknown type at its type', () => {
    expect(problems(withField(base, ['links', 0, 'type'], 'wire'))).toEqual([['links[0].type', 'INVALID_VALUE']]);
  });
});

describe('validateDocument: ids', () => {
  it.each(['a b', 'a.b', '', 'x'.repeat(65)])('refuses the id %j', (id) => {
    expect(problems(withField(base, ['nodes', 2, 'id'], id))).toContainEqual(['nodes[2].id', 'INVALID_VALUE']);
  });

  it('refuses a node id used twice, at the second one', () => {
    expect(problems(withField(base, ['nodes', 3, 'id'], 'br'))).toEqual([['nodes[3].id', 'DUPLICATE_ID']]);
  });

  it('refuses a link id that a node already has', () => {
    expect(problems(withField(base, ['links', 0, 'id'], 'ns1'))).toEqual([['links[0].id', 'DUPLICATE_ID']]);
  });
});

describe('validateDocument: interface and namespace names', () => {
  const ifnamePaths = [
    [['nodes', 2, 'name'], 'nodes[2].name'],
    [['links', 0, 'a', 'name'], 'links[0].a.name'],
  ] as const;
  const badNames = [
    ['longer than 15 bytes', 'abcdefghijklmnop'],
    ['15 characters but 16 bytes of UTF-8', 'abcdefghijklmnö'],
    ['8 two-byte characters', 'éééééééé'],
    ['a shell command', 'x;touch /tmp/p'],
    ['a command substitution', '$(id)'],
    ['a newline inside', 'veth\n0'],
    ['a space', 'veth 0'],
    ['a leading "-"', '-veth'],
    ['a leading "."', '.veth'],
    ['the keyword help', 'help'],
    ['the keyword dev', 'dev'],
    ['the keyword all', 'all'],
    ['a keyword in capitals', 'DEV'],
    ['nothing', ''],
  ] as const;

  for (const [path, expected] of ifnamePaths) {
    it.each(badNames)(`refuses ${expected} with %s`, (_why, name) => {
      expect(problems(withField(base, path, name))).toEqual([[expected, 'INVALID_VALUE']]);
    });
  }

  it.each(['abcdefghijklmno', 'veth-ns1', 'e_5', 'port.1', 'a-', 'br0.100'])(
    'accepts the interface name %j',
    (name) => {
      expect(problems(withField(base, ['nodes', 2, 'name'], name))).toEqual([]);
    },
  );

  it('counts bytes, not characters, and says so', () => {
    const result = validateDocument(withField(base, ['nodes', 2, 'name'], 'éééééééé'));
    expect(!result.ok && result.error[0]?.message).toMatch(/16 bytes/);
  });

  it('shows a newline in a name visibly in the message', () => {
    const result = validateDocument(withField(base, ['nodes', 2, 'name'], 'a\nb'));
    expect(!result.ok && result.error[0]?.message).toContain('"a\\nb"');
  });

  it.each(['$(id)', 'x;touch /tmp/p', 'a\nb', '-n', '.', '..', 'all', 'x'.repeat(65)])(
    'refuses the namespace name %j',
    (name) => {
      expect(problems(withField(base, ['nodes', 1, 'name'], name))).toEqual([['nodes[1].name', 'INVALID_VALUE']]);
    },
  );

  it('accepts a 64-character namespace name', () => {
    expect(problems(withField(base, ['nodes', 1, 'name'], 'n'.repeat(64)))).toEqual([]);
  });
});

describe('validateDocument: numbers', () => {
  const vx = aDocument({ nodes: [aVxlan('vx', 'vxlan42', 42, { port: 4789 })] });

  it.each([1, 16_777_215])('accepts the VNI %d', (vni) => {
    expect(problems(withField(vx, ['nodes', 0, 'vni'], vni))).toEqual([]);
  });

  it.each([0, -1, 16_777_216, 1.5])('refuses the VNI %d', (vni) => {
    expect(problems(withField(vx, ['nodes', 0, 'vni'], vni))).toEqual([['nodes[0].vni', 'INVALID_VALUE']]);
  });

  it.each([1, 65_535])('accepts the port %d', (port) => {
    expect(problems(withField(vx, ['nodes', 0, 'port'], port))).toEqual([]);
  });

  it.each([0, 65_536, -4789])('refuses the port %d', (port) => {
    expect(problems(withField(vx, ['nodes', 0, 'port'], port))).toEqual([['nodes[0].port', 'INVALID_VALUE']]);
  });

  it.each([67, 65_536])('refuses the MTU %d', (mtu) => {
    expect(problems(withField(vx, ['nodes', 0, 'mtu'], mtu))).toEqual([['nodes[0].mtu', 'INVALID_VALUE']]);
  });

  it.each(['02:00:00:00:00', '02-00-00-00-00-01', 'zz:00:00:00:00:01'])('refuses the MAC %j', (mac) => {
    expect(problems(withField(vx, ['nodes', 0, 'mac'], mac))).toEqual([['nodes[0].mac', 'INVALID_VALUE']]);
  });
});

describe('validateDocument: addresses', () => {
  const at = (address: string) => withField(base, ['links', 0, 'a', 'addresses'], [address]);

  it.each([
    '10.0.0.1/24',
    '10.0.0.0/0',
    '10.0.0.1/32',
    'fd00::1/64',
    '2001:db8::1/128',
    '2001:db8::a/119',
    '2001:db8::a/109',
  ])('accepts %j', (cidr) => {
    expect(problems(at(cidr))).toEqual([]);
  });

  it.each([
    '010.0.0.1/24',
    '10.0.0.1/33',
    '10.0.0.1',
    '10.0.0.1/024',
    '10.0.0.256/24',
    '10.0.0/24',
    'fd00::1/129',
    'fd00:::1/64',
    'fd00::1::2/64',
    ' 10.0.0.1/24',
  ])('refuses %j as not a canonical CIDR', (cidr) => {
    expect(problems(at(cidr))).toEqual([['links[0].a.addresses[0]', 'INVALID_VALUE']]);
  });

  it('accepts IPv6 in any valid spelling and derives its canonical form', () => {
    const doc = withField(base, ['links', 0, 'a', 'addresses'], ['FD00:0:0:0:0:0:0:1/64', '2001:DB8:0:0:1:0:0:1/64']);
    const result = validateDocument(doc);
    if (!result.ok) throw new Error('expected a valid document');
    const veth = deriveDesired(result.value).get('l1');
    expect(veth?.kind === 'veth' && veth.a.addresses).toEqual(['2001:db8::1:0:0:1/64', 'fd00::1/64']);
  });

  it('refuses the same address listed twice on one interface, however it is spelled', () => {
    const doc = withField(base, ['links', 0, 'a', 'addresses'], ['fd00::1/64', 'FD00:0::1/64']);
    expect(problems(doc)).toEqual([['links[0].a.addresses[1]', 'DUPLICATE_NAME']]);
  });

  it('catalogue: an address with a trailing newline is refused in one line, the newline shown as \\n', () => {
    const result = validateDocument(at('10.0.0.1/24\n'));
    const messages = result.ok ? [] : result.error.map(formatIssue);
    expect(messages).toEqual([
      'links[0].a.addresses[0]: "10.0.0.1/24\\n" is not an address in CIDR form such as 10.0.0.1/24',
    ]);
  });

  it('keeps every message one line whatever the user wrote: unknown fields, gateways, ids', () => {
    const doc = withField(
      withField(
        withField(base, ['nodes', 1, 'routes'], [{ to: 'default', via: '10.0.0.1\r' }]),
        ['links', 0, 'x\ny'],
        1,
      ),
      ['nodes', 2, 'master\u2028'],
      'br\n',
    );
    const result = validateDocument(doc);
    const lines = result.ok ? [] : result.error.map(formatIssue);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toMatch(/[\n\r\u2028]/);
  });

  it('refuses a gateway that is not an IP address', () => {
    expect(problems(withField(base, ['nodes', 1, 'routes'], [{ to: 'default', via: '10.0.0' }]))).toEqual([
      ['nodes[1].routes[0].via', 'INVALID_VALUE'],
    ]);
  });
});
