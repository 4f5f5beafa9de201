import type { Document } from '@netloom/topology';
import { useStore, ViewportPortal } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';

import { captureStore, subscribePackets, type PacketBatch } from '../../packets/capture-store';
import type { Scene } from '../model/scene';
import { markerEdges, type MarkerEdges, type TunnelLine } from './edges';
import { MarkerEngine } from './engine';
import type { MarkerFeed } from './feed';
import { trackOf, type Track } from './geometry';
import { markerStore } from './marker-store';
import './markers.css';

/**
 * Packets on the canvas: one SVG group in React Flow's viewport, fed by the capture store's
 * batches (feed.ts) and animated by the engine outside React. It renders once per scene change, never
 * per packet or per frame.
 */
export function MarkerLayer({ scene, doc, textSize }: { scene: Scene; doc: Document; textSize: number }) {
  // The viewport portal's target exists only after React Flow's first render: a callback ref.
  const [root, setRoot] = useState<SVGGElement | null>(null);
  const live = useRef<{ engine: MarkerEngine; feed: MarkerFeed | null } | null>(null);
  const { tracks, tunnels } = useMemo(() => {
    const tracks = new Map<string, Track>();
    const tunnels: TunnelLine[] = [];
    for (const e of scene.edges) {
      if (e.kind === 'master') continue;
      tracks.set(e.id, trackOf(e.points));
      if (e.kind === 'tunnel') tunnels.push({ id: e.id, a: e.source, b: e.target });
    }
    return { tracks, tunnels };
  }, [scene]);
  const tracksRef = useRef(tracks);
  // In steps of 5 %: the layer renders again only when the markers' size on screen would change.
  const zoom = useStore((s) => Math.round(s.transform[2] * 20) / 20);
  const tunnelKey = tunnels.map((t) => t.id).join(' ');
  const { name, nodes, links } = doc;
  // Worked out when packets first come (every interface's MAC: a tenth of a second of a large
  // drawing's first render otherwise), once per change of the document after that.
  const map = useMemo(
    () => {
      let known: MarkerEdges | null = null;
      return () => (known ??= markerEdges({ name, nodes, links }, tunnels));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- tunnels change only with tunnelKey
    [name, nodes, links, tunnelKey],
  );
  const mapRef = useRef(map);

  useEffect(() => {
    if (root === null) return;
    const engine = new MarkerEngine(root, { textSize });
    // The feed and the decoder are a chunk of their own, loaded with the first batch.
    let feed: MarkerFeed | null = null;
    let queued: PacketBatch[] | null = null;
    let gone = false;
    const unpackets = subscribePackets((batch) => {
      if (feed !== null) return feed.batch(batch);
      if (queued !== null) return void queued.push(batch);
      queued = [batch];
      void import('./feed').then(({ MarkerFeed }) => {
        if (gone) return;
        feed = new MarkerFeed(engine, mapRef.current());
        live.current = { engine, feed };
        for (const b of queued ?? []) feed.batch(b);
        queued = null;
      });
    });
    const uncaptures = captureStore.subscribe((s, before) => feed?.captures(s, before));
    const unspeed = markerStore.subscribe((s, before) => {
      if (s.speed !== before.speed || s.perEdgePerSecond !== before.perEdgePerSecond)
        feed?.setOptions({ speed: s.speed, perEdgePerSecond: s.perEdgePerSecond });
    });
    live.current = { engine, feed: null };
    engine.setTracks(tracksRef.current);
    return () => {
      gone = true;
      unpackets();
      uncaptures();
      unspeed();
      engine.dispose();
      live.current = null;
    };
    // The engine lives as long as its group; what changes is handed to it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [root]);
  useEffect(() => {
    tracksRef.current = tracks;
    live.current?.engine.setTracks(tracks);
  }, [tracks]);
  useEffect(() => {
    mapRef.current = map;
    live.current?.feed?.setMap(map());
  }, [map]);
  useEffect(() => live.current?.engine.setTextSize(textSize), [textSize]);
  useEffect(() => live.current?.engine.setZoom(zoom), [zoom, root]);

  return (
    <ViewportPortal>
      <svg className="pkt-layer" aria-label="Packets" data-testid="packet-layer">
        <g ref={setRoot} />
      </svg>
    </ViewportPortal>
  );
}
