/** Where `ip netns add` puts its namespaces. */
export const NETNS_DIR = '/run/netns';

/**
 * `argv` run inside a named namespace (null: the root one), entered with `nsenter --net=…`
 * rather than `ip -n NS`: `ip -n` also unshares the mount namespace to remount /sys, which copies
 * the mount table, one mount per namespace present, on every call (PERFORMANCE.md).
 */
export function inNetns(netns: string | null, argv: readonly string[]): string[] {
  return netns === null ? [...argv] : ['nsenter', `--net=${NETNS_DIR}/${netns}`, ...argv];
}

/**
 * `argv` run through `ip netns exec NS` (null: as it is): what a person types, shown as such in
 * probes and checks. Costlier than `inNetns`, which commands run often should use.
 */
export function ipNetnsExec(netns: string | null, argv: readonly [string, ...string[]]): [string, ...string[]] {
  return netns === null ? [...argv] : ['ip', 'netns', 'exec', netns, ...argv];
}
