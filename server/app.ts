// The proxy as a runtime-neutral Hono app. It holds the Directly secret and acts only
// on tickets DeskDirector shows the caller, reading them as the caller. The Node entry
// (node.ts) adds the listener and static files; another runtime needs another entry.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { normalizeHost, type DdApp, type DdTicket, type DdUser } from '../common/deskdirector-api.ts';
import { createDeskDirectorClient, DeskDirectorError, type DeskDirectorClient } from './deskdirector-client.ts';
import { buildQuestion, draftSchema, limits, type Asker } from '../common/escalation.ts';
import { APP_HEADER, HOST_HEADER, TICKET_PAGE_SIZE, type Actor, type EscalateRequest, type ErrorCode, type Escalation, type TicketPageReply, type TicketReply } from '../common/proxy-api.ts';
import { escalateRequestSchema, ticketPageQuerySchema } from './schemas.ts';
import type { Config } from './config.ts';
import { createDirectlyClient, DirectlyError, type DirectlyClient } from './directly.ts';
import type { Store } from './store.ts';
import { createLogger, type Logger } from './log.ts';
import { createAdminRoutes } from './admin.ts';
import { createDraftRoutes } from './drafts.ts';
import { ticketNoteItem } from './outbox.ts';
import { createWebhookRoutes } from './webhook.ts';
import { createRateLimiter, type ClientIp } from './rate-limit.ts';
import { createTokenCache, type TokenCache } from './token-cache.ts';
import { sha256Hex } from './hash.ts';
import { createTiming, type Timing } from './timing.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  /** The network, injectable so tests can count what leaves the proxy. */
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

export interface Caller {
  host: string;
  app: DdApp;
  user: DdUser;
  dd: DeskDirectorClient;
}

export type Env = { Variables: { requestId: string; caller: Caller; timing: Timing } };

export const BODY_LIMIT_BYTES = 32 * 1024;

export class ApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503;
  readonly code: ErrorCode;
  readonly extra: { fields?: Record<string, string>; escalation?: Escalation; retryAfterSeconds?: number };
  constructor(status: ApiError['status'], code: ErrorCode, message: string, extra: ApiError['extra'] = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** A 400 naming each field's first problem; issues without a path count against the body. */
export function invalidFields(message: string, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
  return new ApiError(400, 'invalid_request', message, { fields });
}

/** A ticket number from a path: a positive safe integer, or a 400. */
export function ticketIdFrom(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'invalid_request', 'The ticket number must be a positive whole number.', { fields: { ticketId: 'must be a positive whole number' } });
  return id;
}

/** Refuses a body over `maxSize` bytes with the API's 413. */
export const limitBody = (maxSize: number) => bodyLimit({ maxSize, onError: () => { throw new HTTPException(413); } });

const SESSION_ENDED = 'Your DeskDirector session has ended. Open this page again from the DeskDirector menu.';

/** What a DeskDirector failure means to our caller: checking who they are, reading one ticket, or listing their tickets. */
function fromDeskDirector(error: DeskDirectorError, what: 'caller' | 'ticket' | 'list'): ApiError {
  switch (error.kind) {
    case 'unauthorized':
      return new ApiError(401, 'token_expired', SESSION_ENDED);
    case 'forbidden':
      if (what === 'ticket') return new ApiError(403, 'forbidden', 'DeskDirector does not show you this ticket, so it cannot be sent to experts.');
      if (what === 'list') return new ApiError(403, 'forbidden', 'DeskDirector does not let you list tickets here.');
      return new ApiError(401, 'unauthenticated', SESSION_ENDED);
    case 'not-found':
      if (what === 'ticket') return new ApiError(404, 'ticket_not_found', 'DeskDirector has no ticket with this number that you can see.');
      // A list always exists: a 404 means the endpoint is not where we think it is.
      if (what === 'list') return new ApiError(502, 'deskdirector_unavailable', `DeskDirector has no ${error.endpoint} endpoint at the expected path. Your administrator may need to check the endpoint list in the README.`);
      return new ApiError(401, 'unauthenticated', SESSION_ENDED);
    case 'bad-shape':
      return new ApiError(502, 'deskdirector_unavailable', `DeskDirector answered in a form this service does not understand (${error.endpoint}). Nothing was sent to experts. Your administrator may need to check the endpoint list in the README.`);
    default:
      return new ApiError(502, 'deskdirector_unavailable', `DeskDirector could not be reached (${error.endpoint}). Nothing was sent to experts; try again in a moment.`);
  }
}

