import type { Document } from './document';
import { formatMarker } from './ownership';

/**
 * Stable MAC addresses. Every interface netloom creates gets one derived from its topology and
 * object id (and end, for a veth), unless the document sets `mac`: an interface deleted and made
 * again (a repair, an apply after `down`) comes back with the MAC its neighbours already hold in
 * their ARP/NDP caches, so traffic flows on the first packet instead of after the caches expire.
 */

/** `xx:xx:xx:xx:xx:xx`, lowercase: locally administered (bit 1 of the first octet set), unicast (bit 0 clear). */
export function stableMac(topology: string, key: string, end: 'a' | 'b' | null = null, attempt = 0): string {
  const [h3, h2, h1] = fnv1a64(`${formatMarker(topology, key, end)}${attempt === 0 ? '' : `#${attempt}`}`);
  // A teardown derives one per interface of the document (`down` of 500 namespaces: 1500), so no arrays here.
  return `${HEX[((h3 >>> 8) & 0xfc) | 0x02]}:${HEX[h3 & 0xff]}:${HEX[h2 >>> 8]}:${HEX[h2 & 0xff]}:${HEX[h1 >>> 8]}:${HEX[h1 & 0xff]}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Identifies an interface of the document: the object id, plus `/a` or `/b` on a veth end (as in the marker). */
export const macKey = (key: string, end: 'a' | 'b' | null = null): string => (end === null ? key : `${key}/${end}`);

/**
 * The MAC each interface of `doc` gets from netloom, by `macKey`: every bridge, tap, VXLAN and veth
 * end the document leaves without `mac` (a tun has no MAC). Pure and deterministic: interfaces are
 * taken in key order, and one whose MAC is already taken (by the document's own `mac` fields or an
 * earlier interface) is derived again with the next attempt number, so no two interfaces of a
 * topology share a MAC unless the document says so.
 */
export function assignMacs(doc: Pick<Document, 'name' | 'nodes' | 'links'>): ReadonlyMap<string, string> {
  const taken = new Set<string>();
  const wanted: { key: string; end: 'a' | 'b' | null }[] = [];
  const consider = (key: string, end: 'a' | 'b' | null, mac: string | undefined) => {
    if (mac === undefined) wanted.push({ key, end });
    else taken.add(mac.toLowerCase());
  };
  for (const node of doc.nodes) {
    if (node.type === 'bridge' || node.type === 'tap' || node.type === 'vxlan') consider(node.id, null, node.mac);
  }
  for (const link of doc.links) {
    consider(link.id, 'a', link.a.mac);
    consider(link.id, 'b', link.b.mac);
  }
  const macs = new Map<string, string>();
  const sorted = wanted
    .map((w) => ({ ...w, id: macKey(w.key, w.end) }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (const { key, end, id } of sorted) {
    if (macs.has(id)) continue; // a duplicated id: validation reports it; one MAC is enough
    let attempt = 0;
    let mac = stableMac(doc.name, key, end);
    while (taken.has(mac)) mac = stableMac(doc.name, key, end, (attempt += 1));
    taken.add(mac);
    macs.set(id, mac);
  }
  return macs;
}

/**
 * FNV-1a, 64 bits, over the UTF-16 code units of `text` (ids and topology names are ASCII, so these
 * are its bytes). Returns the hash as four 16-bit limbs, most significant first: JavaScript numbers
 * hold 53 bits, so the multiplication by the prime (2^40 + 0x1b3) is done limb by limb.
 */
export function fnv1a64(text: string): [number, number, number, number] {
  let v0 = 0x2325;
  let v1 = 0x8422;
  let v2 = 0x9ce4;
  let v3 = 0xcbf2;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    // Both bytes of a unit above 0xff, high first; one otherwise. Inline: a closure per byte costs more than the hash.
    for (let k = unit > 0xff ? 1 : 0; k >= 0; k -= 1) {
      v0 ^= k === 1 ? unit >>> 8 : unit & 0xff;
      const t0 = v0 * 0x1b3;
      let t1 = v1 * 0x1b3;
      let t2 = v2 * 0x1b3 + (v0 << 8);
      const t3 = v3 * 0x1b3 + (v1 << 8);
      t1 += t0 >>> 16;
      v0 = t0 & 0xffff;
      t2 += t1 >>> 16;
      v1 = t1 & 0xffff;
      v3 = (t3 + (t2 >>> 16)) & 0xffff;
      v2 = t2 & 0xffff;
    }
  }
  return [v3, v2, v1, v0];
}
