import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const serverTests = {
  environment: 'node' as const,
  include: ['test/server/**/*.test.ts', 'test/common/**/*.test.ts'],
  exclude: ['**/*.e2e.test.ts'],
  testTimeout: 20_000,
  hookTimeout: 30_000,
};

export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022', sourcemap: false },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'app', environment: 'jsdom', include: ['test/app/**/*.test.{ts,tsx}'], setupFiles: ['test/app/setup.ts'] },
      },
      { extends: true, test: { name: 'server', ...serverTests } },
      // With DATABASE_URL, the proxy tests run a second time with their ledger on that
      // PostgreSQL server (test/server/harness.ts); the embedded store is always tested.
      ...(process.env.DATABASE_URL ? [{ extends: true, test: { name: 'server-postgres', ...serverTests, env: { TEST_LEDGER: 'postgres' } } }] : []),
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
    ],
  },
});
