import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, test } from 'vitest';
import { runDoctor } from '../../server/doctor/run.ts';
import { formatTable, suggestedProfileFile } from '../../server/doctor/table.ts';
import type { DoctorOptions, Row } from '../../server/doctor/types.ts';
import { parseProfile } from '../../server/profile/load.ts';
import { defaultProfile, type Profile } from '../../server/profile/profile.ts';
import { companies, contacts, seedTickets } from '../../sim/deskdirector/data.ts';
import { createDeskDirectorSim } from '../../sim/deskdirector/app.ts';
import { dialects } from '../../sim/deskdirector/dialect.ts';
import { createDirectlySim } from '../../sim/directly/app.ts';
import { tempDir } from '../support/temp-dir.ts';

const run = promisify(execFile);
const API_KEY = 'doctor-test-api-key-0123456789';
const WEBHOOK_SECRET = 'doctor-test-webhook-secret';
const DIRECTLY_TOKEN = 'doctor-test-directly-token-0123456789';

type Seen = Array<{ method: string; path: string }>;
interface Served {
  origin: string;
  seen: Seen;
  close(): Promise<void>;
}
const open: Served[] = [];
afterAll(() => Promise.all(open.map((s) => s.close())));

/** Serves a handler on loopback and records every request that reached it. */
async function listen(handler: (req: Request) => Response | Promise<Response>): Promise<Served> {
  const seen: Seen = [];
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      { fetch: (req) => (seen.push({ method: req.method, path: new URL(req.url).pathname }), handler(req)), port: 0, hostname: '127.0.0.1' },
      () => resolve(s),
    );
  });
  const served: Served = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        // A handler that never answers keeps its connection open; end it so close returns.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  open.push(served);
  return served;
}

// The origin is known only once listening; the handler reads the instance when a request comes.
async function simInstance(dialect: 'standard' | 'variant') {
  const served = await listen((req) => sim.app.fetch(req));
  const sim = createDeskDirectorSim({ origin: served.origin, corsOrigins: [], apiKey: API_KEY, dialect });
  return { ...served, sim };
}

async function directlyInstance() {
  const served = await listen((req) => directly.app.fetch(req));
  const directly = createDirectlySim({ apiToken: DIRECTLY_TOKEN, origin: served.origin });
  return { ...served, directly };
}

const options = (host: string, directlyUrl: string, more: Partial<DoctorOptions> = {}): DoctorOptions => ({
  host,
  profile: defaultProfile,
  apiKey: API_KEY,
  webhookSecret: WEBHOOK_SECRET,
  closedStatuses: ['closed', 'resolved'],
  directly: { baseUrl: directlyUrl, apiToken: DIRECTLY_TOKEN },
  timeoutMs: 2000,
  ...more,
});

const row = (rows: Row[], check: string) => {
  const found = rows.find((r) => r.check === check);
  if (!found) throw new Error(`no row "${check}" in:\n${formatTable(rows)}`);
  return found;
};
const failing = (rows: Row[]) => rows.filter((r) => r.status === 'fail');
const writes = (seen: Seen) => seen.filter((r) => r.method !== 'GET');

