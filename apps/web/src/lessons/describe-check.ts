import type { Check, Document } from '@netloom/topology';

import { drawingPlaces } from '../agent/drawing-live';

/**
 * A check in words, with kernel names as the canvas shows them (`veth1 in netns1 is up`), not
 * document ids: what the class reads beside ✓/✗.
 */
export function describeCheck(check: Check, doc: Document): string {
  const places = drawingPlaces(doc);
  const place = (id: string): string => {
    const node = doc.nodes.find((n) => n.id === id);
    if (node?.type === 'namespace') return node.name;
    return node?.type === 'root' ? 'the root namespace' : id;
  };
  const iface = (ref: string): string => {
    const p = places.get(ref);
    return p === undefined ? ref : p.netns === null ? p.ifname : `${p.ifname} in ${p.netns}`;
  };
  const object = (ref: string): string => {
    if (ref.includes('/') || places.has(ref)) return iface(ref);
    const node = doc.nodes.find((n) => n.id === ref);
    if (node !== undefined) return node.type === 'namespace' ? `namespace ${node.name}` : place(ref);
    const link = doc.links.find((l) => l.id === ref);
    return link === undefined ? ref : `veth ${link.a.name} – ${link.b.name}`;
  };
  switch (check.type) {
    case 'ping': {
      const size = check.size === undefined ? '' : ` ${check.size} bytes`;
      const df = check.dontFragment === true ? ' with DF' : '';
      const gets = check.expect === 'fails' ? 'gets no reply' : 'gets a reply';
      return `ping${size}${df} from ${place(check.from)} to ${check.to} ${gets}`;
    }
    case 'exists':
      return `${object(check.object)} exists`;
    case 'linkState':
      return `${iface(check.object)} is ${check.state}`;
    case 'route': {
      const via = check.via === undefined ? '' : ` via ${check.via}`;
      const dev = check.dev === undefined ? '' : ` dev ${check.dev}`;
      return `${place(check.namespace)} has a route to ${check.to}${via}${dev}`;
    }
    case 'inNamespace':
      return `${places.get(check.object)?.ifname ?? check.object} is in ${place(check.namespace)}`;
    case 'fdb': {
      const bridge = doc.nodes.find((n) => n.id === check.bridge);
      const mac = check.mac ?? `the MAC of ${places.get(check.macOf ?? '')?.ifname ?? check.macOf ?? '?'}`;
      const port = places.get(check.port)?.ifname ?? check.port;
      return `${bridge !== undefined && 'name' in bridge ? bridge.name : check.bridge} learned ${mac} on ${port}`;
    }
  }
}
