import type { DragEvent } from 'react';

import { PALETTE_MIME } from '../canvas/palette-mime';
import type { AddableKind } from '../editor/commands';
import { useSession } from '../hooks/useSession';

const ITEMS = [
  { kind: 'namespace', label: 'namespace', hint: 'a network namespace (ip netns)' },
  { kind: 'root', label: 'root namespace', hint: "the host's own namespace" },
  { kind: 'bridge', label: 'bridge', hint: 'a Linux bridge' },
  { kind: 'tap', label: 'tap', hint: 'a tap device (Ethernet frames)' },
  { kind: 'tun', label: 'tun', hint: 'a tun device (IP packets)' },
  { kind: 'vxlan', label: 'VXLAN', hint: 'a VXLAN tunnel endpoint' },
] as const satisfies readonly { kind: AddableKind; label: string; hint: string }[];

/** Drag an item onto the canvas (devices into a namespace box), or click to add it in a free spot. */
export function Palette() {
  const api = useSession((s) => s.canvasApi);
  const onDragStart = (kind: AddableKind) => (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <section className="palette" role="region" aria-label="Palette">
      {ITEMS.map((item) => (
        <button
          key={item.kind}
          type="button"
          draggable
          className={`palette__item palette__item--${item.kind}`}
          title={`${item.hint}: drag onto the canvas or click`}
          onDragStart={onDragStart(item.kind)}
          onClick={() => {
            api?.add(item.kind);
            api?.fitView();
          }}
        >
          Add {item.label}
        </button>
      ))}
    </section>
  );
}
