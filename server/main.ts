// Node entry: configuration, ledger, app, page, outbox worker, listener, graceful stop.
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { clientIpResolver } from './http/rate-limit.ts';
import { LedgerProblem, migrate, openDb, type Db } from './ledger/db.ts';
import { LEDGER_FILE } from './ledger/sqlite.ts';
import { createLedger } from './ledger/index.ts';
import { createLogger } from './log.ts';
import { createOutboxWorker } from './jobs/outbox-worker.ts';
import { servePage } from './routes/page.ts';

function refuse(problems: string[]): never {
  process.stderr.write(`The proxy cannot start. Fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}

const result = loadConfig(process.env);
if (!result.ok) refuse(result.problems);
const config = result.config;
const log = createLogger();
const db = await openLedger();
const ledger = createLedger(db);
// Before the first request: a send the machine's restart cut short holds its ticket (send-intents.ts).
const held = await ledger.intents.recover();
if (held > 0) log.warn({ held }, 'tickets held as unknown: the machine restarted while they were being sent');
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
const app = createApp({ config, ledger, log, clientIp });
servePage(app, config, config.staticDir ?? 'dist');
// Notes on DeskDirector tickets, retried until written (DESKDIRECTOR_API_KEYS); the ledger's sweep rides on its tick.
const outbox = createOutboxWorker({ ledger, config, log });
outbox.start(2_000);

const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  log.info(
    {
      port: info.port,
      deskDirectorHosts: config.deskDirectorHosts,
      store: config.databaseUrl ? 'postgresql' : `sqlite:${join(config.dataDir, LEDGER_FILE)}`,
      // Which instances get ticket notes, and whether the webhook is on; never the secrets themselves.
      ticketNotes: [...config.deskDirectorApiKeys.keys()],
      webhook: Boolean(config.webhookSecret),
    },
    'proxy listening',
  );
});
// A port another process holds, or one the user may not bind, is a setting to fix, not a stack.
server.once('error', (e: NodeJS.ErrnoException) => {
  const why =
    e.code === 'EADDRINUSE'
      ? 'is already in use by another process'
      : e.code === 'EACCES'
        ? 'needs privileges this user lacks'
        : `cannot be used (${e.code ?? e.message})`;
  void outbox
    .stop()
    .then(() => db.close())
    .finally(() => refuse([`PORT: ${config.port} ${why}; choose another (HOST=${process.env.HOST ?? '0.0.0.0'})`]));
});

const stop = () =>
  server.close(
    () =>
      void outbox
        .stop()
        .then(() => db.close())
        .then(() => process.exit(0)),
  );
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/** The ledger, migrated; a data directory or database it cannot use is a start-up problem, not a stack. */
async function openLedger(): Promise<Db> {
  let db: Db | undefined;
  try {
    db = await openDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onIdleError: (e) => log.warn({ error: e.message }, 'an idle PostgreSQL connection failed; the pool opens another'),
    });
    await migrate(db);
    return db;
  } catch (e) {
    await db?.close().catch(() => {});
    if (e instanceof LedgerProblem) refuse([e.message]);
    if (config.databaseUrl) refuse([`DATABASE_URL: the ledger's PostgreSQL cannot be used (${(e as Error).message})`]);
    throw e;
  }
}
