import type { Issue } from './issues';
import { KERNEL_MAX_BRIDGE_PORTS } from './l2';

/**
 * How large a document may be. Past these, nothing else is checked and nothing is planned: a
 * 100,000-namespace document took 11.8 s and 1.3 GB to plan and would have been applied. The CLI
 * and the agent take other values (`--max-namespaces` …); the kernel's own limit on bridge ports
 * stands whatever `portsPerBridge` says.
 */
export type DocumentLimits = {
  readonly namespaces: number;
  readonly links: number;
  /** Nodes and links together. */
  readonly objects: number;
  readonly portsPerBridge: number;
};

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  namespaces: 4096,
  links: 8192,
  objects: 16384,
  portsPerBridge: KERNEL_MAX_BRIDGE_PORTS,
};

/** No limit but the kernel's: for re-reading documents that were applied under other limits. */
export const NO_DOCUMENT_LIMITS: DocumentLimits = {
  namespaces: Infinity,
  links: Infinity,
  objects: Infinity,
  portsPerBridge: Infinity,
};

/** The CLI flag that sets each limit, for messages and usage. */
export const LIMIT_FLAGS: Readonly<Record<keyof DocumentLimits, string>> = {
  namespaces: 'max-namespaces',
  links: 'max-links',
  objects: 'max-objects',
  portsPerBridge: 'max-ports-per-bridge',
};

/**
 * Counts on the raw input, before any schema parsing: one pass over `nodes` reading only `type`,
 * so an oversized document costs time linear in its length and is refused before the expensive
 * work.
 */
export function sizeIssues(raw: Record<string, unknown>, limits: DocumentLimits): Issue[] {
  const nodes = Array.isArray(raw['nodes']) ? (raw['nodes'] as unknown[]) : [];
  const links = Array.isArray(raw['links']) ? (raw['links'] as unknown[]) : [];
  let namespaces = 0;
  for (const n of nodes)
    if (n !== null && typeof n === 'object' && (n as Record<string, unknown>)['type'] === 'namespace') namespaces += 1;
  const issues: Issue[] = [];
  const over = (path: string, count: number, what: string, limit: keyof DocumentLimits) => {
    if (count > limits[limit])
      issues.push({
        path: [path],
        code: 'TOO_LARGE',
        message: `the document has ${count} ${what}, past the limit of ${limits[limit]}; split it into several topologies, or raise the limit (--${LIMIT_FLAGS[limit]})`,
      });
  };
  over('nodes', namespaces, 'namespaces', 'namespaces');
  over('links', links.length, 'links', 'links');
  over('nodes', nodes.length + links.length, 'nodes and links', 'objects');
  return issues;
}
