// The Portal and TECH APIs as the caller (who they are, their tickets, one ticket), and
// the connector API with a key (notes).
import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky';
import {
  endpointPath,
  endpoints,
  meEndpoint,
  noteListSchema,
  ticketEndpoint,
  ticketPageSchema,
  ticketSchema,
  ticketsFindEndpoint,
  userSchema,
  type DdApp,
  type DdNewNote,
  type DdTicket,
  type DdTicketPage,
  type DdUser,
  type EndpointKey,
  type TicketQuery,
} from '../../common/deskdirector-api.ts';
import type { Schema } from '../../common/schema.ts';

export type DdFailure = 'unauthorized' | 'forbidden' | 'not-found' | 'upstream' | 'timeout' | 'network' | 'bad-shape';

export class DeskDirectorError extends Error {
  override name = 'DeskDirectorError';
  readonly kind: DdFailure;
  readonly endpoint: string;
  readonly status: number | undefined;
  constructor(kind: DdFailure, endpoint: string, message: string, status?: number) {
    super(message);
    this.kind = kind;
    this.endpoint = endpoint;
    this.status = status;
  }
}

/** What a failed ky call means, named after the endpoint. */
function failureOf(error: unknown, name: string): unknown {
  if (isHTTPError(error)) {
    const s = error.response.status;
    const kind: DdFailure = s === 401 ? 'unauthorized' : s === 403 ? 'forbidden' : s === 404 ? 'not-found' : 'upstream';
    return new DeskDirectorError(kind, name, `DeskDirector ${name} answered ${s}`, s);
  }
  if (isTimeoutError(error)) return new DeskDirectorError('timeout', name, `DeskDirector ${name} did not answer in time`);
  if (error instanceof SyntaxError) return new DeskDirectorError('bad-shape', name, `DeskDirector ${name} answered with a body that is not JSON`);
  if ((error as Error).name === 'AbortError') return error;
  if (error instanceof DeskDirectorError) return error;
  return new DeskDirectorError('network', name, `DeskDirector ${name} could not be reached`);
}

export interface DeskDirectorClient {
  readonly host: string;
  readonly app: DdApp;
  me(signal?: AbortSignal): Promise<DdUser>;
  findTickets(query: TicketQuery, signal?: AbortSignal): Promise<DdTicketPage>;
  ticket(ticketId: number, signal?: AbortSignal): Promise<DdTicket>;
}

/** One ky instance per credential: fixed host, no retries, no redirects, no cookies. */
function deskDirectorHttp(opts: { host: string; authorization: string; timeoutMs?: number; fetch?: typeof fetch; retryReads?: boolean }): KyInstance {
  return ky.create({
    baseUrl: opts.host,
    timeout: opts.timeoutMs ?? 10_000,
    // Reads (GET) may be tried again, a bounded number of times with jittered backoff;
    // anything that writes never is.
    retry: opts.retryReads ? { limit: 2, methods: ['get'], jitter: true, delay: (n) => 100 * 2 ** (n - 1), backoffLimit: 1_000 } : 0,
    redirect: 'error',
    credentials: 'omit',
    headers: { Authorization: opts.authorization },
    fetch: opts.fetch,
  });
}

export function createDeskDirectorClient(opts: {
  host: string;
  token: string;
  app: DdApp;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Whether GETs are retried (bounded, jittered); writes never are. */
  retryReads?: boolean;
}): DeskDirectorClient {
  const http = deskDirectorHttp({ ...opts, authorization: `DdAccessToken ${opts.token}` });

  async function call<T>(
    key: EndpointKey,
    schema: Schema<T, unknown>,
    init: { ticketId?: number; json?: unknown; signal?: AbortSignal | undefined },
  ): Promise<T> {
    const ep = endpoints[key];
    let raw: unknown;
    try {
      raw = await http(endpointPath(key, init), { method: ep.method, json: init.json, signal: init.signal }).json();
    } catch (error) {
      throw failureOf(error, ep.name);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || '(root)';
      throw new DeskDirectorError('bad-shape', ep.name, `DeskDirector ${ep.name} (${ep.method} ${ep.path}) answered with an unexpected shape at "${where}"`);
    }
    return parsed.data;
  }

  return {
    host: opts.host,
    app: opts.app,
    me: (signal) => call(meEndpoint(opts.app), userSchema, { signal }),
    findTickets: (query, signal) => call(ticketsFindEndpoint(opts.app), ticketPageSchema, { json: query, signal }),
    ticket: (ticketId, signal) => call(ticketEndpoint(opts.app), ticketSchema, { ticketId, signal }),
  };
}

/**
 * The proxy's own DeskDirector client for the connector (automation) API, with an API
 * key (`DdApi`, admin-equivalent) instead of a user's token. Server-side only: the key
 * never reaches a browser. Used by the outbox to write notes on tickets.
 */
export interface DeskDirectorConnectorClient {
  readonly host: string;
  /** Resolves on any 2xx; the answer's body is not relied on. */
  addNote(ticketId: number, note: DdNewNote): Promise<void>;
  /** The ticket's notes, each as DeskDirector sent it. */
  notes(ticketId: number): Promise<Array<Record<string, unknown>>>;
}

export function createDeskDirectorConnectorClient(opts: {
  host: string;
  apiKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): DeskDirectorConnectorClient {
  // The outbox decides when to try again.
  const http = deskDirectorHttp({ ...opts, authorization: `DdApi ${opts.apiKey}` });
  const { connectorAddNote: add, connectorNotes: list } = endpoints;
  return {
    host: opts.host,
    async addNote(ticketId, note) {
      try {
        await http(endpointPath('connectorAddNote', { ticketId }), { method: add.method, json: note }).arrayBuffer();
      } catch (error) {
        throw failureOf(error, add.name);
      }
    },
    async notes(ticketId) {
      let raw: unknown;
      try {
        raw = await http(endpointPath('connectorNotes', { ticketId }), { method: list.method }).json();
      } catch (error) {
        throw failureOf(error, list.name);
      }
      const parsed = noteListSchema.safeParse(raw);
      if (!parsed.success)
        throw new DeskDirectorError('bad-shape', list.name, `DeskDirector ${list.name} (${list.method} ${list.path}) answered with an unexpected shape`);
      return parsed.data;
    },
  };
}