describe('against the standard instance', () => {
  test('with the API key and a token, every check passes and only the one ticket search is a POST', async () => {
    const dd = await simInstance('standard');
    const directly = await directlyInstance();
    const result = await runDoctor(options(dd.origin, directly.origin, { accessToken: dd.sim.mint('contact:101') }));

    expect(failing(result.rows), formatTable(result.rows)).toEqual([]);
    expect(result.rows.filter((r) => r.status === 'unknown')).toEqual([]);
    expect(row(result.rows, 'Swagger document').detail).toContain('/swagger/v1/swagger.json');
    expect(row(result.rows, 'Connector add ticket note').detail).toContain('is in the Swagger document');
    expect(row(result.rows, 'Closed statuses').detail).toBe('"Closed", "Resolved" are statuses on the instance');
    expect(row(result.rows, 'Answer: Portal find my tickets').status).toBe('ok');
    expect(row(result.rows, 'Answer: TECH current member').detail).toContain('refuses this Portal user');
    expect(result.guessed).toEqual([]);
    expect(result.suggestedProfile.endpoints).toEqual(defaultProfile.endpoints);
    expect(result.suggestedProfile.requests).toEqual(defaultProfile.requests);

    expect(writes(dd.seen)).toEqual([{ method: 'POST', path: '/api/v2/portal/tickets/find' }]);
    expect(directly.seen).toEqual([{ method: 'GET', path: '/' }]);
    expect(directly.directly.saveCalls()).toBe(0);
  });

  test('a closed status the instance does not have is a ✗ naming it and listing the real ones', async () => {
    const dd = await simInstance('standard');
    const result = await runDoctor(options(dd.origin, dd.origin, { closedStatuses: ['closed', 'completed'], accessToken: dd.sim.mint('member:9001') }));
    const closed = row(result.rows, 'Closed statuses');
    expect(closed.status).toBe('fail');
    expect(closed.detail).toBe(
      '"completed" is not a status on any board: set DESKDIRECTOR_CLOSED_STATUSES to the ones that close a ticket, from: New, In Progress, Waiting on client, Resolved, Closed',
    );
    // A TECH token: the TECH who-am-I reads, the Portal one refuses it.
    expect(row(result.rows, 'Answer: TECH current member').status).toBe('ok');
    expect(row(result.rows, 'Answer: TECH find tickets').status).toBe('ok');
    expect(writes(dd.seen)).toEqual([{ method: 'POST', path: '/api/v2/tech/tickets/find' }]);
  });

  test('without key or token the checks that need them are ?, and nothing secret is printed', async () => {
    const dd = await simInstance('standard');
    const result = await runDoctor(options(dd.origin, dd.origin, { apiKey: undefined, webhookSecret: undefined }));
    expect(row(result.rows, 'DESKDIRECTOR_API_KEYS').status).toBe('unknown');
    expect(row(result.rows, 'DESKDIRECTOR_ACCESS_TOKEN').status).toBe('unknown');
    expect(row(result.rows, 'DESKDIRECTOR_WEBHOOK_SECRET').status).toBe('unknown');
    expect(row(result.rows, 'Connector schemas').status).toBe('unknown');
    expect(row(result.rows, 'Closed statuses').detail).toContain('no API key');
    expect(failing(result.rows)).toEqual([]);
    expect(writes(dd.seen)).toEqual([]);
    expect(formatTable(result.rows)).not.toContain(DIRECTLY_TOKEN);
  });
});

describe('against the variant instance with the built-in profile', () => {
  const v = dialects.variant;

  test('the paths are ✗ with ? suggestions, and the suggested profile is the variant', async () => {
    const dd = await simInstance('variant');
    const result = await runDoctor(options(dd.origin, dd.origin, { accessToken: dd.sim.mint('contact:101') }));
    const rows = result.rows;

    // Its document needs the API key; the doctor found it through the Swagger UI page.
    expect(row(rows, 'Swagger document').detail).toContain('/swagger/v1/swagger.json (with the API key)');
    expect(row(rows, 'Portal current user').status).toBe('ok');
    for (const [check, key, path] of [
      ['TECH current member', 'techMe', v.paths.techMe],
      ['Portal find my tickets', 'portalTicketsFind', v.paths.portalTicketsFind],
      ['Portal ticket details', 'portalTicket', v.paths.portalTicket],
      ['TECH find tickets', 'techTicketsFind', v.paths.techTicketsFind],
      ['TECH ticket details', 'techTicket', v.paths.techTicket],
      ['Connector add ticket note', 'addNote', v.paths.addNote],
      ['Connector list ticket notes', 'listNotes', v.paths.listNotes],
    ] as const) {
      expect(row(rows, check)).toMatchObject({ status: 'fail', detail: expect.stringContaining(`set endpoints.${key}.path`) });
      expect(row(rows, `${check} (suggestion)`)).toMatchObject({ status: 'unknown', detail: expect.stringContaining(path) });
    }
    expect(row(rows, 'Portal find body')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('requests.findTickets.{take, skip, search, openOnly}'),
    });
    expect(row(rows, 'Portal find body (suggestion)').detail).toContain('take → "pageSize", skip → "offset", search → "keyword", openOnly → "onlyOpen"');
    expect(row(rows, 'Note body (suggestion)').detail).toContain('text → "note"');
    expect(row(rows, 'FindTicketsRequest body (suggestion)').detail).toContain('companyId → "accountId"');
    expect(row(rows, 'Webhook payload (TicketStatusChanged)').detail).toContain('(entityId)');
    // The token's reads went to the suggested paths, with the suggested body names, and read.
    expect(row(rows, 'Answer: Portal find my tickets')).toMatchObject({ status: 'ok', detail: expect.stringContaining('(at the suggested path)') });
    expect(row(rows, 'Answer: Portal ticket details').status).toBe('ok');

    const file = suggestedProfileFile(result, dd.origin);
    expect(JSON.parse(file).$comment).toContain('endpoints.techMe');
    const parsed = parseProfile(file, 'suggested');
    if (!('profile' in parsed)) throw new Error(parsed.problems.join('\n'));
    const p: Profile = parsed.profile;
    for (const key of Object.keys(v.paths) as Array<keyof typeof v.paths>) expect(p.endpoints[key].path, key).toBe(v.paths[key]);
    expect(p.requests.findTickets).toEqual(v.find);
    expect(p.requests.connectorFindTickets).toEqual(v.connectorFind);
    expect(p.requests.addNote).toEqual({ text: v.note.text, isInternal: v.note.isInternal });
    // The names the answers use come first; the others stay, as one run sees only some answers.
    expect(p.fields.board).toEqual(['queue', 'board']);
    expect(p.fields.type).toEqual(['requestType', 'type']);
    expect(p.fields.updatedOn).toEqual(['modifiedOn', 'updatedOn']);
    expect(p.fields.total).toEqual(['total', 'totalResults']);
    expect(p.fields.company).toEqual(['company', 'account']);
    expect(p.fields.id).toEqual(['entityId', 'id']);

    expect(writes(dd.seen)).toEqual([{ method: 'POST', path: v.paths.portalTicketsFind }]);

    // The suggestion, used as the profile, passes; here with a TECH user's token.
    const again = await runDoctor(options(dd.origin, dd.origin, { profile: p, accessToken: dd.sim.mint('member:9001') }));
    expect(failing(again.rows), formatTable(again.rows)).toEqual([]);
    expect(row(again.rows, 'Answer: TECH current member').status).toBe('ok');
    expect(row(again.rows, 'Answer: TECH find tickets').status).toBe('ok');
  });
});

