import { useLive } from '../agent/useLive';
import { viewerLinkStore } from '../viewers/viewer-store';
import { useKernelActions } from './AgentActions';
import { hostStore } from './host/open-applied';
import { Menu, MenuItem, MenuSeparator } from './menu/Menu';

/** Everything that reaches the kernel through the agent. */
export function KernelMenu() {
  const { plan, apply, down } = useKernelActions();
  const connected = useLive((s) => s.status === 'connected');
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
