import type { AgentMessageOf, TableName } from '@netloom/protocol';

import { ageText, fdbOf, useNodeTables, type TablesTarget } from '../../agent/tables-view';
import { useLive } from '../../agent/useLive';

type Tables = AgentMessageOf<'tables'>;

/**
 * The kernel's own tables for the selected node, live: a namespace's addresses, routes (main
 * table) and ARP/NDP neighbours; a bridge's forwarding database (which MAC on which port); a
 * VXLAN device's (which MAC behind which remote VTEP). Only while the drawing is its topology
 * as applied; the agent sends them again within a second of a change.
 */
export function KernelTables({ nodeId }: { readonly nodeId: string }) {
  const connected = useLive((s) => s.status === 'connected');
  const { topology, target, tables } = useNodeTables('inspector', nodeId);
  if (!connected || target === null) return null;
  const title = target.kind === 'namespace' ? 'Kernel tables' : 'Forwarding database';
  return (
    <section className="ktables" aria-label={title}>
      <h3>{title}</h3>
      {topology === null ? (
        <p className="hint">Shown once the drawing is applied.</p>
      ) : tables === undefined ? (
        <p className="hint">Reading…</p>
      ) : tables.error !== undefined ? (
        <p className="hint">{tables.error}</p>
      ) : (
        <TablesBody target={target} tables={tables} />
      )}
    </section>
  );
}

function TablesBody({ target, tables }: { readonly target: TablesTarget; readonly tables: Tables }) {
  if (target.kind !== 'namespace') {
    const rows = fdbOf(tables, target.device);
    const vxlan = target.kind === 'vxlan';
    return (
      <Table
        name={vxlan ? 'VXLAN FDB' : 'Bridge FDB'}
        head={['MAC', vxlan ? 'Remote VTEP' : 'Port', 'State', 'Age']}
        rows={rows.map((f) => [f.mac, (vxlan ? f.remote : f.port) ?? '', f.state, ageText(f.ageSec)])}
        empty={vxlan ? 'no entries: nothing sent or learned yet' : 'no entries'}
        truncated={tables.truncated.includes('fdb')}
      />
    );
  }
  return (
    <>
      <Table
        name="Addresses"
        head={['Address', 'Device']}
        rows={tables.addresses.map((a) => [a.cidr, a.ifname])}
        empty="no addresses"
        truncated={cut(tables, 'addresses')}
      />
      <Table
        name="Routes"
        head={['To', 'Via', 'Device', 'Proto']}
        rows={tables.routes.map((r) => [r.to, r.via ?? '', r.dev ?? '', r.kind === 'unicast' ? r.proto : r.kind])}
        empty="no routes"
        truncated={cut(tables, 'routes')}
      />
      <Table
        name="Neighbours"
        head={['Address', 'MAC', 'Device', 'State']}
        rows={tables.neighbours.map((n) => [n.address, n.mac ?? '', n.dev, n.state])}
        empty="none yet: a neighbour appears once something is sent to it"
        truncated={cut(tables, 'neighbours')}
      />
    </>
  );
}

const cut = (tables: Tables, name: TableName) => tables.truncated.includes(name);

function Table(props: {
  readonly name: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly empty: string;
  readonly truncated: boolean;
}) {
  return (
    <table className="ktable" aria-label={props.name}>
      <caption>
        {props.name}
        {props.truncated && <span className="hint"> (first 256 shown)</span>}
      </caption>
      <thead>
        <tr>
          {props.head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.length === 0 ? (
          <tr>
            <td colSpan={props.head.length} className="hint">
              {props.empty}
            </td>
          </tr>
        ) : (
          props.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
