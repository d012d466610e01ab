// Node entry: validate the configuration, open the ledger, serve the API and the app.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { servePage } from './page.ts';
import { createStore, migrate, openDb } from './store.ts';

const result = loadConfig(process.env);
if (!result.ok) {
  process.stderr.write(`The proxy cannot start. Fix these settings:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
const config = result.config;
const log = createLogger();
const db = await openDb({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir });
await migrate(db);
const app = createApp({ config, store: createStore(db), log });
servePage(app, config, config.staticDir ?? 'dist');

const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  log.info({ port: info.port, deskDirectorHosts: config.deskDirectorHosts, store: config.databaseUrl ? 'postgresql' : `pglite:${config.dataDir}` }, 'proxy listening');
});

const stop = () => server.close(() => void (db.close?.() ?? db.end?.())?.then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
