// Who is asking: the request's token, checked by DeskDirector itself, then the per-user
// limit. Reads of tickets are always made as the caller, so DeskDirector decides what
// they may see.
import type { Context, MiddlewareHandler } from 'hono';
import { type DdApp, type DdTicket, type DdUser, normalizeHost } from '../../common/deskdirector.ts';
import { APP_HEADER, type Escalation, HOST_HEADER } from '../../common/contract.ts';
import { emailOf } from '../../common/question.ts';
import { profileOf, type Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { callerKey, type Caller } from '../services.ts';
import { createDeskDirectorClient, DeskDirectorError, type DeskDirectorClient } from '../upstreams/deskdirector.ts';
import type { TokenCache } from '../upstreams/token-cache.ts';
import type { Env } from './env.ts';
import { tooMany, type RateLimiter } from './rate-limit.ts';

const TOKEN_HEADER = /^DdAccessToken ([A-Za-z0-9._~+/=-]{10,4096})$/;

/** What an administrator does about an instance that does not match the profile. */
const FOR_ADMIN = 'Your administrator can run the Setup check (or npm run doctor) and check';

const SESSION_ENDED = 'Your DeskDirector session has ended. Open this page again from the DeskDirector menu.';

/** What a DeskDirector failure means to our caller: checking who they are, reading one ticket, or listing their tickets. */
export function fromDeskDirector(error: DeskDirectorError, what: 'caller' | 'ticket' | 'list'): ApiError {
  switch (error.kind) {
    case 'unauthorized':
      return new ApiError(401, 'token_expired', SESSION_ENDED);
    case 'forbidden':
      if (what === 'ticket') return new ApiError(403, 'forbidden', 'DeskDirector does not show you this ticket, so it cannot be sent to experts.');
      if (what === 'list') return new ApiError(403, 'forbidden', 'DeskDirector does not let you list tickets here.');
      return new ApiError(401, 'unauthenticated', SESSION_ENDED);
    case 'not-found':
      if (what === 'ticket') return new ApiError(404, 'ticket_not_found', 'DeskDirector has no ticket with this number that you can see.');
      // A list always exists: a 404 means the endpoint is not where the profile says.
      if (what === 'list')
        return new ApiError(
          502,
          'deskdirector_unavailable',
          `DeskDirector has no “${error.endpoint}” endpoint at the path this service was set up with. ${FOR_ADMIN} endpoints.${error.key}.path in the instance profile.`,
        );
      return new ApiError(401, 'unauthenticated', SESSION_ENDED);
    case 'bad-shape':
      return new ApiError(
        502,
        'deskdirector_unavailable',
        `DeskDirector’s answer from “${error.endpoint}” does not match this service’s instance profile at ${error.field ?? '(root)'}. Nothing was sent to experts. ${FOR_ADMIN} ${
          error.fieldKey ? `fields.${error.fieldKey}` : `endpoints.${error.key}`
        } in the instance profile.`,
      );
    default:
      return new ApiError(
        502,
        'deskdirector_unavailable',
        `DeskDirector could not be reached (${error.endpoint}). Nothing was sent to experts; try again in a moment.`,
      );
  }
}

async function asCaller<T>(work: Promise<T>, what: 'caller' | 'ticket' | 'list'): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw e instanceof DeskDirectorError ? fromDeskDirector(e, what) : e;
  }
}

export const readTicketAs = (caller: Caller, ticketId: number, signal?: AbortSignal): Promise<DdTicket> =>
  asCaller(caller.dd.ticket(ticketId, signal), 'ticket');

/** Without reading every ticket, a Portal user sees only escalations asked by or for them. */
export function visibleTo(caller: Caller, escalations: Escalation[]): Escalation[] {
  if (caller.app !== 'portal') return escalations;
  const email = emailOf(caller.user)?.toLowerCase();
  return escalations.filter(
    (e) => (e.escalatedBy.app === 'portal' && e.escalatedBy.id === caller.user.id) || (email && e.askedFor.email.toLowerCase() === email),
  );
}

export const requireTech =
  (refusal: string): MiddlewareHandler<Env> =>
  async (c, next) => {
    if (c.var.caller.app !== 'tech') throw new ApiError(403, 'forbidden', refusal);
    await next();
  };

interface Credentials {
  token: string;
  host: string;
  app: DdApp;
  /** The token cache's key for this credential. */
  key: string;
}

interface Presented extends Credentials {
  dd: DeskDirectorClient;
  /** Settles what `dd` waits for before a connector read. */
  settle: { resolve: (u: DdUser) => void; reject: (e: unknown) => void };
}

export interface CallerChecks {
  /** What the request says about its caller, checked for form only: nothing has gone upstream yet. */
  presentedBy(c: Context<Env>): Presented;
  /** Sets c.var.caller, or refuses the request. */
  requireCaller: MiddlewareHandler<Env>;
  /** Whether the request's token is one DeskDirector vouched for within the last minute; nothing is sent. */
  verifiedAlready(c: Context<Env>): boolean;
  verifyWhileReading<T>(
    c: Context<Env>,
    p: Presented,
    read: (dd: DeskDirectorClient, signal: AbortSignal) => Promise<T>,
    what: 'ticket' | 'list',
  ): Promise<[Caller, T]>;
}

