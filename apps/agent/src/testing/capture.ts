import { spawn } from 'node:child_process';

/**
 * The source address of the first ICMP echo request that `netns` sees on `eth0` while `send`
 * runs: what a capture on that side of the wire shows (`tcpdump -n`). It waits for tcpdump to
 * say it is listening before sending, so the packet cannot slip past before the capture starts.
 */
export async function captureEchoSource(netns: string, send: () => unknown, ifname = 'eth0'): Promise<string> {
  const tcpdump = spawn(
    'ip',
    ['netns', 'exec', netns, 'tcpdump', '-n', '-l', '-c', '1', '-i', ifname, 'icmp[icmptype] == icmp-echo'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  tcpdump.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => tcpdump.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let err = '';
    tcpdump.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('listening on')) resolve();
    });
    tcpdump.once('exit', (code) => reject(new Error(`tcpdump in ${netns} exited with ${code}: ${err}`)));
  });
  send();
  if ((await exited) !== 0) throw new Error(`tcpdump in ${netns} failed: ${out}`);
  // "12:00:00.000000 IP 203.0.113.2 > 203.0.113.1: ICMP echo request, id 7, seq 1, length 64"
  const source = /\bIP (\S+) > \S+: ICMP echo request/.exec(out)?.[1];
  if (source === undefined) throw new Error(`tcpdump in ${netns} saw no echo request: ${out}`);
  return source;
}
