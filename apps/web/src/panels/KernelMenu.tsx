import { useStore } from 'zustand';

import { liveStore } from '../agent/live-store';
import { useLive } from '../agent/useLive';
import { startTrace, stopTrace, traceCaptures } from '../canvas/markers/trace';
import { traceTargets } from '../canvas/markers/trace-targets';
import { editorStore } from '../editor/store';
import { sessionStore } from '../editor/session';
import { captureStore } from '../packets/capture-store';
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