describe('against a broken instance', () => {
  const ticket = dialects.standard.ticket(seedTickets()[0]!);
  const contact = dialects.standard.contact(contacts[0]!, companies[0]!);
  const keyed = (req: Request) => req.headers.get('authorization') === `DdApi ${API_KEY}`;

  function brokenApp() {
    const app = new Hono();
    app.get('/', (c) => c.text('instance'));
    app.get('/swagger/index.html', (c) => c.html('<html><body><script src="./swagger-initializer.js"></script></body></html>'));
    app.get('/swagger/swagger-initializer.js', (c) =>
      c.body('window.ui = SwaggerUIBundle({ url: "/docs/api.json", dom_id: "#swagger-ui" });', 200, { 'content-type': 'text/javascript' }),
    );
    // Only the Portal paths: TECH, connector and notes are missing, with nothing like them.
    app.get('/docs/api.json', (c) =>
      c.json({
        swagger: '2.0',
        basePath: '/api',
        paths: {
          '/v2/user/client': { get: {} },
          '/v2/portal/tickets/find': { post: { parameters: [{ in: 'body', name: 'body', schema: { $ref: '#/definitions/Find' } }] } },
          '/v2/portal/tickets/{id}': { get: {} },
        },
        definitions: { Find: { properties: { take: {}, skip: {}, search: {}, openOnly: {} } } },
      }),
    );
    app.get('/api/v2/user/client', (c) => c.json(contact));
    app.get('/api/v2/tech/member/me', (c) => c.json({ message: 'no' }, 401));
    // A wrong shape: the contact has no id.
    app.post('/api/v2/portal/tickets/find', (c) => c.json({ results: [{ ...ticket, contact: { name: 'Someone' } }], totalResults: 1 }));
    app.get('/api/v2/portal/tickets/:id', (c) => c.html('<!doctype html><title>Sign in</title>'));
    app.get('/api/v2/automate/connector/schema/dynamic-types/TicketDetails', (c) => c.json({ message: 'no' }, 401));
    app.get('/api/v2/automate/connector/schema/dynamic-types/FindTicketsRequest', (c) => (keyed(c.req.raw) ? c.json({ message: 'no' }, 403) : c.json({}, 401)));
    app.get('/api/v2/automate/connector/ticket-workflow-events', () => new Promise<Response>(() => {}));
    app.get('/api/v2/automate/connector/service/boards', (c) => c.body('boards are: Help Desk', 200, { 'content-type': 'text/plain' }));
    return app;
  }

  async function refusedOrigin() {
    const gone = await listen(() => new Response('bye'));
    await gone.close();
    return gone.origin;
  }

  test('each fault gets its own row with a clear message, and the hang costs one timeout', async () => {
    const dd = await listen((req) => brokenApp().fetch(req));
    const started = Date.now();
    const result = await runDoctor(options(dd.origin, await refusedOrigin(), { accessToken: 'any-token', timeoutMs: 400 }));
    expect(Date.now() - started).toBeLessThan(3000);
    const rows = result.rows;
    const text = formatTable(rows);

    expect(row(rows, 'Swagger document').detail).toBe('/docs/api.json: 3 operations');
    expect(row(rows, 'Portal find my tickets').status).toBe('ok');
    expect(row(rows, 'TECH current member')).toEqual({
      status: 'fail',
      check: 'TECH current member',
      detail: expect.stringContaining('nothing there looks like it: find it at'),
    });
    expect(row(rows, 'Connector add ticket note').detail).toContain('set endpoints.addNote.path');
    expect(row(rows, 'Connector ticket details').status).toBe('unknown'); // read only in connector mode
    expect(row(rows, 'Portal find body').status).toBe('ok');
    expect(row(rows, 'Note body')).toMatchObject({ status: 'unknown', detail: expect.stringContaining('confirm requests.addNote') });

    expect(row(rows, 'Answer: Portal find my tickets')).toMatchObject({
      status: 'fail',
      detail:
        'POST /api/v2/portal/tickets/find answered, but results[0].contact.id|entityId is missing or not a whole number; that object has: name. Set fields.id',
    });
    expect(row(rows, 'Answer: Portal ticket details').detail).toBe(
      `GET /api/v2/portal/tickets/${ticket.id} answered an HTML page where JSON was expected: the path may not be an API path here, or a login page or proxy is in the way; check endpoints.portalTicket.path`,
    );
    expect(row(rows, 'TicketDetails fields').detail).toBe(
      'GET /api/v2/automate/connector/schema/dynamic-types/TicketDetails answered 401 Unauthorized: the API key was refused; check the key for this host in DESKDIRECTOR_API_KEYS',
    );
    expect(row(rows, 'FindTicketsRequest body').detail).toContain('answered 403 Forbidden: the API key may not read this;');
    expect(row(rows, 'Webhook events').detail).toBe(
      'GET /api/v2/automate/connector/ticket-workflow-events did not answer within 400 ms: the instance is slow or hanging; try again, or allow more time with --timeout-ms',
    );
    expect(row(rows, 'Closed statuses').detail).toContain('answered text that is not JSON where JSON was expected');
    expect(row(rows, 'Directly answers')).toMatchObject({ status: 'fail', detail: expect.stringContaining('refused the connection') });

    expect(text).not.toMatch(/at \w+ \(|Error:|node:internal/);
    for (const secret of [API_KEY, WEBHOOK_SECRET, DIRECTLY_TOKEN, 'any-token', 'Someone']) expect(text).not.toContain(secret);
    expect(writes(dd.seen)).toEqual([{ method: 'POST', path: '/api/v2/portal/tickets/find' }]);
  });

  test('no Swagger document anywhere is one line saying where it looked, and the paths are ?', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text('instance'));
    app.get('/swagger/v1/swagger.json', (c) => c.json({ message: 'no' }, 401));
    const dd = await listen((req) => app.fetch(req));
    const result = await runDoctor(options(dd.origin, dd.origin, { apiKey: undefined }));
    expect(row(result.rows, 'Swagger document')).toMatchObject({
      status: 'unknown',
      detail: expect.stringMatching(
        /^none found at the Swagger UI page \(\/swagger\) or 9 usual locations; \/swagger\/v1\/swagger.json answered 401 Unauthorized\. .*set DESKDIRECTOR_API_KEYS/,
      ),
    });
    for (const check of ['Portal current user', 'TECH find tickets', 'Connector add ticket note'])
      expect(row(result.rows, check)).toMatchObject({ status: 'unknown', detail: expect.stringContaining('not checked (no Swagger document)') });
    expect(row(result.rows, 'Portal find body').status).toBe('unknown');
  });

  test('an instance that cannot be reached is one ✗, not a row per request', async () => {
    const result = await runDoctor(options(await refusedOrigin(), 'http://127.0.0.1:9', { timeoutMs: 500 }));
    expect(row(result.rows, 'Instance answers')).toMatchObject({ status: 'fail', detail: expect.stringContaining('refused the connection') });
    expect(row(result.rows, 'Instance checks').status).toBe('unknown');
    expect(result.rows.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual(['Instance answers', 'Directly answers']);
  });

  test('answers in other words: a ✗ at the first failing path, then field names that read them as a ?', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text('instance'));
    app.get('/api/v2/user/client', (c) => c.json(contact));
    app.post('/api/v2/portal/tickets/find', (c) => c.json({ items: [ticket], count: 1 }));
    app.get('/api/v2/portal/tickets/:id', (c) => c.json(ticket));
    const calls: string[] = [];
    // Through `fetch`, without a socket, as the in-app check may run it.
    const result = await runDoctor(
      options('https://acme.example', 'https://directly.example', {
        apiKey: undefined,
        accessToken: 'any-token',
        fetch: async (input, init) => {
          const req = new Request(input, init);
          calls.push(`${req.method} ${new URL(req.url).host}`);
          return new URL(req.url).host === 'acme.example' ? app.fetch(req) : new Response('directly');
        },
      }),
    );
    expect(row(result.rows, 'Answer: Portal find my tickets').detail).toBe(
      'POST /api/v2/portal/tickets/find answered, but results is missing or not a list; that object has: items, count. Set fields.results',
    );
    expect(row(result.rows, 'Answer field names (suggestion)')).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('fields.results: ["items","results"], fields.total: ["count","totalResults","total"]'),
    });
    expect(result.suggestedProfile.fields.results).toEqual(['items', 'results']);
    expect(result.guessed).toContain('fields.results');
    expect(calls.filter((c) => !c.startsWith('GET '))).toEqual(['POST acme.example']);
  });
});

