import { useStore } from '@xyflow/react';

/** Below this zoom, 13 px labels are under 4 px on screen: unreadable, and costly by the hundred. */
export const DETAIL_ZOOM = 0.3;

/**
 * Whether edges draw their details (labels, the flow animation). A boolean selector, so an edge
 * re-renders only when the zoom crosses the threshold, not on every zoom step.
 */
export const useDetailed = (): boolean => useStore((s) => s.transform[2] >= DETAIL_ZOOM);
