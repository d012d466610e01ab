// One harness for the proxy test files: a real proxy app and ledger (one per file,
// emptied before each test), fresh simulated upstreams per test, and a record of every
// request that leaves the proxy, as the network saw it.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { escalationListSchema, escalationReplySchema } from '../../common/contract.ts';
import { type ErrorBody, errorBodySchema } from '../../common/error-body.ts';
import { parse } from 'valibot';
import type { Config } from '../../server/config.ts';
import type { Db } from '../../server/ledger/db.ts';
import { emptyLedger, openTestLedger, type TestLedger } from './ledger.ts';
import { createTestProxy } from './proxy.ts';
import { createUpstreams, DD_DIALECT, DD_HOST, DIRECTLY_URL, type Upstreams } from './upstreams.ts';

export interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  /** The body as sent; read lazily so recording never delays the request. */
  body: Promise<string>;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface CallOptions {
  /** A simulated user (`contact:101`, `member:9001`); sets the token and, for members, X-DD-App: tech. */
  as?: string;
  /** An explicit token instead of `as`. */
  token?: string;
  /** X-DD-Host; `null` leaves the header out. Defaults to the simulated instance. */
  host?: string | null;
  /** X-DD-App; `null` leaves it out even for a member. */
  app?: string | null;
  /** Serialized as JSON. */
  json?: unknown;
  /** Sent as is. */
  body?: string;
  headers?: Record<string, string>;
}

export type TestApp = Awaited<ReturnType<typeof createTestProxy>>['app'];

export interface Harness {
  up: Upstreams;
  app: TestApp;
  db: Db;
  config: Config;
  logLines: string[];
  sent: Sent[];
  server: ReturnType<typeof setupServer>;
  /** Every reply the proxy gave in this test, for the secrets checks. */
  replies: Reply[];
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** POST /api/escalations/:ticketId's body as the page sends it: a technician adds the contact's email where DeskDirector has none. */
  escalationBody(ticketId: number, as: string, draft?: Partial<{ subject: string; text: string }>): Record<string, unknown>;
  escalate(ticketId: number, as: string, draft?: Partial<{ subject: string; text: string }>): Promise<Reply>;
  close(ticketId: number, as?: string): Promise<Reply>;
  history(ticketId: number, as?: string): ReturnType<typeof readHistory>;
  /** Calls that reached Directly's host for one operation. */
  directlyCalls(op: 'saveQuestion' | 'closeQuestion'): Sent[];
  /** Calls that reached any host other than the simulated DeskDirector. */
  callsOutside(origin: string): Sent[];
}

async function readHistory(h: Harness, ticketId: number, as: string) {
  const res = await h.call('GET', `/api/escalations/${ticketId}/history`, { as });
  if (res.status !== 200) throw new Error(`history answered ${res.status}: ${res.text}`);
  return parse(escalationListSchema, res.json).escalations;
}

export const sampleDraft = {
  subject: 'Outlook password prompts',
  text: 'Outlook asks for my password every few minutes since this morning.',
};

export function useProxy(opts: { config?: () => Config; deps?: () => NonNullable<Parameters<typeof createTestProxy>[0]>['deps'] } = {}): Harness {
  const server = setupServer();
  let db: TestLedger;
  const h = {
    server,
    sent: [] as Sent[],
    logLines: [] as string[],
    replies: [] as Reply[],
  } as unknown as Harness;

  server.events.on('request:start', ({ request }) => {
    h.sent.push({ method: request.method, url: new URL(request.url), headers: new Headers(request.headers), body: request.clone().text() });
  });

  beforeAll(async () => {
    server.listen({ onUnhandledFrame: 'error' });
    db = await openTestLedger();
  });
  beforeEach(async () => {
    h.up = createUpstreams();
    server.resetHandlers(...h.up.handlers);
    await emptyLedger(db);
    h.sent.length = 0;
    h.logLines.length = 0;
    h.replies.length = 0;
    const proxy = await createTestProxy({
      db,
      logLines: h.logLines,
      ...(opts.config ? { config: opts.config() } : {}),
      ...(opts.deps ? { deps: opts.deps() } : {}),
    });
    h.app = proxy.app;
    h.db = proxy.db;
    h.config = proxy.config;
  });
  afterAll(async () => {
    server.close();
    await db?.dispose();
  });

  h.call = async (method, path, o = {}) => {
    const headers = new Headers(o.headers);
    const token = o.token ?? (o.as ? h.up.dd.mint(o.as) : undefined);
    if (token !== undefined && !headers.has('authorization')) headers.set('authorization', `DdAccessToken ${token}`);
    const host = o.host === undefined ? DD_HOST : o.host;
    if (host !== null) headers.set('x-dd-host', host);
    const app = o.app === undefined ? (o.as?.startsWith('member:') ? 'tech' : undefined) : o.app;
    if (app) headers.set('x-dd-app', app);
    let body: string | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const res = await h.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON; tests that care look at `text`
    }
    const reply = { status: res.status, headers: res.headers, text, json };
    h.replies.push(reply);
    return reply;
  };
  h.escalationBody = (ticketId, as, draft = {}) => {
    // The variant instance sends no contact email, so a technician types it, as the form asks.
    const email = DD_DIALECT === 'variant' && as.startsWith('member:') ? h.up.dd.tickets.find((t) => t.id === ticketId)?.contact.email : undefined;
    return { ...sampleDraft, ...(email ? { contactEmail: email } : {}), ...draft };
  };
  h.escalate = (ticketId, as, draft = {}) => h.call('POST', `/api/escalations/${ticketId}`, { as, json: h.escalationBody(ticketId, as, draft) });
  h.close = (ticketId, as = 'member:9001') => h.call('POST', `/api/escalations/${ticketId}/close`, { as });
  h.history = (ticketId, as = 'member:9001') => readHistory(h, ticketId, as);
  h.directlyCalls = (op) => h.sent.filter((s) => s.url.origin === DIRECTLY_URL && s.url.pathname === `/helpDesk/${op}`);
  h.callsOutside = (origin) => h.sent.filter((s) => s.url.origin !== origin);
  return h;
}

/** Parses an error reply against the shared contract, so a wrong shape fails the test. */
export function errorOf(reply: Reply): ErrorBody {
  return parse(errorBodySchema, reply.json);
}

export function escalationOf(reply: Reply) {
  return parse(escalationReplySchema, reply.json).escalation;
}

/** Form fields Directly's simulator recorded for its questions, in order. */
export function fieldsOf(question: { fields: Array<[string, string]> }): Record<string, string> {
  return Object.fromEntries(question.fields);
}
