import { AgentActions } from './AgentActions';
import { EditActions } from './EditActions';
import { FileMenu } from './FileMenu';

export function Toolbar() {
  return (
    <header className="toolbar" role="region" aria-label="Toolbar">
      <span className="toolbar__brand">netloom</span>
      <FileMenu />
      <EditActions />
      <AgentActions />
    </header>
  );
}
