// DeskDirector as the caller (who they are, their tickets, one ticket) and with the API
// key (the connector: notes, and ticket reads when the profile says so). Every path, body
// field and response field comes from the instance profile.
import type { DdApp, DdTicket, DdTicketPage, DdUser, TicketQuery } from '../../common/deskdirector.ts';
import { endpointNames, endpointPath, type EndpointKey, type Profile } from '../profile/profile.ts';
import { createReaders, ShapeMismatch } from '../profile/readers.ts';
import { createHttpClient, HttpStatusError, HttpTimeoutError, type HttpClient } from './http-client.ts';

export type DdFailure = 'unauthorized' | 'forbidden' | 'not-found' | 'upstream' | 'timeout' | 'network' | 'bad-shape';

export class DeskDirectorError extends Error {
  override name = 'DeskDirectorError';
  readonly kind: DdFailure;
  /** The profile's key for the endpoint (`endpoints.<key>`), and its human name. */
  readonly key: EndpointKey;
  readonly endpoint: string;
  readonly status: number | undefined;
  /** For a bad shape: where the answer stopped matching the profile (field names only), and the profile setting naming it. */
  readonly field: string | undefined;
  readonly fieldKey: string | undefined;
  constructor(kind: DdFailure, key: EndpointKey, message: string, extra: { status?: number; field?: string; fieldKey?: string | undefined } = {}) {
    super(message);
    this.kind = kind;
    this.key = key;
    this.endpoint = endpointNames[key];
    this.status = extra.status;
    this.field = extra.field;
    this.fieldKey = extra.fieldKey;
  }
}

/** Told of every answer that does not match the profile: the endpoint and the field path, never a value. */
export type OnMismatch = (mismatch: { endpoint: EndpointKey; method: string; path: string; field: string }) => void;

/** What a failed call means, named after the endpoint. */
function failureOf(error: unknown, key: EndpointKey): unknown {
  const name = endpointNames[key];
  if (error instanceof HttpStatusError) {
    const s = error.status;
    const kind: DdFailure = s === 401 ? 'unauthorized' : s === 403 ? 'forbidden' : s === 404 ? 'not-found' : 'upstream';
    return new DeskDirectorError(kind, key, `DeskDirector ${name} answered ${s}`, { status: s });
  }
  if (error instanceof HttpTimeoutError) return new DeskDirectorError('timeout', key, `DeskDirector ${name} did not answer in time`);
  if (error instanceof SyntaxError)
    return new DeskDirectorError('bad-shape', key, `DeskDirector ${name} answered with a body that is not JSON`, { field: '(root)' });
  if ((error as Error).name === 'AbortError') return error;
  return new DeskDirectorError('network', key, `DeskDirector ${name} could not be reached`);
}

// The caller's client is made per request; its readers depend on the instance profile alone.
const readersByProfile = new WeakMap<Profile, ReturnType<typeof createReaders>>();
function readersFor(profile: Profile) {
  let read = readersByProfile.get(profile);
  if (!read) readersByProfile.set(profile, (read = createReaders(profile)));
  return read;
}

/** One client per credential: fixed host, no redirects, no cookies; only reads are retried. */
function deskDirectorHttp(opts: { host: string; authorization: string; timeoutMs?: number; retryReads?: boolean }): HttpClient {
  return createHttpClient({
    baseUrl: opts.host,
    headers: { authorization: opts.authorization },
    timeoutMs: opts.timeoutMs ?? 10_000,
    retryReads: opts.retryReads ? { limit: 2, delayMs: (n) => Math.min(1_000, 100 * 2 ** (n - 1)) } : undefined,
  });
}

interface Caller {
  host: string;
  profile: Profile;
  timeoutMs?: number;
  retryReads?: boolean;
  onMismatch?: OnMismatch;
}

function endpointCaller(http: HttpClient, opts: Caller) {
  return async function call<T>(
    key: EndpointKey,
    read: (raw: unknown) => T,
    init: { ticketId?: number; json?: unknown; signal?: AbortSignal | undefined },
  ): Promise<T> {
    const { method } = opts.profile.endpoints[key];
    let raw: unknown;
    try {
      raw = await http.json(endpointPath(opts.profile, key, init.ticketId), { method, json: init.json, signal: init.signal });
    } catch (error) {
      throw failureOf(error, key);
    }
    try {
      return read(raw);
    } catch (e) {
      if (!(e instanceof ShapeMismatch)) throw e;
      opts.onMismatch?.({ endpoint: key, method, path: opts.profile.endpoints[key].path, field: e.path });
      throw new DeskDirectorError('bad-shape', key, `DeskDirector ${endpointNames[key]} answered with an unexpected shape at "${e.path}"`, {
        field: e.path,
        fieldKey: e.fieldKey,
      });
    }
  };
}

const renamed = (names: Record<string, string>, values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).flatMap(([k, value]) => (value === undefined || names[k] === undefined ? [] : [[names[k], value]])));

