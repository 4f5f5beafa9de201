import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readDocument, writeDocument, type Document } from '@netloom/topology';

export const EXAMPLES = join(import.meta.dirname, '../../../examples');

/** `examples/<file>` as the designer reads it. */
export function example(file: string): Document {
  const read = readDocument(readFileSync(join(EXAMPLES, file), 'utf8'), 'yaml');
  if (!read.ok) throw new Error(`examples/${file} does not read: ${JSON.stringify(read.error)}`);
  return read.value;
}

/**
 * Two namespaces on one bridge (in the root namespace), each by a veth whose namespace end is
 * `eth0` with an address in `subnet` (`10.x.y`): `.1` in namespace A, `.2` in namespace B.
 */
export function twoOnABridge(tag: string, subnet: string): { doc: Document; yaml: string } {
  const [nsA, nsB, br] = [`a-${tag}`, `b-${tag}`, `br-${tag}`];
  const doc: Document = {
    version: 1,
    name: `e2e-${tag}`,
    nodes: [
      { id: 'nsA', type: 'namespace', name: nsA },
      { id: 'nsB', type: 'namespace', name: nsB },
      { id: 'br', type: 'bridge', name: br },
    ],
    links: [
      {
        id: 'la',
        type: 'veth',
        a: { node: 'nsA', name: 'eth0', addresses: [`${subnet}.1/24`] },
        b: { node: 'br', name: `va-${tag}` },
      },
      {
        id: 'lb',
        type: 'veth',
        a: { node: 'nsB', name: 'eth0', addresses: [`${subnet}.2/24`] },
        b: { node: 'br', name: `vb-${tag}` },
      },
    ],
    layout: { nsA: { x: 40, y: 40 }, nsB: { x: 40, y: 300 }, br: { x: 480, y: 180 } },
  };
  return { doc, yaml: writeDocument(doc, 'yaml') };
}

/** Two namespaces and nothing between them: for drawing the link in a test. */
export function twoNamespaces(tag: string): { doc: Document; yaml: string } {
  const doc: Document = {
    version: 1,
    name: `e2e-${tag}`,
    nodes: [
      { id: 'nsA', type: 'namespace', name: `a-${tag}` },
      { id: 'nsB', type: 'namespace', name: `b-${tag}` },
    ],
    links: [],
    layout: { nsA: { x: 40, y: 40 }, nsB: { x: 520, y: 220 } },
  };
  return { doc, yaml: writeDocument(doc, 'yaml') };
}
