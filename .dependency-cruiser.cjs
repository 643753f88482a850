// Import cycles, type-only imports included (ESLint's import-x/no-cycle skips those by design, and a cycle of
// types is still two modules that cannot be understood apart). Run by `npm run lint`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // The directions the house forbids (docs/architecture.md). Each is tested on a deliberate breach
    // (test/fixtures/guard-rails/, test/unit/guard-rails.test.ts).
    {
      name: 'adapters-not-db',
      severity: 'error',
      comment: 'The API and the dashboard reach Postgres only through services/ (SQL lives in db/ and services/).',
      from: { path: '^(api|web)/' },
      to: { path: '^db/' },
    },
    {
      name: 'services-not-adapters',
      severity: 'error',
      comment: 'Use cases know nothing of the HTTP adapters, the server or the worker that run them.',
      from: { path: '^services/' },
      to: { path: '^(api|web|server|worker)/' },
    },
    {
      name: 'config-not-worker',
      severity: 'error',
      comment: 'Settings and their defaults live in config/; the worker reads them, never the reverse.',
      from: { path: '^config/' },
      to: { path: '^worker/' },
    },
    {
      name: 'production-not-dev',
      severity: 'error',
      comment: 'dev/ is the local launcher; production processes (worker, server) and the core must not need it.',
      from: { path: '^(worker|server|api|web|services|activities|workflows|domain|db|config)/' },
      to: { path: '^dev/' },
    },
    {
      name: 'workflows-only-contract',
      severity: 'error',
      comment:
        'Workflow code is deterministic: it imports the contract, other workflows, the pure domain and the Temporal workflow SDK; anything else only as a type.',
      from: { path: '^workflows/' },
      to: {
        pathNot: '^(workflows|domain)/|^node_modules/@temporalio/(workflow|common)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-pure',
      severity: 'error',
      comment: 'Domain rules import no Temporal, HTTP, SQL or project layer: only domain/, data/ and pure libraries.',
      from: { path: '^domain/' },
      to: {
        path: '^(api|web|server|worker|services|db|activities|workflows|dev|config)/|^node_modules/(@temporalio|hono|@hono|postgres|pg)/',
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module must not depend on itself through others; extract the shared part (e.g. workflows/contract.ts).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.tools|\\.data|bench/results|test/histories|coverage|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
