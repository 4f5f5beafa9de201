import { useStore } from 'zustand';

import { useAppliedTopology } from '../agent/drawing-live';
import { liveStore } from '../agent/live-store';
import { useLive } from '../agent/useLive';
import { startTrace, stopTrace, traceCaptures } from '../canvas/markers/trace';
import { traceTargets } from '../canvas/markers/trace-targets';
import { editorStore } from '../editor/store';
import { sessionStore } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
import { useSession } from '../hooks/useSession';
import { captureStore } from '../packets/capture-store';
import { trafficPair, trafficStore, type TrafficKind } from '../traffic/traffic-store';
import { viewerLinkStore } from '../viewers/viewer-store';
import { useKernelActions } from './AgentActions';
import { hostStore } from './host/open-applied';
import { Menu, MenuCheck, MenuItem, MenuSeparator } from './menu/Menu';

/** Everything that reaches the kernel through the agent. */
export function KernelMenu() {
  const { plan, apply, down } = useKernelActions();
  const connected = useLive((s) => s.status === 'connected');
  const control = useLive((s) => s.role === 'control');
  const tracing = useStore(captureStore, (s) => traceCaptures(s).length > 0);
  const traffic = useTrafficItem();
  return (
    <Menu label="Kernel">
      <MenuItem onSelect={plan.run} disabled={plan.disabled}>
        Plan
      </MenuItem>
      <MenuItem onSelect={apply.run} disabled={apply.disabled} title={apply.title}>
        Apply
      </MenuItem>
      <MenuItem onSelect={down.run} disabled={down.disabled} title={down.title}>
        Tear down
      </MenuItem>
      <MenuSeparator />
      <MenuCheck
        checked={tracing}
        disabled={!tracing && (!connected || !control)}
        title="packets as markers on the lines, headers only, without a packet list: the selection's lines, or the whole drawing's"
        onSelect={() => {
          if (tracing) return stopTrace();
          const doc = editorStore.getState().doc;
          startTrace(doc.name, traceTargets(doc, sessionStore.getState().selected, liveStore.getState().links));
        }}
      >
        Trace packets on the canvas
      </MenuCheck>
      <MenuSeparator />
      <MenuItem onSelect={() => traffic.open('ping')} disabled={traffic.why !== null} title={traffic.title('ping')}>
        Ping…
      </MenuItem>
      <MenuItem onSelect={() => traffic.open('iperf3')} disabled={traffic.why !== null} title={traffic.title('iperf3')}>
        iperf3…
      </MenuItem>
      <MenuSeparator />
      <MenuItem
        onSelect={() => hostStore.setState({ open: true, problem: null })}
        disabled={!connected}
        title="every topology applied on this host: open it, tear it down"
      >
        This host…
      </MenuItem>
      <MenuItem
        onSelect={() => viewerLinkStore.setState({ open: true })}
        disabled={!connected}
        title="a read-only link for a class to follow this page"
      >
        Viewer link…
      </MenuItem>
    </Menu>
  );
}

/** Ping… and iperf3…: between the two namespaces the selection names, on the applied drawing. */
function useTrafficItem() {
  const doc = useEditor((s) => s.doc);
  const selected = useSession((s) => s.selected);
  const connected = useLive((s) => s.status === 'connected');
  const topology = useAppliedTopology();
  const control = useLive((s) => s.role === 'control');
  const pair = trafficPair(doc, selected);
  const why = !connected
    ? 'traffic needs the agent'
    : !control
      ? 'a viewer cannot start traffic'
      : topology === null
        ? 'apply the drawing first: traffic runs in its namespaces'
        : typeof pair === 'string'
          ? pair
          : null;
  return {
    why,
    title: (kind: TrafficKind) =>
      why ??
      (typeof pair === 'string'
        ? ''
        : `${kind === 'ping' ? 'a ping stream' : 'an iperf3 flow'} from ${pair.from.netns} to ${pair.to.netns}`),
    open: (kind: TrafficKind) => {
      if (typeof pair !== 'string') trafficStore.setState({ dialog: { kind, pair } });
    },
  };
}