describe('npm run doctor', () => {
  const node = join(process.cwd(), 'node_modules/.bin/node');
  const cli = join(process.cwd(), 'scripts/doctor.ts');

  test('prints one table, writes the suggested profile and exits 1 on a ✗', async () => {
    const dd = await simInstance('variant');
    const dir = tempDir('doctor-');
    const out = join(dir, 'suggested.json');
    const env = {
      PATH: process.env.PATH ?? '',
      DESKDIRECTOR_API_KEYS: `${dd.origin}=${API_KEY}`,
      DESKDIRECTOR_ACCESS_TOKEN: dd.sim.mint('contact:101'),
      DESKDIRECTOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DESKDIRECTOR_CLOSED_STATUSES: 'Closed,Resolved',
      DIRECTLY_BASE_URL: dd.origin,
      DIRECTLY_API_TOKEN: DIRECTLY_TOKEN,
    };
    // Asynchronous, so this process can serve the instance while the doctor runs.
    const failed = await run(node, [cli, `${dd.origin}/portal`, '--out', out, '--timeout-ms', '2000'], { env, timeout: 15_000 }).then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    const stdout = failed!.stdout;
    expect(stdout).toMatch(new RegExp(`^DeskDirector doctor for ${dd.origin}\\n\\n`));
    expect(stdout).toMatch(/^✓ Portal current user +GET \/api\/v2\/user\/client is in the Swagger document$/m);
    expect(stdout).toMatch(/^✗ TECH current member +GET \/api\/v2\/tech\/member\/me is not in the Swagger document/m);
    expect(stdout).toMatch(/^\? TECH current member \(suggestion\) +GET \/api\/v4\/tech\/users\/me looks like it/m);
    expect(stdout).toMatch(/^\d+ ✓ {3}\d+ ✗ {3}\d+ \?$/m);
    expect(stdout).toContain(`Suggested profile: ${out}`);
    for (const secret of [API_KEY, WEBHOOK_SECRET, DIRECTLY_TOKEN, env.DESKDIRECTOR_ACCESS_TOKEN]) expect(stdout + failed!.stderr).not.toContain(secret);
    const parsed = parseProfile(readFileSync(out, 'utf8'), 'out');
    expect('profile' in parsed && parsed.profile.endpoints.techMe.path).toBe('/api/v4/tech/users/me');
    expect(writes(dd.seen)).toEqual([{ method: 'POST', path: dialects.variant.paths.portalTicketsFind }]);
  });

  test('a bad URL is a one-line usage message and exit 2', async () => {
    const e = await run(node, [cli, 'acme.deskdirector.com'], { env: { PATH: process.env.PATH ?? '' } }).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(e?.code).toBe(2);
    expect(e?.stdout).toBe('');
    expect(e?.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^usage: npm run doctor -- https:\/\//)]);
  });
});
