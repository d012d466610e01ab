// The zero-credential demo: a simulated DeskDirector and a simulated Directly on
// loopback, and the real proxy serving the built app, all in one process. The proxy
// reaches the simulators over real HTTP, exactly as it would reach the real services.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { createOutbox } from '../server/outbox.ts';
import { servePage } from '../server/page.ts';
import { createStore, migrate, openDb } from '../server/store.ts';
import { createDeskDirectorSim } from './deskdirector/app.ts';
import { createDirectlySim } from './directly/app.ts';

const appPort = Number(process.env.PORT ?? 4000);
const ddPort = Number(process.env.DD_SIM_PORT ?? 4010);
const directlyPort = Number(process.env.DIRECTLY_SIM_PORT ?? 4020);
// Two different origins, as in production: the portal frames our app cross-origin.
const appOrigin = `http://localhost:${appPort}`;
const ddOrigin = `http://127.0.0.1:${ddPort}`;
const directlyOrigin = `http://127.0.0.1:${directlyPort}`;

if (!existsSync('dist/index.html')) {
  process.stderr.write('dist/ is missing: run "npm start" (it builds first) or "npm run build".\n');
  process.exit(1);
}

// A fresh random secret each run: the demo needs no credentials and commits none.
const directlyToken = randomBytes(24).toString('hex');
// The simulated instance's API key (notes on tickets) and webhook secret (closing follows the ticket).
const ddApiKey = randomBytes(24).toString('hex');
const webhookSecret = randomBytes(24).toString('hex');
const dd = createDeskDirectorSim({
  origin: ddOrigin,
  corsOrigins: [appOrigin],
  appUrl: `${appOrigin}/`,
  latencyMs: Number(process.env.DD_SIM_LATENCY_MS ?? 0),
  apiKey: ddApiKey,
  webhook: { url: `${appOrigin}/api/webhooks/deskdirector?host=${encodeURIComponent(ddOrigin)}`, secret: webhookSecret },
});
const directly = createDirectlySim({ apiToken: directlyToken, origin: directlyOrigin });

const result = loadConfig({
  DIRECTLY_BASE_URL: directlyOrigin,
  DIRECTLY_API_TOKEN: directlyToken,
  DESKDIRECTOR_HOSTS: ddOrigin,
  PORT: String(appPort),
  DATA_DIR: process.env.DATA_DIR ?? 'data/demo',
  DESKDIRECTOR_API_KEYS: `${ddOrigin}=${ddApiKey}`,
  DESKDIRECTOR_WEBHOOK_SECRET: webhookSecret,
  ...(process.env.EXPERT_MAPPING_FILE ? { EXPERT_MAPPING_FILE: process.env.EXPERT_MAPPING_FILE } : {}),
});
if (!result.ok) throw new Error(result.problems.join('\n'));
const config = result.config;
const log = createLogger(undefined, process.env.LOG_LEVEL === 'info' ? 'info' : 'warn');
const db = await openDb({ dataDir: config.dataDir });
await migrate(db);
const app = createApp({ config, store: createStore(db), log });
servePage(app, config, 'dist');
const outbox = createOutbox({ db, config, log });
outbox.start(1_000);

const listen = (fetch: (r: Request) => Response | Promise<Response>, port: number, hostname: string) =>
  new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
  });

const servers = await Promise.all([
  listen(dd.app.fetch, ddPort, '127.0.0.1'),
  listen(directly.app.fetch, directlyPort, '127.0.0.1'),
  listen(app.fetch, appPort, 'localhost'),
]);

process.stdout.write(`
  Demo ready. Open the simulated DeskDirector portal:

    ${ddOrigin}/

  Switch between Portal users and TECH users at the top of that page. After a
  question is sent, a note with its link is written on the simulated ticket; as a
  TECH user, "Set ticket status" to Closed or Resolved and the question closes too.
  Our app + proxy: ${appOrigin}   simulated Directly: ${directlyOrigin}
  Escalations are kept in ${config.dataDir}. Press Ctrl+C to stop.

`);

const stop = () => {
  for (const s of servers) s.close();
  void outbox
    .stop()
    .then(() => db.close?.())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
