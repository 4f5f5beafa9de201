import type { Document, Link, Node, Position } from '../../packages/topology/src/index.ts';

/**
 * The designer benchmark's documents: N namespaces in racks of ten, each rack a bridge in the root
 * namespace (its hosts' gateway, 10.<r>.<s>.1/24) with five namespaces on either side, each joined
 * to it by a veth (`eth0` inside with an address and a default route via the bridge, `v<r>-<i>` on
 * the bridge). Racks are tiled row by row. The layout is what the designer saves for it: every
 * node placed, so the document opens as drawn.
 */

export const RACK = 10;
/** Where things go inside a rack: namespace boxes are 220 px wide and about 140 px tall. */
const PLACE = { pitchY: 160, boxWidth: 220, gapX: 280, bridgeWidth: 200, rackGapX: 120, rackGapY: 120 };

export function rackDocument(namespaces: number, name = `bench-web-${namespaces}`): Document {
  const nodes: Node[] = [];
  const links: Link[] = [];
  const layout: Record<string, Position> = {};
  const racks = Math.ceil(namespaces / RACK);
  // Rows and columns in about the canvas's proportions (racks are 1.47 times wider than tall with
  // their gaps, the canvas about 1.9 at 1440×900), so the fitted view is as large as it can be.
  const perRow = Math.max(1, Math.round(Math.sqrt(racks * 1.28)));
  const side = RACK / 2;
  const rackWidth = 2 * PLACE.boxWidth + 2 * PLACE.gapX + PLACE.bridgeWidth;
  const rackHeight = side * PLACE.pitchY;
  for (let r = 0; r < racks; r++) {
    const x0 = (r % perRow) * (rackWidth + PLACE.rackGapX);
    const y0 = Math.floor(r / perRow) * (rackHeight + PLACE.rackGapY);
    const subnet = `10.${Math.floor(r / 250)}.${r % 250}`;
    const bridge = `br${r}`;
    nodes.push({ id: bridge, type: 'bridge', name: `br-r${r}`, addresses: [`${subnet}.1/24`] });
    // Centred on the rows, so each namespace faces the bridge across the rack (ports on the sides).
    layout[bridge] = { x: x0 + PLACE.boxWidth + PLACE.gapX, y: y0 + ((side - 1) * PLACE.pitchY) / 2 + 20 };
    for (let i = 0; i < RACK && r * RACK + i < namespaces; i++) {
      const id = `n${r}-${i}`;
      nodes.push({ id, type: 'namespace', name: `r${r}-h${i}`, routes: [{ to: 'default', via: `${subnet}.1` }] });
      const left = i < side;
      layout[id] = {
        x: left ? x0 : x0 + rackWidth - PLACE.boxWidth,
        y: y0 + (i % side) * PLACE.pitchY,
      };
      links.push({
        id: `l${r}-${i}`,
        type: 'veth',
        a: { node: id, name: 'eth0', addresses: [`${subnet}.${i + 2}/24`] },
        b: { node: bridge, name: `v${r}-${i}` },
      });
    }
  }
  return { version: 1, name, nodes, links, layout };
}
