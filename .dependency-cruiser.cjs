/** The arrows of DESIGN.md: web -> protocol -> topology, agent -> protocol -> topology. */
module.exports = {
  forbidden: [
    {
      name: 'topology-is-a-leaf',
      severity: 'error',
      from: { path: '^packages/topology' },
      to: { path: '^(packages/protocol|apps|e2e)' },
    },
    {
      name: 'protocol-only-needs-topology',
      severity: 'error',
      from: { path: '^packages/protocol' },
      to: { path: '^(apps|e2e)' },
    },
    {
      name: 'packets-is-a-leaf',
      severity: 'error',
      from: { path: '^packages/packets' },
      to: { path: '^(packages/(topology|protocol)|apps|e2e)' },
    },
    {
      name: 'pure-packages-no-node',
      severity: 'error',
      from: { path: '^packages/', pathNot: '\\.test\\.ts$|/scripts/' },
      to: { dependencyTypes: ['core'] },
    },
    { name: 'web-never-imports-agent', severity: 'error', from: { path: '^apps/web' }, to: { path: '^apps/agent' } },
    { name: 'agent-never-imports-web', severity: 'error', from: { path: '^apps/agent' }, to: { path: '^apps/web' } },
    { name: 'e2e-never-imports-app-source', severity: 'error', from: { path: '^e2e' }, to: { path: '^apps/' } },
    {
      name: 'only-exec-runs-processes',
      severity: 'error',
      from: { path: '^apps/agent', pathNot: '^apps/agent/src/exec/' },
      to: { path: 'node_modules/(execa|\\.pnpm/execa)' },
    },
    {
      name: 'only-server-speaks-ws',
      severity: 'error',
      from: { path: '^apps/agent', pathNot: '^apps/agent/src/server/' },
      to: { path: 'node_modules/(ws|\\.pnpm/ws@)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'] },
  },
};
