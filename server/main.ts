// Node entry: validate the configuration, open the ledger, serve the API and the app.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { createOutbox } from './outbox.ts';
import { servePage } from './page.ts';
import { clientIpResolver } from './rate-limit.ts';
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
// The per-IP limit counts the socket's address; X-Forwarded-For only behind our own reverse proxy (TRUST_PROXY=true).
const clientIp = clientIpResolver({
  trustProxy: config.trustProxy,
  connectionIp: (c) => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      return undefined;
    }
  },
});
const app = createApp({ config, store: createStore(db), log, clientIp });
servePage(app, config, config.staticDir ?? 'dist');
// Notes on DeskDirector tickets, retried until written (DESKDIRECTOR_API_KEYS).
const outbox = createOutbox({ db, config, log });
outbox.start(2_000);

const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  log.info(
    {
      port: info.port,
      deskDirectorHosts: config.deskDirectorHosts,
      store: config.databaseUrl ? 'postgresql' : `pglite:${config.dataDir}`,
      // Which instances get ticket notes, and whether the webhook is on; never the secrets themselves.
      ticketNotes: [...config.deskDirectorApiKeys.keys()],
      webhook: Boolean(config.webhookSecret),
    },
    'proxy listening',
  );
});

const stop = () =>
  server.close(
    () =>
      void outbox
        .stop()
        .then(() => db.close?.() ?? db.end?.())
        .then(() => process.exit(0)),
  );
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
