import { describe, expect, it } from 'vitest';

import { isLoopbackHost, remoteRefusal } from './loopback';

describe('loopback addresses', () => {
  it('knows the loopback addresses and nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.1', '10.0.0.1', 'example.com', '127.0.0.1.example', '128.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a non-loopback address unless --allow-remote is given, saying what it exposes', () => {
    expect(remoteRefusal('0.0.0.0', false)).toMatch(
      /^--host 0\.0\.0\.0 is not a loopback address: .* as root .*--allow-remote/,
    );
    expect(remoteRefusal('0.0.0.0', true)).toBeNull();
    expect(remoteRefusal('127.0.0.1', false)).toBeNull();
  });
});