export function createCallerChecks(deps: { config: Config; log: Logger; tokenCache: TokenCache; perUser: RateLimiter }): CallerChecks {
  const { config, log, tokenCache, perUser } = deps;
  const allowedHosts = new Set(config.deskDirectorHosts);
  // A header naming an allowed origin exactly as configured needs no parsing: it is its own normal form.
  const normalHosts = new Set(config.deskDirectorHosts.filter((h) => normalizeHost(h) === h));

  // The per-IP limit and the caller check both read them: worked out once per request.
  const readFor = new WeakMap<Context<Env>, Credentials | ApiError>();
  function credentialsOf(c: Context<Env>): Credentials | ApiError {
    let found = readFor.get(c);
    if (found === undefined) readFor.set(c, (found = readCredentials(c)));
    return found;
  }

  /** The request's token, instance and app, or why they cannot be used. */
  function readCredentials(c: Context<Env>): Credentials | ApiError {
    const token = TOKEN_HEADER.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) return new ApiError(401, 'unauthenticated', 'This request has no DeskDirector access token. Open this page from the DeskDirector menu.');
    const named = c.req.header(HOST_HEADER) ?? '';
    const host = normalHosts.has(named) ? named : normalizeHost(named);
    if (!host || !allowedHosts.has(host)) {
      return new ApiError(
        403,
        'host_not_allowed',
        'This DeskDirector instance is not allowed to use this proxy. Ask your administrator to add it to DESKDIRECTOR_HOSTS.',
      );
    }
    const app = (c.req.header(APP_HEADER) ?? 'portal').toLowerCase();
    if (app !== 'portal' && app !== 'tech') return new ApiError(400, 'invalid_request', `${APP_HEADER} must be "portal" or "tech".`);
    return { token, host, app, key: tokenCache.key(host, app, token) };
  }

  function presentedBy(c: Context<Env>): Presented {
    const credentials = credentialsOf(c);
    if (credentials instanceof ApiError) throw credentials;
    const { token, host, app, key } = credentials;
    // With connector reads the proxy decides what the caller sees, so reads wait for the caller check.
    let settle!: { resolve: (u: DdUser) => void; reject: (e: unknown) => void };
    const verified = new Promise<DdUser>((resolve, reject) => (settle = { resolve, reject }));
    verified.catch(() => {});
    const dd = createDeskDirectorClient({
      host,
      token,
      app,
      profile: profileOf(config, host),
      apiKey: config.deskDirectorApiKeys.get(host),
      verified: () => verified,
      onMismatch: (m) => log.warn({ ...m, host, app }, 'DeskDirector answer does not match the instance profile'),
      timeoutMs: config.deskDirectorTimeoutMs,
      retryReads: true,
    });
    return { host, app, token, key, dd, settle };
  }

  /** DeskDirector's word on who the caller is (remembered for a minute), then the per-user limit. */
  async function verify(c: Context<Env>, p: Presented): Promise<Caller> {
    const user = await asCaller(
      c.get('timing').time(
        'caller',
        tokenCache.verify(p.key, p.token, () => p.dd.me()),
      ),
      'caller',
    ).catch((e: unknown) => {
      p.settle.reject(e);
      throw e;
    });
    return admit(c, p, user);
  }

  /**
   * The same for a caller DeskDirector vouched for within the minute, decided at once: the
   * usual case, spared verify()'s promises and their turns. Undefined when not remembered.
   */
  function verifiedNow(c: Context<Env>, p: Presented): Caller | undefined {
    const started = performance.now();
    const user = tokenCache.remembered(p.key);
    if (!user) return undefined;
    c.get('timing').span('caller', performance.now() - started);
    return admit(c, p, user);
  }

  function admit(c: Context<Env>, p: Presented, user: DdUser): Caller {
    p.settle.resolve(user);
    const caller: Caller = { host: p.host, app: p.app, user, dd: p.dd };
    const wait = perUser.take(`${p.host}|${callerKey(caller)}`);
    if (wait !== null) {
      log.warn({ requestId: c.var.requestId, limit: 'user', app: p.app, userId: user.id }, 'rate limited');
      throw tooMany(wait);
    }
    c.set('caller', caller);
    return caller;
  }

  return {
    presentedBy,
    verifiedAlready(c) {
      const credentials = credentialsOf(c);
      return !(credentials instanceof ApiError) && Boolean(tokenCache.get(credentials.key));
    },
    requireCaller: async (c, next) => {
      const p = presentedBy(c);
      if (!verifiedNow(c, p)) await verify(c, p);
      await next();
    },
    /**
     * The caller check and a read made with the caller's own token, sent to DeskDirector
     * together: DeskDirector authorizes the read itself, and nothing read is answered
     * before the caller is known, so a page waits one round trip instead of two.
     */
    async verifyWhileReading(c, p, read, what) {
      const readAs = (signal: AbortSignal) => asCaller(read(p.dd, signal), what);
      // A caller already verified goes through the per-user limit before anything is read;
      // only a first call (or one after the cache entry ended) overlaps the check and the read.
      const known = verifiedNow(c, p);
      if (known) return [known, await readAs(new AbortController().signal)];
      const abort = new AbortController();
      const reading = readAs(abort.signal);
      reading.catch(() => {}); // awaited below, or moot once the caller check fails
      const caller = await verify(c, p).catch((e: unknown) => {
        abort.abort();
        throw e;
      });
      return [caller, await reading];
    },
  };
}
