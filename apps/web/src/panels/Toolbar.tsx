import { AgentActions } from './AgentActions';
import { EditActions } from './EditActions';
import { FileMenu } from './FileMenu';
import { ThisHost } from './host/ThisHost';
import { ServiceBanner } from './ServiceBanner';

export function Toolbar() {
  return (
    <header className="toolbar" role="region" aria-label="Toolbar">
      <span className="toolbar__brand">netloom</span>
      <FileMenu />
      <EditActions />
      <AgentActions />
      <ThisHost />
      <ServiceBanner />
    </header>
  );
}
