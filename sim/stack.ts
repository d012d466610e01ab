// The whole product on loopback: simulated DeskDirector, simulated Directly, and the
// real proxy serving the built app, each on its own port (so the portal frames the app
// cross-origin, as DeskDirector does). Used by the demo, the browser tests and the bench.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { createLogger, type Logger } from '../server/log.ts';
import { createOutbox } from '../server/outbox.ts';
import { servePage } from '../server/page.ts';
import { createStore, migrate, openDb, type Db } from '../server/store.ts';
import { createDeskDirectorSim, type DeskDirectorSim } from './deskdirector/app.ts';
import { createDirectlySim, type DirectlySim } from './directly/app.ts';

export interface StackOptions {
  /** 0 picks a free port. */
  appPort?: number;
  ddPort?: number;
  directlyPort?: number;
  /** Omit for an in-memory ledger. */
  dataDir?: string;
  ddLatencyMs?: number;
  staticDir?: string;
  log?: Logger;
  env?: Record<string, string>;
  outboxIntervalMs?: number;
}

export interface Stack {
  appOrigin: string;
  ddOrigin: string;
  directlyOrigin: string;
  dd: DeskDirectorSim;
  directly: DirectlySim;
  config: Config;
  db: Db;
  /** The portal page URL that opens the app as the given demo user. */
  portalUrl(user: string, extra?: Record<string, string>): string;
  stop(): Promise<void>;
}

type Handler = (req: Request) => Response | Promise<Response>;

function listen(port: number, hostname: string) {
  let handler: Handler = () => new Response('starting', { status: 503 });
  return new Promise<{ server: ReturnType<typeof serve>; port: number; use: (h: Handler) => void }>((resolve) => {
    const server = serve({ fetch: (req) => handler(req), port, hostname }, (info: AddressInfo) =>
      resolve({ server, port: info.port, use: (h) => (handler = h) }),
    );
  });
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  // Listen first, so every origin is known before the apps that name each other exist.
  const [appL, ddL, directlyL] = await Promise.all([
    listen(opts.appPort ?? 0, 'localhost'),
    listen(opts.ddPort ?? 0, '127.0.0.1'),
    listen(opts.directlyPort ?? 0, '127.0.0.1'),
  ]);
  const appOrigin = `http://localhost:${appL.port}`;
  const ddOrigin = `http://127.0.0.1:${ddL.port}`;
  const directlyOrigin = `http://127.0.0.1:${directlyL.port}`;

  // Fresh random secrets each run: the demo needs no credentials and commits none.
  const directlyToken = randomBytes(24).toString('hex');
  // The simulated instance's API key (notes on tickets) and webhook secret (closing follows the ticket).
  const ddApiKey = randomBytes(24).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const dd = createDeskDirectorSim({
    origin: ddOrigin,
    corsOrigins: [appOrigin],
    appUrl: `${appOrigin}/`,
    latencyMs: opts.ddLatencyMs ?? 0,
    apiKey: ddApiKey,
    webhook: { url: `${appOrigin}/api/webhooks/deskdirector?host=${encodeURIComponent(ddOrigin)}`, secret: webhookSecret },
  });
  const directly = createDirectlySim({ apiToken: directlyToken, origin: directlyOrigin });

  const result = loadConfig({
    DIRECTLY_BASE_URL: directlyOrigin,
    DIRECTLY_API_TOKEN: directlyToken,
    DESKDIRECTOR_HOSTS: ddOrigin,
    PORT: String(appL.port),
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    DESKDIRECTOR_API_KEYS: `${ddOrigin}=${ddApiKey}`,
    DESKDIRECTOR_WEBHOOK_SECRET: webhookSecret,
    ...opts.env,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const config = result.config;
  const db = await openDb(opts.dataDir ? { dataDir: opts.dataDir } : {});
  await migrate(db);
  const log = opts.log ?? createLogger(undefined, 'warn');
  const app = createApp({ config, store: createStore(db), log });
  servePage(app, config, opts.staticDir ?? 'dist');
  const outbox = createOutbox({ db, config, log });
  outbox.start(opts.outboxIntervalMs ?? 1_000);

  ddL.use(dd.app.fetch);
  directlyL.use(directly.app.fetch);
  appL.use(app.fetch);

  const close = (s: ReturnType<typeof serve>) => new Promise<void>((r) => s.close(() => r()));
  return {
    appOrigin,
    ddOrigin,
    directlyOrigin,
    dd,
    directly,
    config,
    db,
    portalUrl: (user, extra = {}) => `${ddOrigin}/?${new URLSearchParams({ as: user, ...extra })}`,
    stop: async () => {
      (appL.server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await outbox.stop();
      await Promise.all([close(appL.server), close(ddL.server), close(directlyL.server)]);
      await (db.close?.() ?? db.end?.());
    },
  };
}
