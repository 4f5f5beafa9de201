/** An address only this host can reach: 127.0.0.0/8, ::1 (also as an IPv4-mapped address), or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    /^(0{0,4}:){7}0{0,3}1$/.test(bare)
  );
}

/**
 * Why `serve` refuses to listen on `host`, or null: a non-loopback address needs `--allow-remote`,
 * since the agent runs as root and whoever reaches it with the token runs commands as root.
 */
export function remoteRefusal(host: string, allowRemote: boolean): string | null {
  if (allowRemote || isLoopbackHost(host)) return null;
  return (
    `--host ${host} is not a loopback address: anyone who can reach it and has the token controls this host as root ` +
    '(creates and deletes namespaces and interfaces, runs ping and capture), and the token and everything else go ' +
    'over plain HTTP; add --allow-remote to listen there anyway'
  );
}
