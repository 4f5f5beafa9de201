import type { NlRelay } from '../exec/nl-relay';
import { listNamespaces } from '../observe/observe';
import type { CounterValues } from '@netloom/protocol';

import { parseLiveLinks, parseStatsDump, type LiveLink } from './live-parse';

/** Which namespaces to read: every one, or those with these ids (null is the root namespace). */
export type ReadScope = 'all' | ReadonlySet<number | null>;

export type NamespaceLinks = {
  readonly netns: string | null;
  readonly nsid: number | null;
  readonly records: readonly LiveLink[];
};

/** Reads links (state, carrier, stats64) of many namespaces; one long-lived reader, no process per tick. */
export interface LinkSource {
  read(scope: ReadScope): Promise<NamespaceLinks[]>;
  /** Counters of the root namespace's links by ifindex: the cheap read behind the 1 Hz poll. */
  readRootCounters(): Promise<Map<number, CounterValues>>;
  /** The namespace list changed (apply, down, a netns event): list it again before the next read. */
  invalidate(): void;
}

/**
 * The nl-relay behind one root netlink socket (IFLA_TARGET_NETNSID): a read of 500 namespaces
 * is 500 pipelined dumps through one process. The namespace list (also through the relay) is cached until invalidated, or for `listTtlMs` at most, to see namespaces made by hand.
 */
export class RelayLinkSource implements LinkSource {
  private readonly relay: Pick<NlRelay, 'request' | 'namespaces'>;
  private readonly listTtlMs: number;
  private namespaces: { readonly name: string; readonly id: number }[] | null = null;
  private listedAt = 0;

  constructor(relay: Pick<NlRelay, 'request' | 'namespaces'>, listTtlMs = 60_000) {
    this.relay = relay;
    this.listTtlMs = listTtlMs;
  }

  invalidate(): void {
    this.namespaces = null;
  }

  async readRootCounters(): Promise<Map<number, CounterValues>> {
    return parseStatsDump(await this.relay.request('S', null));
  }

  async read(scope: ReadScope): Promise<NamespaceLinks[]> {
    const namespaces = await this.list();
    const wanted = (nsid: number | null) => scope === 'all' || scope.has(nsid);
    const targets = [{ name: null, id: null }, ...namespaces].filter((ns) => wanted(ns.id));
    const results = await Promise.all(
      targets.map(async (ns): Promise<NamespaceLinks | null> => {
        try {
          return { netns: ns.name, nsid: ns.id, records: parseLiveLinks(await this.relay.request('L', ns.id)) };
        } catch {
          // The namespace went away between the list and the dump: list again next time.
          this.invalidate();
          return null;
        }
      }),
    );
    return results.filter((r): r is NamespaceLinks => r !== null);
  }

  private async list(): Promise<{ readonly name: string; readonly id: number }[]> {
    const now = Date.now();
    if (this.namespaces === null || now - this.listedAt > this.listTtlMs) {
      const listed = await listNamespaces(this.relay);
      this.namespaces = listed.flatMap((ns) => (ns.id === undefined ? [] : [{ name: ns.name, id: ns.id }]));
      this.listedAt = now;
    }
    return this.namespaces;
  }
}