export interface DeskDirectorClient {
  readonly host: string;
  readonly app: DdApp;
  me(signal?: AbortSignal): Promise<DdUser>;
  findTickets(query: TicketQuery, signal?: AbortSignal): Promise<DdTicketPage>;
  ticket(ticketId: number, signal?: AbortSignal): Promise<DdTicket>;
}

/**
 * The caller's client. With `ticketReads: "connector"` tickets are read with the API key
 * and the proxy itself decides what the caller sees: `verified` is the caller as their own
 * token proved them, awaited before any ticket is read or shown.
 */
export function createDeskDirectorClient(
  opts: Caller & { token: string; app: DdApp; apiKey?: string | undefined; verified?: () => Promise<DdUser> },
): DeskDirectorClient {
  const { profile, app } = opts;
  const read = readersFor(profile);
  const asCaller = endpointCaller(deskDirectorHttp({ ...opts, authorization: `DdAccessToken ${opts.token}` }), opts);
  const me = (signal?: AbortSignal) => asCaller(app === 'tech' ? 'techMe' : 'portalMe', read.user, { signal });

  if (profile.ticketReads === 'caller') {
    return {
      host: opts.host,
      app,
      me,
      findTickets: (query, signal) =>
        asCaller(app === 'tech' ? 'techTicketsFind' : 'portalTicketsFind', read.ticketPage, {
          json: renamed(profile.requests.findTickets, { ...query }),
          signal,
        }),
      ticket: (ticketId, signal) => asCaller(app === 'tech' ? 'techTicket' : 'portalTicket', read.ticket, { ticketId, signal }),
    };
  }

  const withKey = opts.apiKey ? endpointCaller(deskDirectorHttp({ ...opts, authorization: `DdApi ${opts.apiKey}` }), opts) : null;
  const user = () => opts.verified?.() ?? me();
  const keyed = () => {
    if (!withKey)
      throw new DeskDirectorError('upstream', 'connectorTicket', 'ticketReads is "connector" but DESKDIRECTOR_API_KEYS has no key for this instance');
    return withKey;
  };
  /** A Portal contact sees their own tickets, and their company's when the profile says contacts share them. */
  const sees = (u: DdUser, t: DdTicket) =>
    app === 'tech' || t.contact.id === u.id || (profile.contactsSeeCompanyTickets && u.company != null && t.company?.id === u.company.id);
  return {
    host: opts.host,
    app,
    me,
    async findTickets(query, signal) {
      const u = await user();
      const scope = app === 'tech' ? {} : profile.contactsSeeCompanyTickets && u.company ? { companyId: u.company.id } : { contactId: u.id };
      const json = renamed(profile.requests.connectorFindTickets, { ...query, ...scope });
      const page = await keyed()('connectorTicketsFind', read.ticketPage, { json, signal });
      // DeskDirector filtered by the scope; the proxy checks again, as it answers for what the caller sees.
      const results = page.results.filter((t) => sees(u, t));
      return { results, totalResults: results.length === page.results.length ? page.totalResults : results.length };
    },
    async ticket(ticketId, signal) {
      // Nothing is read with the key for a caller DeskDirector has not vouched for.
      const u = await user();
      const t = await keyed()('connectorTicket', read.ticket, { ticketId, signal });
      if (!sees(u, t)) throw new DeskDirectorError('forbidden', 'connectorTicket', `DeskDirector ticket ${ticketId} is not the caller's`);
      return t;
    },
  };
}

/** A note as the product writes it; the body's field names come from the profile. */
export interface DdNewNote {
  text: string;
  isInternal: boolean;
}

/**
 * The proxy's own client for the connector API, with an API key (`DdApi`) instead of a
 * user's token. Server-side only: the key never reaches a browser. Used by the outbox.
 */
export interface DeskDirectorConnectorClient {
  readonly host: string;
  /** Resolves on any 2xx; the answer's body is not relied on. */
  addNote(ticketId: number, note: DdNewNote): Promise<void>;
  /** The ticket's notes, each as DeskDirector sent it. */
  notes(ticketId: number): Promise<Array<Record<string, unknown>>>;
}

export function createDeskDirectorConnectorClient(opts: Caller & { apiKey: string }): DeskDirectorConnectorClient {
  // The outbox decides when to try again.
  const http = deskDirectorHttp({ ...opts, retryReads: false, authorization: `DdApi ${opts.apiKey}` });
  const call = endpointCaller(http, opts);
  const read = readersFor(opts.profile);
  return {
    host: opts.host,
    async addNote(ticketId, note) {
      const { method } = opts.profile.endpoints.addNote;
      try {
        await http.send(endpointPath(opts.profile, 'addNote', ticketId), { method, json: renamed(opts.profile.requests.addNote, { ...note }) });
      } catch (error) {
        throw failureOf(error, 'addNote');
      }
    },
    notes: (ticketId) => call('listNotes', read.notes, { ticketId }),
  };
}
