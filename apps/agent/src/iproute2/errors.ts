export type IpErrorCode = 'EXISTS' | 'NO_DEVICE' | 'NO_NETNS' | 'PERMISSION' | 'BAD_ARGUMENT' | 'BUSY' | 'TIMEOUT' | 'UNKNOWN';

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
