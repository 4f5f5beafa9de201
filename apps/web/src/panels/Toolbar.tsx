import { AgentActions } from './AgentActions';
import { EditMenu } from './EditMenu';
import { FileMenu } from './FileMenu';
import { KernelMenu } from './KernelMenu';
import { MenuBar } from './menu/Menu';
import { ViewMenu } from './ViewMenu';

/** One row: the menus, then what is used most (Plan, Apply, Live mode) and the connection. */
export function Toolbar() {
  return (
    <header className="toolbar" role="region" aria-label="Toolbar">
      <span className="toolbar__brand">netloom</span>
      <MenuBar label="Menus">
        <FileMenu />
        <EditMenu />
        <ViewMenu />
        <KernelMenu />
      </MenuBar>
      <AgentActions />
    </header>
  );
}
