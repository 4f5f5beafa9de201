import { AgentActions } from './AgentActions';
import { AgentBanner } from './AgentBanner';
import { EditActions } from './EditActions';
import { FileMenu } from './FileMenu';
import { ThisHost } from './host/ThisHost';

export function Toolbar() {
  return (
    <header className="toolbar" role="region" aria-label="Toolbar">
      <span className="toolbar__brand">netloom</span>
      <FileMenu />
      <EditActions />
      <AgentActions />
      <ThisHost />
      <AgentBanner />
    </header>
  );
}
