import type { VethLink } from './document';
import { quote, type Issue } from './issues';
import type { Resolver } from './resolve';
import type { Indexed } from './salvage';

/**
 * Impairments of a veth end: netem reorders and varies the delay of delayed packets only, so
 * both need a delay; and netloom changes qdiscs only inside the namespaces it makes (the root
 * namespace's interfaces are configured by `ip` batch lines alone, where no `tc` can run), so an
 * end in the root namespace takes none: the other end, in its namespace, impairs the other way.
 */
export function impairIssues(links: readonly Indexed<VethLink>[], r: Resolver): Issue[] {
  const issues: Issue[] = [];
  for (const { item: link, index } of links) {
    for (const side of ['a', 'b'] as const) {
      const impair = link[side].impairments;
      if (impair === undefined) continue;
      const at = (...rest: string[]) => ['links', index, side, 'impairments', ...rest];
      const add = (path: (string | number)[], message: string) =>
        issues.push({ path, code: 'BAD_IMPAIRMENT', message, objectId: link.id });
      const delayed = (impair.delayMs ?? 0) > 0;
      if ((impair.jitterMs ?? 0) > 0 && !delayed)
        add(at('jitterMs'), 'a jitter varies a delay: set delayMs too (for example delayMs: 50, jitterMs: 10)');
      if ((impair.reorderPercent ?? 0) > 0 && !delayed)
        add(
          at('reorderPercent'),
          'netem reorders by sending some packets at once, ahead of the delayed ones: set delayMs too (for example 10)',
        );
      const place = r.endPlace(link[side]);
      if (place !== undefined && place.place === null) {
        const other = r.endPlace(link[side === 'a' ? 'b' : 'a'])?.place;
        const hint =
          other === undefined || other === null
            ? 'put the veth end in a namespace'
            : `put them on the other end (${quote(link[side === 'a' ? 'b' : 'a'].name)} in ${quote(other.name)})`;
        add(
          at(),
          `${quote(link[side].name)} is in the root namespace, where netloom changes no qdisc; ${hint}, which impairs the other direction`,
        );
      }
    }
  }
  return issues;
}
