// The whole product on loopback: simulated DeskDirector, simulated Directly, and the
// real proxy serving the built app, each on its own port (so the portal frames the app
// cross-origin, as DeskDirector does). Used by the demo, the browser tests and the bench.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { createLogger, type Logger } from '../server/log.ts';
import { createOutboxWorker } from '../server/jobs/outbox-worker.ts';
import { migrate, openDb, type Db } from '../server/ledger/db.ts';
import { createLedger } from '../server/ledger/index.ts';
import { servePage } from '../server/routes/page.ts';
import { createDeskDirectorSim, type DeskDirectorSim } from './deskdirector/app.ts';
import { createDirectlySim, type DirectlySim } from './directly/app.ts';
import { VARIANT_PROFILE_FILE } from './deskdirector/variant-profile.ts';

export { VARIANT_PROFILE_FILE };

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
  dialect?: 'standard' | 'variant';
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

interface Listener {
  server: ReturnType<typeof serve>;
  port: number;
  use: (h: Handler) => void;
}

function listen(port: number, hostname: string) {
  let handler: Handler = () => new Response('starting', { status: 503 });
  return new Promise<Listener>((resolve, reject) => {
    const server = serve({ fetch: (req) => handler(req), port, hostname }, (info: AddressInfo) =>
      resolve({ server, port: info.port, use: (h) => (handler = h) }),
    );
    // A busy port is the caller's to explain, not an uncaught error.
    server.once('error', (e: NodeJS.ErrnoException) => reject(Object.assign(e, { port })));
  });
}

export interface SimulatorsOptions {
  ddPort?: number;
  directlyPort?: number;
  ddLatencyMs?: number;
  /** Where the proxy serves the app: the portal frames it, and the webhook calls it. */
  appOrigin: string;
  /** Which simulated instance: `variant` speaks other paths and field names, and the proxy reads it through its profile file. */
  dialect?: 'standard' | 'variant';
}

export interface Simulators {
  ddOrigin: string;
  directlyOrigin: string;
  dd: DeskDirectorSim;
  directly: DirectlySim;
  /** The proxy's settings for these simulators (fresh random secrets each run). */
  proxyEnv: Record<string, string>;
  stop(): Promise<void>;
}

const closeServer = (s: ReturnType<typeof serve>) => new Promise<void>((r) => s.close(() => r()));

/** Simulated DeskDirector and Directly on loopback, for a proxy at `appOrigin`. */
export async function startSimulators(opts: SimulatorsOptions): Promise<Simulators> {
  const [ddL, directlyL] = await Promise.all([listen(opts.ddPort ?? 0, '127.0.0.1'), listen(opts.directlyPort ?? 0, '127.0.0.1')]);
  return simulatorsOn(ddL, directlyL, opts);
}

function simulatorsOn(ddL: Listener, directlyL: Listener, opts: SimulatorsOptions): Simulators {
  const { appOrigin } = opts;
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
    dialect: opts.dialect ?? 'standard',
  });
  const directly = createDirectlySim({ apiToken: directlyToken, origin: directlyOrigin });
  ddL.use(dd.app.fetch);
  directlyL.use(directly.app.fetch);
  return {
    ddOrigin,
    directlyOrigin,
    dd,
    directly,
    proxyEnv: {
      DIRECTLY_BASE_URL: directlyOrigin,
      DIRECTLY_API_TOKEN: directlyToken,
      DESKDIRECTOR_HOSTS: ddOrigin,
      DESKDIRECTOR_API_KEYS: `${ddOrigin}=${ddApiKey}`,
      DESKDIRECTOR_WEBHOOK_SECRET: webhookSecret,
      // The simulated instance has no "Completed" status.
      DESKDIRECTOR_CLOSED_STATUSES: 'Closed,Resolved',
      ...(opts.dialect === 'variant' ? { DESKDIRECTOR_PROFILE_FILE: VARIANT_PROFILE_FILE } : {}),
    },
    stop: async () => {
      await Promise.all([closeServer(ddL.server), closeServer(directlyL.server)]);
    },
  };
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  // Listen first, so every origin is known before the apps that name each other exist.
  const [appL, ddL, directlyL] = await Promise.all([
    listen(opts.appPort ?? 0, 'localhost'),
    listen(opts.ddPort ?? 0, '127.0.0.1'),
    listen(opts.directlyPort ?? 0, '127.0.0.1'),
  ]);
  const appOrigin = `http://localhost:${appL.port}`;
  const sims = simulatorsOn(ddL, directlyL, { appOrigin, ddLatencyMs: opts.ddLatencyMs ?? 0, dialect: opts.dialect ?? 'standard' });
  const { dd, directly, ddOrigin, directlyOrigin } = sims;

  const result = loadConfig({
    ...sims.proxyEnv,
    PORT: String(appL.port),
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    ...opts.env,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const config = result.config;
  const db = await openDb(opts.dataDir ? { dataDir: opts.dataDir } : {});
  await migrate(db);
  const log = opts.log ?? createLogger(undefined, 'warn');
  const ledger = createLedger(db);
  const app = createApp({ config, ledger, log });
  servePage(app, config, opts.staticDir ?? 'dist');
  const outbox = createOutboxWorker({ ledger, config, log });
  outbox.start(opts.outboxIntervalMs ?? 1_000);
  appL.use(app.fetch);

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
      await Promise.all([closeServer(appL.server), sims.stop()]);
      await db.close();
    },
  };
}
