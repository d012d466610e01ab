// The import directions of docs/ARCHITECTURE.md, checked by `npm run deps`. Imports point one
// way: common ← errors ← upstreams / ledger ← escalations ← http ← routes ← app ← main, and
// in the page: common ← lib ← components ← features ← app. A rule on a folder that does not
// exist yet matches nothing.
const notOwn = (folder) => ({ path: '^(common|src|server|sim|test|scripts)/', pathNot: [`^${folder}`, '^common/'] });

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles make load order matter and layers meaningless.', from: {}, to: { circular: true } },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing on disk.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'An npm package used but not declared in package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-not-to-dev-dep',
      severity: 'error',
      comment: 'The page and the proxy ship with dependencies only; devDependencies are for tests and tools.',
      from: { path: '^(common|src|server)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-test-or-scripts',
      severity: 'error',
      comment: 'Tests and scripts may import anything; nothing shipped or simulated imports them.',
      from: { path: '^(common|src|server|sim)/' },
      to: { path: '^(test|scripts)/' },
    },

    // common/: run by the page and the proxy alike.
    {
      name: 'common-imports-only-common',
      severity: 'error',
      comment: 'common/ is pure: other common/ modules and valibot, no node:*, react, hono or ky.',
      from: { path: '^common/' },
      to: { pathNot: ['^common/', '^node_modules/(valibot|@standard-schema)/'] },
    },

    // src/: the page.
    {
      name: 'page-not-to-proxy-or-sim',
      severity: 'error',
      comment: 'The page shares code with the proxy through common/ only.',
      from: { path: '^src/' },
      to: { path: '^(server|sim)/' },
    },
    {
      name: 'lib-imports-common',
      severity: 'error',
      comment: 'src/lib/ is framework glue over common/.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'components-below-features',
      severity: 'error',
      comment: 'Shared components are presentational: src/lib and common only.',
      from: { path: '^src/components/' },
      to: { path: '^src/(app/|features/|main\\.tsx$)' },
    },
    {
      name: 'feature-not-to-feature',
      severity: 'error',
      comment: 'Features never import each other; src/app composes them.',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: '^src/features/$1/' },
    },
    {
      name: 'feature-not-to-app',
      severity: 'error',
      comment: 'src/app composes features, not the other way round.',
      from: { path: '^src/features/' },
      to: { path: '^src/(app/|main\\.tsx$)' },
    },

    // server/: the proxy, layer by layer.
    {
      name: 'proxy-not-to-page-or-sim',
      severity: 'error',
      comment: 'The proxy shares code with the page through common/ only.',
      from: { path: '^server/' },
      to: { path: '^(src|sim)/' },
    },
    {
      name: 'errors-is-a-leaf',
      severity: 'error',
      comment: 'server/errors.ts is imported by every layer, so imports only common/.',
      from: { path: '^server/errors\\.ts$' },
      to: notOwn('server/errors\\.ts$'),
    },
    {
      name: 'profile-is-data',
      severity: 'error',
      comment: 'The instance profile (what DeskDirector is, as data) and its readers know only common/.',
      from: { path: '^server/profile/' },
      to: notOwn('server/profile/'),
    },
    {
      name: 'ledger-and-upstreams-import-common',
      severity: 'error',
      comment: 'The ledger and the upstream clients know common/ types (and the instance profile) and nothing of the proxy above them.',
      from: { path: '^server/(ledger|upstreams)/' },
      to: { path: '^(common|src|server|sim|test|scripts)/', pathNot: ['^server/$1/', '^common/', '^server/profile/'] },
    },
    {
      name: 'doctor-reads-only',
      severity: 'error',
      comment: 'The doctor checks an instance from the profile and plain HTTP: no ledger, no routes, no Hono.',
      from: { path: '^server/doctor/' },
      to: { path: '^(server/(ledger|routes|http|jobs|escalations|upstreams)/|server/(app|main)\\.ts$|node_modules/(hono|@hono/[^/]+)/)' },
    },
    {
      name: 'escalations-without-hono',
      severity: 'error',
      comment: 'The domain takes Services and plain values, never a Hono context.',
      from: { path: '^server/escalations/' },
      to: { path: '^node_modules/(hono|@hono/[^/]+)/' },
    },
    {
      name: 'escalations-below-http',
      severity: 'error',
      comment: 'The domain sits below the HTTP layer: types from server/http (Services) only.',
      from: { path: '^server/escalations/' },
      to: { path: '^server/(http/|routes/|jobs/|app\\.ts$|main\\.ts$)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'http-below-routes',
      severity: 'error',
      comment: 'server/http is plumbing shared by routes; it never imports a route or the app.',
      from: { path: '^server/http/' },
      to: { path: '^server/(routes/|jobs/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'route-not-to-route-or-app',
      severity: 'error',
      comment: 'A route imports http, escalations, ledger and errors; never another route or the app.',
      from: { path: '^server/routes/' },
      to: { path: '^server/(routes/|jobs/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'jobs-below-app',
      severity: 'error',
      comment: 'The outbox worker uses the ledger, upstreams and escalations; it is started by main.',
      from: { path: '^server/jobs/' },
      to: { path: '^server/(http/|routes/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'app-only-from-entries',
      severity: 'error',
      comment: 'server/app.ts is composed by server/main.ts, the simulated stack and the tests.',
      from: { pathNot: '^(server/main\\.ts|sim/stack\\.ts|test/|scripts/)' },
      to: { path: '^server/app\\.ts$' },
    },
    {
      name: 'main-is-an-entry',
      severity: 'error',
      comment: 'server/main.ts is run, not imported.',
      from: { pathNot: '^(test|scripts)/' },
      to: { path: '^server/main\\.ts$' },
    },

    // sim/: simulated DeskDirector and Directly.
    { name: 'sim-not-to-page', severity: 'error', comment: 'The simulators never import the page.', from: { path: '^sim/' }, to: { path: '^src/' } },
    {
      name: 'sim-not-to-proxy',
      severity: 'error',
      comment: 'The simulators are independent of the proxy; only the stacks that run both import it.',
      from: { path: '^sim/', pathNot: '^sim/(stack|demo)\\.ts$' },
      to: { path: '^server/' },
    },
    {
      name: 'sim-stack-uses-proxy-entry-parts',
      severity: 'error',
      comment: 'The simulated stack starts the proxy as main.ts does: config, log, ledger, app, page, outbox worker.',
      from: { path: '^sim/(stack|demo)\\.ts$' },
      to: { path: '^server/', pathNot: '^server/(app\\.ts|config\\.ts|log\\.ts|ledger/|jobs/|routes/page\\.ts)' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Type-only imports count: a type from a higher layer couples as surely as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
