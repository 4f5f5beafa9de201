import { useStore } from '@xyflow/react';

import { DETAIL_ZOOM } from '../overview/lod';

/**
 * Whether edges draw their details (labels, the flow animation). A boolean selector, so an edge
 * re-renders only when the zoom crosses the threshold, not on every zoom step.
 */
export const useDetailed = (): boolean => useStore((s) => s.transform[2] >= DETAIL_ZOOM);
