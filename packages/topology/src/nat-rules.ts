import type { Node } from './document';
import { quote, type Issue } from './issues';
import type { Place } from './resolve';
import type { Indexed } from './salvage';

/**
 * NAT of a namespace: its interfaces must be the namespace's own (nftables matches by name, so
 * a typo would apply cleanly and never match), and the namespace must forward (NAT rewrites what
 * it routes; without `forwarding: true` nothing is routed through it).
 */
export function natIssues(
  nodes: readonly Indexed<Node>[],
  hasIfname: (place: Place, name: string) => boolean,
): Issue[] {
  const issues: Issue[] = [];
  for (const { item: node, index } of nodes) {
    if (node.type !== 'namespace' || node.nat === undefined) continue;
    const at = (...rest: (string | number)[]) => ['nodes', index, 'nat', ...rest];
    const missing = (path: (string | number)[], dev: string) =>
      issues.push({
        path,
        code: 'BAD_NAT',
        message: `no interface ${quote(dev)} in namespace ${quote(node.name)}; NAT names one of its interfaces`,
        objectId: node.id,
      });
    const masquerade = node.nat.masquerade ?? [];
    const forwards = node.nat.forwards ?? [];
    masquerade.forEach((dev, i) => {
      if (!hasIfname(node, dev)) missing(at('masquerade', i), dev);
    });
    forwards.forEach((f, i) => {
      if (f.dev !== undefined && !hasIfname(node, f.dev)) missing(at('forwards', i, 'dev'), f.dev);
    });
    if ((masquerade.length > 0 || forwards.length > 0) && node.forwarding !== true)
      issues.push({
        path: ['nodes', index, 'forwarding'],
        code: 'BAD_NAT',
        message: `namespace ${quote(node.name)} has NAT but does not forward packets; set forwarding: true`,
        objectId: node.id,
      });
  }
  return issues;
}
