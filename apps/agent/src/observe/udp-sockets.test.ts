import { describe, expect, it } from 'vitest';

import { parseSs } from './udp-sockets';

describe('parseSs', () => {
  it('reads the local address of each socket, its family and port', () => {
    // Captured from `ss -uanH` with a program's sockets and two VXLANs' (0.0.0.0:5000, [::]:5000).
    const out = [
      'UNCONN 0      0      127.0.0.1:4789 0.0.0.0:*',
      'UNCONN 0      0        0.0.0.0:5000 0.0.0.0:*',
      'UNCONN 0      0              *:4790       *:*',
      'UNCONN 0      0           [::]:4791    [::]:*',
      'UNCONN 0      0     0.0.0.0%eth0:68 0.0.0.0:*',
      'UNCONN 0      0  [fe80::1]%eth0:546    [::]:*',
      'UNCONN 0      0  [::ffff:127.0.0.1]:53 *:*',
      '',
    ].join('\n');
    expect(parseSs(out)).toEqual([
      { family: 4, address: '127.0.0.1', port: 4789 },
      { family: 4, address: '0.0.0.0', port: 5000 },
      { family: 'both', address: '*', port: 4790 },
      { family: 6, address: '::', port: 4791 },
      { family: 4, address: '0.0.0.0', port: 68 },
      { family: 6, address: 'fe80::1', port: 546 },
      { family: 4, address: '127.0.0.1', port: 53 },
    ]);
  });
});