/** 503 for a call the circuit breaker held back: nothing reached Directly. */
function directlyResting(e: DirectlyError, message: string, escalation: Escalation): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil((e.retryAfterMs ?? 30_000) / 1000));
  return new ApiError(503, 'directly_unavailable', `${message} in ${retryAfterSeconds} seconds.`, { escalation, retryAfterSeconds });
}

/** Who a caller is, as a stable key: the same person in Portal and TECH are two callers. */
export function callerKey(caller: Caller): string {
  return `${caller.app}:${caller.user.id}`;
}

function actorOf(caller: Caller): Actor {
  return { app: caller.app, id: caller.user.id, name: caller.user.userName };
}

/** Portal: the signed-in user asks. TECH: the technician asks on behalf of the ticket's contact. */
function askerFor(caller: Caller, ticket: DdTicket): Asker | null {
  const person =
    caller.app === 'portal'
      ? { fullname: caller.user.userName, emailAddress: caller.user.email || ticket.contact.email || '' }
      : { fullname: ticket.contact.name, emailAddress: ticket.contact.email ?? '' };
  return person.emailAddress.includes('@') ? person : null;
}

export function createApp(deps: AppDeps): Hono<Env> {
  const { config, store } = deps;
  const log = deps.log ?? createLogger();
  const allowedHosts = new Set(config.deskDirectorHosts);
  const directly =
    deps.directly ??
    createDirectlyClient({
      baseUrl: config.directlyBaseUrl,
      apiToken: config.directlyApiToken,
      timeoutMs: config.directlyTimeoutMs,
      breaker: { ...config.directlyBreaker, ...(deps.now ? { now: deps.now } : {}) },
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  const clock = deps.now ? { now: deps.now } : {};
  const tokenCache = deps.tokenCache ?? createTokenCache(clock);
  const perUser = createRateLimiter({ perMinute: config.rateLimitPerMinute, ...clock });
  const perIp = createRateLimiter({ perMinute: config.rateLimitPerIpPerMinute, ...clock });
  const tooMany = (retryAfterSeconds: number) =>
    new ApiError(429, 'rate_limited', `Too many requests. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });

  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    const timing = createTiming();
    c.set('timing', timing);
    const started = performance.now();
    await next();
    if (config.serverTiming) c.header('Server-Timing', timing.header(performance.now() - started));
    // API answers hold ticket data: never kept by a browser or a shared cache.
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
    log.info({ requestId, method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof ApiError) {
      if (err.extra.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.extra.retryAfterSeconds));
      return c.json({ error: { code: err.code, message: err.message, requestId, ...(err.extra.fields ? { fields: err.extra.fields } : {}) }, ...(err.extra.escalation ? { escalation: err.extra.escalation } : {}) }, err.status);
    }
    if (err instanceof HTTPException && err.status === 413) {
      return c.json({ error: { code: 'payload_too_large', message: `The request is larger than ${BODY_LIMIT_BYTES} bytes.`, requestId } }, 413);
    }
    log.error({ requestId, err: { name: err.name, message: err.message } }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side. Nothing you typed is lost; try again.', requestId } }, 500);
  });

  app.get('/api/health', (c) => c.json({ ok: true }));

  // Per client IP, before anything else is read, so a flood never reaches DeskDirector.
  app.use('/api/*', async (c, next) => {
    const ip = deps.clientIp?.(c);
    if (ip !== undefined) {
      const wait = perIp.take(ip);
      if (wait !== null) {
        log.warn({ requestId: c.get('requestId'), limit: 'ip' }, 'rate limited');
        throw tooMany(wait);
      }
    }
    await next();
  });

  app.get('/api/config', (c) => c.json({ mapping: config.mapping, limits }));

  // DeskDirector's webhook carries no user token: mounted before the authenticated calls.
  app.route('/api/webhooks', createWebhookRoutes({ config, store, directly, log }));

  // Everything below acts as the caller; the Directly secret is only ever used here.
  const calls = new Hono<Env>();

  const ticketIdParam = (c: Context) => ticketIdFrom(c.req.param('ticketId'));

  interface Presented {
    host: string;
    app: DdApp;
    token: string;
    dd: DeskDirectorClient;
  }

  /** What the request says about its caller, checked for form only: nothing has gone upstream yet. */
  function presentedBy(c: Context<Env>): Presented {
    const auth = c.req.header('authorization') ?? '';
    const match = /^DdAccessToken ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(auth);
    if (!match) throw new ApiError(401, 'unauthenticated', 'This request has no DeskDirector access token. Open this page from the DeskDirector menu.');
    const host = normalizeHost(c.req.header(HOST_HEADER) ?? '');
    if (!host || !allowedHosts.has(host)) {
      throw new ApiError(403, 'host_not_allowed', 'This DeskDirector instance is not allowed to use this proxy. Ask your administrator to add it to DESKDIRECTOR_HOSTS.');
    }
    const app = (c.req.header(APP_HEADER) ?? 'portal').toLowerCase();
    if (app !== 'portal' && app !== 'tech') throw new ApiError(400, 'invalid_request', `${APP_HEADER} must be "portal" or "tech".`);
    const token = match[1]!;
    const dd = createDeskDirectorClient({
      host,
      token,
      app,
      timeoutMs: config.deskDirectorTimeoutMs,
      retryReads: true,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return { host, app, token, dd };
  }

  /** DeskDirector's word on who the caller is (remembered for a minute), then the per-user limit. */
  async function verifyCaller(c: Context<Env>, p: Presented): Promise<Caller> {
    let user: DdUser;
    try {
      user = await c.get('timing').time('caller', tokenCache.verify(await tokenCache.key(p.host, p.app, p.token), p.token, () => p.dd.me()));
    } catch (e) {
      if (e instanceof DeskDirectorError) throw fromDeskDirector(e, 'caller');
      throw e;
    }
    const caller: Caller = { host: p.host, app: p.app, user, dd: p.dd };
    const wait = perUser.take(`${p.host}|${callerKey(caller)}`);
    if (wait !== null) {
      log.warn({ requestId: c.get('requestId'), limit: 'user', app: p.app, userId: user.id }, 'rate limited');
      throw tooMany(wait);
    }
    c.set('caller', caller);
    return caller;
  }

  /**
   * The caller check and a read made with the caller's own token, sent to DeskDirector
   * together: DeskDirector authorizes the read itself, and nothing read is answered
   * before the caller is known, so a page waits one round trip instead of two.
   */
  async function verifiedWith<T>(c: Context<Env>, p: Presented, read: (dd: DeskDirectorClient, signal: AbortSignal) => Promise<T>, what: 'ticket' | 'list'): Promise<[Caller, T]> {
    const readAs = async (signal: AbortSignal) => {
      try {
        return await read(p.dd, signal);
      } catch (e) {
        if (e instanceof DeskDirectorError) throw fromDeskDirector(e, what);
        throw e;
      }
    };
    // A caller already verified goes through the per-user limit before anything is read;
    // only a first call (or one after the cache entry ended) overlaps the check and the read.
    if (tokenCache.get(await tokenCache.key(p.host, p.app, p.token))) {
      const caller = await verifyCaller(c, p);
      return [caller, await readAs(new AbortController().signal)];
    }
    const abort = new AbortController();
    const reading = readAs(abort.signal);
    reading.catch(() => {}); // awaited below, or moot once the caller check fails
    const caller = await verifyCaller(c, p).catch((e: unknown) => {
      abort.abort();
      throw e;
    });
    return [caller, await reading];
  }

  /** Without reading every ticket, a Portal user sees only escalations asked by or for them. */
  function visibleTo(caller: Caller, escalations: Escalation[]): Escalation[] {
    if (caller.app !== 'portal') return escalations;
    const email = caller.user.email?.toLowerCase();
    return escalations.filter((e) => (e.escalatedBy.app === 'portal' && e.escalatedBy.id === caller.user.id) || (email && e.askedFor.email.toLowerCase() === email));
  }

  // The page's first screen in one answer: who the caller is, a page of their open
  // tickets, and the latest escalation of each. Registered before the caller check below
  // because it makes that check itself, alongside the ticket search.
  calls.get('/tickets', async (c) => {
    const presented = presentedBy(c);
    const query = ticketPageQuerySchema.safeParse(c.req.query());
    if (!query.success) throw invalidFields('Some fields need attention.', query.error.issues);
    const { page, search } = query.data;
    const timing = c.get('timing');
    const [caller, tickets] = await verifiedWith(
      c,
      presented,
      (dd, signal) => timing.time('tickets', dd.findTickets({ take: TICKET_PAGE_SIZE, skip: page * TICKET_PAGE_SIZE, openOnly: true, ...(search ? { search } : {}) }, signal)),
      'list',
    );
    const escalations = tickets.results.length ? visibleTo(caller, await timing.time('escalations', store.latestFor(caller.host, tickets.results.map((t) => t.id)))) : [];
    return c.json({ user: caller.user, tickets, escalations } satisfies TicketPageReply);
  });

  // One ticket, read as the caller, with its escalation history.
  calls.get('/tickets/:ticketId', async (c) => {
    const presented = presentedBy(c);
    const ticketId = ticketIdParam(c);
    const [caller, ticket] = await verifiedWith(c, presented, (dd, signal) => dd.ticket(ticketId, signal), 'ticket');
    return c.json({ ticket, escalations: await store.history(caller.host, ticket.id) } satisfies TicketReply);
  });

  // Everything else checks the caller first.
  calls.use('*', async (c, next) => {
    await verifyCaller(c, presentedBy(c));
    await next();
  });

  async function readTicket(caller: Caller, ticketId: number, signal?: AbortSignal): Promise<DdTicket> {
    try {
      return await caller.dd.ticket(ticketId, signal);
    } catch (e) {
      if (e instanceof DeskDirectorError) throw fromDeskDirector(e, 'ticket');
      throw e;
    }
  }

  /**
   * Sends one ticket to Directly, at most once while it has an open question. `reading`
   * is the caller's read of the ticket, already under way; `key` is the request's claimed
   * Idempotency-Key, answered in the statement that records the question.
   */
  async function escalate(caller: Caller, reading: Promise<DdTicket>, draft: { subject: string; text: string }, c: Context<Env>, key?: { caller: string; key: string }): Promise<Escalation> {
    const requestId = c.get('requestId');
    const timing = c.get('timing');
    const ticket = await reading;
    const asker = askerFor(caller, ticket);
    if (!asker) throw new ApiError(422, 'contact_has_no_email', 'Directly needs an email address for the person asking, and this ticket\'s contact has none. Add one in DeskDirector first.');
    const question = buildQuestion({ ticket, host: caller.host, asker, draft, mapping: config.mapping, instances: config.deskDirectorHosts.length });

    const reserved = await timing.time('reserve', store.reserve({
      host: caller.host,
      ticketId: ticket.id,
      companyName: ticket.company?.name ?? null,
      subject: question.subject,
      text: question.text,
      askedFor: { name: asker.fullname, email: asker.emailAddress },
      escalatedBy: actorOf(caller),
      helpDeskId: question.helpDeskId,
    }));
    if ('existing' in reserved) {
      throw new ApiError(409, 'already_escalated', 'This ticket is already with Directly\'s experts.', { escalation: reserved.existing });
    }
    let answer: { id: number; url: string };
    try {
      answer = await timing.time('directly', directly.saveQuestion(question));
    } catch (e) {
      if (!(e instanceof DirectlyError)) throw e;
      if (e.kind === 'circuit-open') {
        const escalation = await store.markFailed(reserved.created.id, `not sent: ${e.message}`, 'failed');
        log.warn({ requestId, ticketId: ticket.id, kind: e.kind }, 'saveQuestion not sent');
        throw directlyResting(e, 'Directly is failing right now, so the question was not sent. Your text is kept; try again', escalation);
      }
      const note = e.ambiguous ? `${e.message}; the question may or may not exist in Directly` : e.message;
      const escalation = await store.markFailed(reserved.created.id, note, e.ambiguous ? 'unknown' : 'failed');
      if (e.ambiguous) {
        log.warn({ requestId, ticketId: ticket.id, kind: e.kind }, 'saveQuestion outcome unknown');
        throw new ApiError(502, 'directly_unavailable', 'Directly did not confirm the question, so it may or may not exist. It will not be sent twice: your IT team can check it from this ticket. Your text is kept.', { escalation });
      }
      log.warn({ requestId, ticketId: ticket.id, kind: e.kind, status: e.status }, 'saveQuestion failed');
      throw new ApiError(502, 'directly_unavailable', 'Directly did not accept the question. Your text is kept; try again in a few minutes.', { escalation });
    }
    // The note for the DeskDirector ticket is queued by the same statement (server/outbox.ts sends it).
    const enqueue = ticketNoteItem(config, caller.host, reserved.created, answer.url);
    const escalation = await timing.time('record', store.markOpen(reserved.created, answer, { ...(enqueue ? { enqueue } : {}), ...(key ? { key } : {}), draftOf: callerKey(caller) }));
    if (escalation.state !== 'open') {
      log.warn({ requestId, ticketId: ticket.id, questionId: answer.id, state: escalation.state }, 'question created after its escalation was settled');
      throw new ApiError(409, 'already_escalated', 'Directly created the question only after this ticket\'s escalation had been settled by your IT team. It is recorded on that escalation; ask them to check it.', { escalation });
    }
    log.info({ requestId, ticketId: ticket.id, questionId: answer.id }, 'question created');
    return escalation;
  }

  calls.post(
    '/escalations',
    limitBody(BODY_LIMIT_BYTES),
    async (c) => {
      const caller = c.get('caller');
      const raw = await c.req.json().catch(() => {
        throw new ApiError(400, 'invalid_request', 'The request body must be JSON.');
      });
      const req = escalateRequestSchema.safeParse(raw);
      const draft = draftSchema.safeParse(raw && typeof raw === 'object' ? raw : {});
      if (!req.success || !draft.success) throw invalidFields('Some fields need attention.', [...(req.error?.issues ?? []), ...(draft.error?.issues ?? [])]);
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !/^[\x21-\x7e]{8,200}$/.test(key)) {
        throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 8 to 200 visible ASCII characters.', { fields: { 'Idempotency-Key': 'must be 8 to 200 visible ASCII characters' } });
      }
      // The ticket is read as the caller while the key is claimed: neither waits for the other.
      const abort = new AbortController();
      const reading = c.get('timing').time('ticket', readTicket(caller, req.data.ticketId, abort.signal));
      reading.catch(() => {}); // awaited in escalate(), or abandoned with the request
      if (key === undefined) return c.json({ escalation: await escalate(caller, reading, draft.data, c) }, 201);

      const who = callerKey(caller);
      const hash = await sha256Hex(JSON.stringify([req.data.ticketId, draft.data.subject, draft.data.text]));
      const claim = await c.get('timing').time('key', store.claimKey(caller.host, who, key, hash));
      if (claim.kind !== 'fresh') abort.abort();
      if (claim.kind === 'conflict') throw new ApiError(422, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request.');
      if (claim.kind === 'in-flight') throw new ApiError(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still being processed; try again in a moment.');
      if (claim.kind === 'replay') {
        c.header('Idempotent-Replayed', 'true');
        return c.json(claim.response as object, claim.status as 201 | 409);
      }
      try {
        return c.json({ escalation: await escalate(caller, reading, draft.data, c, { caller: who, key }) }, 201);
      } catch (e) {
        // A definite outcome is remembered; anything else lets the retry run again.
        if (e instanceof ApiError && e.code === 'already_escalated') {
          const body = { error: { code: e.code, message: e.message }, escalation: e.extra.escalation };
          await store.completeKey(caller.host, who, key, 409, body);
        } else {
          await store.releaseKey(caller.host, who, key);
        }
        throw e;
      }
    },
  );

  calls.post('/escalations/:ticketId/close', async (c) => {
    const caller = c.get('caller');
    const ticketId = ticketIdParam(c);
    if (caller.app !== 'tech') throw new ApiError(403, 'forbidden', 'Only technicians can close an expert question.');
    const ticket = await readTicket(caller, ticketId);
    const active = await store.active(caller.host, ticket.id);
    if (!active || active.state === 'pending') {
      throw new ApiError(active ? 409 : 404, 'not_escalated', active ? 'This ticket\'s question is still being created; try again in a moment.' : 'This ticket has no open expert question.', active ? { escalation: active } : {});
    }
    try {
      await directly.closeQuestion(await store.helpDeskIdOf(active.id));
    } catch (e) {
      if (!(e instanceof DirectlyError)) throw e;
      // Closing settles an unknown outcome: Directly refusing means it holds no question for the ticket.
      if (active.state === 'unknown' && e.kind === 'http') {
        const escalation = await store.markFailed(active.id, 'Directly holds no question for this ticket (checked by closing); it can be sent again.');
        return c.json({ escalation });
      }
      const escalation = await store.noteError(active.id, `closeQuestion: ${e.message}`);
      if (e.kind === 'circuit-open') throw directlyResting(e, 'Directly is failing right now, so the question was not closed. It is still open; try again', escalation);
      throw new ApiError(502, 'directly_unavailable', 'Directly did not close the question. It is still open; try again in a few minutes.', { escalation });
    }
    const escalation = await store.markClosed(active.id, actorOf(caller));
    return c.json({ escalation });
  });

  calls.get('/escalations', async (c) => {
    const caller = c.get('caller');
    const ids = (c.req.query('ticketIds') ?? '').split(',').filter(Boolean).map(Number);
    if (ids.length > 100 || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      throw new ApiError(400, 'invalid_request', 'ticketIds must be up to 100 positive whole numbers, comma-separated.', { fields: { ticketIds: 'up to 100 positive whole numbers' } });
    }
    const escalations = visibleTo(caller, await store.latestFor(caller.host, ids));
    return c.json({ escalations });
  });

  calls.get('/escalations/:ticketId/history', async (c) => {
    const caller = c.get('caller');
    const ticket = await readTicket(caller, ticketIdParam(c));
    return c.json({ escalations: await store.history(caller.host, ticket.id) });
  });

  calls.route('/admin', createAdminRoutes(store));
  calls.route('/drafts', createDraftRoutes(store));
  app.route('/api', calls);
  app.all('/api/*', (c) => c.json({ error: { code: 'invalid_request', message: 'No such API route.', requestId: c.get('requestId') } }, 404));
  return app;
}
