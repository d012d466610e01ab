// The proxy as a Hono app: it holds the Directly secret and acts only on tickets
// DeskDirector shows the caller, reading them as the caller. main.ts adds the listener,
// the page and the outbox worker.
import { Hono } from 'hono';
import { limits } from '../common/question.ts';
import type { Config } from './config.ts';
import { noSuchRoute, onError } from './errors.ts';
import { createCallerChecks } from './http/caller.ts';
import type { Env } from './http/env.ts';
import { chargeIp, createRateLimiter, perIp, type ClientIp } from './http/rate-limit.ts';
import { requestContext } from './http/request-context.ts';
import type { Ledger } from './ledger/index.ts';
import { createLogger, type Logger } from './log.ts';
import { draftRoutes } from './routes/drafts.ts';
import { escalationRoutes } from './routes/escalations.ts';
import { reportRoutes } from './routes/report.ts';
import { setupCheckRoutes } from './routes/setup-check.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { webhookRoutes } from './routes/webhook.ts';
import type { Services } from './services.ts';
import { createCircuitBreaker } from './upstreams/circuit-breaker.ts';
import { createDirectlyClient, type DirectlyClient } from './upstreams/directly.ts';
import { createTokenCache, type TokenCache } from './upstreams/token-cache.ts';

export interface AppDeps {
  config: Config;
  ledger: Ledger;
  /** The setup check's network, injectable for tests; the upstream clients use node:http (server/upstreams/http-client.ts). */
  fetch?: typeof fetch;
  directly?: DirectlyClient;
  log?: Logger;
  /** The client's IP, for the per-IP limit; without it only the per-user limit applies. */
  clientIp?: ClientIp;
  /** Verified callers by hashed token; injectable so tests can look inside. */
  tokenCache?: TokenCache;
  /** The clock for the rate limits, the token cache and the Directly circuit breaker. */
  now?: () => number;
}

export function createApp(deps: AppDeps): Hono<Env> {
  const { config, ledger } = deps;
  // Read at each call, so a test's fake Date applies.
  const now = deps.now ?? (() => Date.now());
  // Looked up on each call, so a test's interception of the global fetch still applies.
  const fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const log = deps.log ?? createLogger();
  const breaker = createCircuitBreaker({ ...config.directlyBreaker, now });
  const directly =
    deps.directly ?? createDirectlyClient({ baseUrl: config.directlyBaseUrl, apiToken: config.directlyApiToken, timeoutMs: config.directlyTimeoutMs, breaker });
  const svc: Services = { config, ledger, directly, log };
  const callers = createCallerChecks({
    config,
    log,
    tokenCache: deps.tokenCache ?? createTokenCache({ now }),
    perUser: createRateLimiter({ perMinute: config.rateLimitPerMinute, now }),
  });
  const charge = chargeIp(createRateLimiter({ perMinute: config.rateLimitPerIpPerMinute, now }), deps.clientIp, log);
  // DeskDirector's signed deliveries come from its own few addresses: a limit of their own.
  const deliveries = createRateLimiter({ perMinute: config.rateLimitWebhookPerMinute, now });

  const app = new Hono<Env>();
  app.use(requestContext({ log, serverTiming: config.serverTiming }));
  app.onError(onError(log));

  // Liveness: the process answers. Readiness: it can also reach its ledger (for a load balancer).
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/ready', async (c) => {
    await ledger.ready();
    return c.json({ ok: true });
  });
  // DeskDirector's webhook carries no user token: mounted before the caller check, and
  // limited by its signature (signed: its own limit; unsigned: the sender's address).
  app.route('/api/webhooks', webhookRoutes(svc, { charge, deliveries }));
  app.use('/api/*', perIp(charge, callers.verifiedAlready));
  app.get('/api/config', (c) => c.json({ mapping: config.mapping, limits }));
  // These check the caller themselves, alongside their read.
  app.route('/api/tickets', ticketRoutes(svc, callers));

  // Everything below acts as the caller; the Directly secret is only ever used here.
  app.use('/api/*', callers.requireCaller);
  app.route('/api/escalations', escalationRoutes(svc));
  app.route('/api/admin', reportRoutes(svc));
  app.route('/api/drafts', draftRoutes(svc));
  app.route('/api/setup-check', setupCheckRoutes(svc, { callers, fetch, now }));
  app.all('/api/*', () => {
    throw noSuchRoute();
  });
  return app;
}
