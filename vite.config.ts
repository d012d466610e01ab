import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The entry script, async and after the page's markup: it runs as soon as it has loaded,
 * while the proxy is still streaming the first screen's data into the document, rather
 * than once the whole document is in (src/main.tsx waits for the data before it draws).
 */
const entryRunsOnLoad = (): Plugin => ({
  name: 'entry-runs-on-load',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(html) {
      const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/.exec(html);
      if (!entry) throw new Error('index.html: the built entry script was not found');
      return html.replace(entry[0], '').replace('</body>', `  <script type="module" async crossorigin src="${entry[1]}"></script>\n  </body>`);
    },
  },
});

// Generous: on a loaded two-core machine (another npm test beside this one) a test that
// takes 300 ms alone can take seconds. A hang still fails, just later.
const timeouts = { testTimeout: 30_000, hookTimeout: 30_000 };

const serverTests = {
  environment: 'node' as const,
  include: ['test/server/**/*.test.ts', 'test/common/**/*.test.ts'],
  exclude: ['**/*.e2e.test.ts'],
  ...timeouts,
};

/**
 * Server test files whose outcome cannot depend on the simulated instance's dialect (the
 * doctor's and the profile's test both dialects themselves), nor on the ledger's driver.
 */
const notDialectTests = [
  'bundle-budget',
  'bundle-secrets',
  'config',
  'directly-encoding',
  'error-body',
  'doctor',
  'ledger-startup',
  'profile',
  'security-doc',
  'variant-profile',
];

export default defineConfig({
  plugins: [react(), entryRunsOnLoad()],
  build: { target: 'es2022', sourcemap: false },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'app', environment: 'jsdom', include: ['test/app/**/*.test.{ts,tsx}'], setupFiles: ['test/app/setup.ts'], ...timeouts },
      },
      { extends: true, test: { name: 'server', ...serverTests } },
      // The same proxy tests against the variant simulated instance, read through its profile
      // file (test/support/upstreams.ts); files that never meet the simulated instance are left out.
      {
        extends: true,
        test: {
          name: 'server-variant',
          ...serverTests,
          exclude: [...serverTests.exclude, ...notDialectTests.map((f) => `test/server/${f}.test.ts`)],
          env: { TEST_DD_DIALECT: 'variant' },
        },
      },
      // With DATABASE_URL, the proxy tests run a second time with their ledger on that
      // PostgreSQL server (test/support/ledger.ts); the embedded SQLite ledger is always tested.
      ...(process.env.DATABASE_URL
        ? [
            {
              extends: true,
              test: {
                name: 'server-postgres',
                ...serverTests,
                exclude: [...serverTests.exclude, ...notDialectTests.map((f) => `test/server/${f}.test.ts`)],
                env: { TEST_LEDGER: 'postgres' },
              },
            },
          ]
        : []),
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
    ],
  },
});
