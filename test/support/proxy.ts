// A real proxy app (real config parsing, real ledger: SQLite in memory) wired to the
// simulated upstreams through the network layer MSW intercepts.
import { createApp, type AppDeps } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import type { Db } from '../../server/ledger/db.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { openTestLedger } from './ledger.ts';
import { DD_ENV, DD_HOST, DIRECTLY_URL, TEST_DIRECTLY_TOKEN } from './upstreams.ts';

export const testEnv = {
  DIRECTLY_BASE_URL: DIRECTLY_URL,
  DIRECTLY_API_TOKEN: TEST_DIRECTLY_TOKEN,
  DESKDIRECTOR_HOSTS: DD_HOST,
  DIRECTLY_TIMEOUT_MS: '500',
  DESKDIRECTOR_TIMEOUT_MS: '500',
  ...DD_ENV,
};

export function testConfig(overrides: Record<string, string> = {}): Config {
  const result = loadConfig({ ...testEnv, ...overrides });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

export async function createTestProxy(opts: { db?: Db; config?: Config; logLines?: string[]; deps?: Partial<Omit<AppDeps, 'config' | 'ledger'>> } = {}) {
  const db = opts.db ?? (await openTestLedger());
  const config = opts.config ?? testConfig();
  const ledger = createLedger(db);
  const log = createLogger((line) => opts.logLines?.push(line), opts.logLines ? 'info' : 'silent');
  const app = createApp({ config, ledger, log, ...opts.deps });
  return { app, db, ledger, config };
}
