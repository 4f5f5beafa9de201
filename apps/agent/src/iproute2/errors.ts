export type IpErrorCode =
  'EXISTS' | 'NO_DEVICE' | 'NO_NETNS' | 'PERMISSION' | 'BAD_ARGUMENT' | 'BUSY' | 'TIMEOUT' | 'UNKNOWN';

/** iproute2 exit codes are not specific (1, 2 and 255 all occur), so stderr is the signal. Order matters. */
const RULES: ReadonlyArray<readonly [RegExp, IpErrorCode]> = [
  [/Operation not permitted|Permission denied/, 'PERMISSION'],
  [/File exists/, 'EXISTS'],
  [/Cannot open network namespace|Invalid netns value|No such file or directory/, 'NO_NETNS'],
  [/Cannot find device|Device does not exist|No such device/, 'NO_DEVICE'],
  [/Device or resource busy/, 'BUSY'],
  [/argument ".*" is wrong|Invalid argument|Error: either|garbage/, 'BAD_ARGUMENT'],
];

export function classifyIpError(stderr: string, timedOut = false): IpErrorCode {
  if (timedOut) return 'TIMEOUT';
  return RULES.find(([re]) => re.test(stderr))?.[1] ?? 'UNKNOWN';
}

/**
 * Whether a failed deletion failed only because its target is already gone, which is what it
 * wanted: the kernel removes a veth's peer with it, a VXLAN with its underlay, a device with its
 * namespace, an address or route with its device. Deletions are idempotent this way.
 */
export function isAlreadyGone(op: string, stderr: string): boolean {
  switch (op) {
    case 'link.del':
      return /Cannot find device|No such device/.test(stderr);
    case 'netns.del':
      return /No such file or directory/.test(stderr);
    case 'addr.del':
      return /Cannot assign requested address|Cannot find device/.test(stderr);
    case 'route.del':
      return /No such process|Cannot find device/.test(stderr);
    default:
      return false;
  }
}
