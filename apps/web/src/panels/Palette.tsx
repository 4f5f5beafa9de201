import type { DragEvent } from 'react';

import { PALETTE_MIME } from '../canvas/palette-mime';
import type { AddableKind } from '../editor/commands';
import { useSession } from '../hooks/useSession';

/**
 * One short line per item, with a glyph drawn as the canvas draws the kind (a dashed box for a
 * namespace, the card's colour stripe for a device). The accessible name says what a click does.
 */
const ITEMS = [
  { kind: 'namespace', label: 'Namespace', name: 'Add namespace', hint: 'a network namespace (ip netns)' },
  { kind: 'root', label: 'Root namespace', name: 'Add root namespace', hint: "the host's own namespace" },
  { kind: 'bridge', label: 'Bridge', name: 'Add bridge', hint: 'a Linux bridge' },
  { kind: 'tap', label: 'Tap', name: 'Add tap', hint: 'a tap device (Ethernet frames)' },
  { kind: 'tun', label: 'Tun', name: 'Add tun', hint: 'a tun device (IP packets)' },
  { kind: 'vxlan', label: 'VXLAN', name: 'Add VXLAN', hint: 'a VXLAN tunnel endpoint' },
] as const satisfies readonly { kind: AddableKind; label: string; name: string; hint: string }[];

/**
 * A row of things to add, above the canvas: drag an item onto the canvas (devices into a namespace
 * box), or click to add it in a free spot.
 */
export function Palette() {
  const api = useSession((s) => s.canvasApi);
  const onDragStart = (kind: AddableKind) => (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <section className="palette" role="region" aria-label="Palette">
      <span className="palette__title" aria-hidden="true">
        Add
      </span>
      {ITEMS.map((item) => (
        <button
          key={item.kind}
          type="button"
          draggable
          className={`palette__item palette__item--${item.kind}`}
          aria-label={item.name}
          title={`${item.hint}: drag onto the canvas or click`}
          onDragStart={onDragStart(item.kind)}
          onClick={() => {
            api?.add(item.kind);
            api?.fitView();
          }}
        >
          <span className="palette__glyph" aria-hidden="true" />
          {item.label}
        </button>
      ))}
    </section>
  );
}
