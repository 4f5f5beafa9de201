import {
  assertNever,
  canonicalIp,
  deriveDesired,
  ifacesOf,
  type Check,
  type Document,
  type KernelState,
} from '@netloom/topology';

/** Per step index, the namespaces (null: the root one) whose changes can turn its checks. */
export type Involved = {
  /** Where the checks look: a ping leaves from, a route is read, the objects they name are. */
  readonly own: Map<number, Set<string | null>>;
  /** Farther: where a ping's address is, where the interface whose MAC a bridge learns is. */
  readonly far: Map<number, Set<string | null>>;
};

/**
 * The namespaces whose changes can turn each step's checks: where a ping leaves from (own) and
 * where its address lives (far), the namespace a route is read in, and where each object a check
 * names has its interfaces (both ends of a veth: a veth loses its carrier when its peer goes
 * down). A change elsewhere on a ping's path (a router between) is not in it: the checks'
 * periodic run finds that. Pure.
 */
export function involvedNamespaces(doc: Document): Involved {
  const desired = deriveDesired(doc);
  const own = new Map<number, Set<string | null>>();
  const far = new Map<number, Set<string | null>>();
  for (const [si, step] of (doc.lesson?.steps ?? []).entries()) {
    const near = new Set<string | null>();
    const away = new Set<string | null>();
    for (const check of step.checks ?? []) {
      const where = ofCheck(doc, desired, check);
      for (const netns of where.own) near.add(netns);
      for (const netns of where.far) away.add(netns);
    }
    own.set(si, near);
    far.set(si, away);
  }
  return { own, far };
}

type Where = { readonly own: (string | null)[]; readonly far: (string | null)[] };

function ofCheck(doc: Document, desired: KernelState, check: Check): Where {
  const node = (id: string) => ofNode(doc, desired, id);
  const ref = (r: string) => ofRef(desired, r);
  switch (check.type) {
    case 'ping':
      return { own: node(check.from), far: holding(desired, check.to) };
    case 'exists':
      return { own: [...ref(check.object), ...node(check.object)], far: [] };
    case 'linkState':
      return { own: ref(check.object), far: [] };
    case 'inNamespace':
      return { own: [...ref(check.object), ...node(check.namespace)], far: [] };
    case 'route':
      return { own: node(check.namespace), far: [] };
    case 'fdb':
      return {
        own: [...node(check.bridge), ...ref(check.port)],
        far: check.macOf === undefined ? [] : ref(check.macOf),
      };
    default:
      return assertNever(check, 'check');
  }
}

/** A namespace or root node's namespace, or where a device node's interface is. */
function ofNode(doc: Document, desired: KernelState, id: string): (string | null)[] {
  const n = doc.nodes.find((x) => x.id === id);
  if (n?.type === 'root') return [null];
  if (n?.type === 'namespace') return [n.name];
  return ofRef(desired, id);
}

/** Where the interfaces of a device node or a veth (`l1`, or one end `l1/a`: both ends) are. */
function ofRef(desired: KernelState, ref: string): (string | null)[] {
  const obj = desired.get(ref.split('/')[0] ?? ref);
  if (obj === undefined) return [];
  if (obj.kind === 'netns') return [obj.name];
  return ifacesOf(obj).map(({ iface }) => iface.netns);
}

/** The namespaces where the document puts the address `to` on an interface. */
function holding(desired: KernelState, to: string): (string | null)[] {
  const ip = canonicalIp(to)?.address;
  const out: (string | null)[] = [];
  for (const obj of desired.values())
    for (const { iface } of ifacesOf(obj))
      if (iface.addresses.some((a) => canonicalIp(a.slice(0, a.indexOf('/')))?.address === ip)) out.push(iface.netns);
  return out;
}
