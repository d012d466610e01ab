// The page's DeskDirector reads, through the proxy, as the caller: the first screen in one
// answer (who is asking, a page of tickets, their escalations) and one ticket with its
// history. DeskDirector decides what the caller may see; the proxy adds only the ledger.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { TICKET_PAGE_SIZE, ticketPageReplySchema, ticketReplySchema } from '../../common/contract.ts';
import { displayName } from '../../common/deskdirector.ts';
import { endpointPath } from '../../server/profile/profile.ts';
import { parse } from 'valibot';
import { createTestProxy, testConfig } from '../support/proxy.ts';
import { asAnswered, DD_DIALECT, DD_HOST, DD_PROFILE } from '../support/upstreams.ts';
import { errorOf, fieldsOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

const pageOf = async (query: string, as: string) => {
  const res = await h.call('GET', `/api/tickets${query}`, { as });
  expect(res.status, res.text).toBe(200);
  return parse(ticketPageReplySchema, res.json);
};
const ddCalls = () => h.sent.filter((s) => s.url.origin === DD_HOST).map((s) => `${s.method} ${s.url.pathname}`);

describe('GET /api/tickets', () => {
  test('answers who is asking, their open tickets and each ticket’s latest escalation', async () => {
    expect((await h.escalate(5002, 'contact:101')).status).toBe(201);
    const reply = await pageOf('', 'contact:101');
    // The variant's userName is the email address; the page calls her by her name either way.
    expect(reply.user).toMatchObject({ id: 101, userName: DD_DIALECT === 'variant' ? 'alice@northwind.example' : 'Alice Nguyen' });
    expect(displayName(reply.user)).toBe('Alice Nguyen');
    // Alice's seven tickets less the closed one, newest first, as DeskDirector lists them to her.
    expect(reply.tickets.results.map((t) => t.id)).toEqual([5006, 5005, 5004, 5003, 5002, 5001]);
    expect(reply.tickets.totalResults).toBe(6);
    expect(reply.escalations.map((e) => [e.ticketId, e.state])).toEqual([[5002, 'open']]);
  });

  test('pages and filters by what DeskDirector finds, and asks it for one page only', async () => {
    for (let i = 0; i < 12; i++) h.up.dd.tickets.push({ ...structuredClone(h.up.dd.tickets[0]!), id: 6001 + i, summary: `Extra ticket ${i}` });
    const first = await pageOf('?page=0', 'contact:101');
    const second = await pageOf('?page=1', 'contact:101');
    expect(first.tickets.results).toHaveLength(TICKET_PAGE_SIZE);
    expect(second.tickets.results).toHaveLength(18 - TICKET_PAGE_SIZE);
    expect(new Set([...first.tickets.results, ...second.tickets.results].map((t) => t.id)).size).toBe(18);
    const found = await pageOf(`?search=${encodeURIComponent('  pivot ')}`, 'contact:101');
    expect(found.tickets.results.map((t) => t.summary)).toEqual(['Excel pivot table will not refresh']);
    const finds = h.sent.filter((s) => s.url.pathname === endpointPath(DD_PROFILE, 'portalTicketsFind'));
    // In the instance's words: the profile names each field of the search.
    const { take, skip, openOnly, search } = DD_PROFILE.requests.findTickets;
    expect(await Promise.all(finds.map(async (s) => JSON.parse(await s.body) as unknown))).toEqual([
      { [take]: TICKET_PAGE_SIZE, [skip]: 0, [openOnly]: true },
      { [take]: TICKET_PAGE_SIZE, [skip]: TICKET_PAGE_SIZE, [openOnly]: true },
      { [take]: TICKET_PAGE_SIZE, [skip]: 0, [openOnly]: true, [search]: 'pivot' },
    ]);
  });

  test('a Portal user sees only escalations asked by or for them; a technician sees all', async () => {
    // Tess asks for Bob on his ticket; Alice asks on her own.
    expect((await h.escalate(5008, 'member:9001')).status).toBe(201);
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    expect((await pageOf('', 'contact:102')).escalations.map((e) => e.ticketId)).toEqual([5008]);
    expect((await pageOf('', 'contact:101')).escalations.map((e) => e.ticketId)).toEqual([5001]);
    const tech = [...(await pageOf('?page=0', 'member:9001')).escalations, ...(await pageOf('?page=1', 'member:9001')).escalations];
    expect(tech.map((e) => e.ticketId).sort()).toEqual([5001, 5008]);
  });

  test('checks the caller and searches at the same time: both are with DeskDirector before either answers', async () => {
    const arrived: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.server.use(
      http.all(`${DD_HOST}/*`, async ({ request }) => {
        arrived.push(new URL(request.url).pathname);
        if (arrived.length === 2) release();
        await gate;
        return h.up.dd.app.fetch(request);
      }),
    );
    const reply = await h.call('GET', '/api/tickets', { as: 'contact:101' });
    expect(reply.status).toBe(200);
    expect(arrived.sort()).toEqual([endpointPath(DD_PROFILE, 'portalMe'), endpointPath(DD_PROFILE, 'portalTicketsFind')].sort());
  });

  test('a page’s parallel first calls ask DeskDirector who the caller is once', async () => {
    const token = h.up.dd.mint('contact:101');
    const replies = await Promise.all([
      h.call('GET', '/api/tickets', { token }),
      h.call('GET', '/api/drafts/latest', { token }),
      h.call('GET', '/api/tickets/5001', { token }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(ddCalls().filter((c) => c.endsWith(endpointPath(DD_PROFILE, 'portalMe')))).toHaveLength(1);
  });

  test('an expired token gets 401 and no tickets', async () => {
    const res = await h.call('GET', '/api/tickets', { token: h.up.dd.mint('contact:101', -5) });
    expect(res.status).toBe(401);
    expect(errorOf(res).error.code).toBe('token_expired');
    expect(res.text).not.toContain('Outlook');
  });

  test('refuses a bad page or filter with field messages, before asking DeskDirector anything', async () => {
    for (const [query, field] of [
      ['?page=-1', 'page'],
      ['?page=1.5', 'page'],
      ['?page=abc', 'page'],
      ['?page=99999', 'page'],
      [`?search=${'x'.repeat(101)}`, 'search'],
    ] as const) {
      const res = await h.call('GET', `/api/tickets${query}`, { as: 'contact:101' });
      expect(res.status, query).toBe(400);
      expect(Object.keys(errorOf(res).error.fields ?? {}), query).toEqual([field]);
    }
    expect(ddCalls()).toEqual([]);
  });

  test('without a token or from a host not allowed, nothing reaches DeskDirector', async () => {
    expect((await h.call('GET', '/api/tickets')).status).toBe(401);
    expect((await h.call('GET', '/api/tickets', { as: 'contact:101', host: 'https://evil.example' })).status).toBe(403);
    expect(h.sent).toEqual([]);
  });
});

describe('GET /api/tickets/:ticketId', () => {
  test('answers the ticket as DeskDirector shows it to the caller, with its history newest first', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    expect((await h.close(5001)).status).toBe(200);
    expect((await h.escalate(5001, 'contact:101', { subject: 'Second try' })).status).toBe(201);
    const res = await h.call('GET', '/api/tickets/5001', { as: 'contact:101' });
    expect(res.status).toBe(200);
    const reply = parse(ticketReplySchema, res.json);
    expect(reply.ticket).toEqual(asAnswered(h.up.dd.tickets.find((t) => t.id === 5001)!));
    expect(reply.ticket).toMatchObject({ id: 5001, summary: 'Outlook keeps asking for my password' });
    expect(reply.escalations.map((e) => [e.state, e.subject])).toEqual([
      ['open', 'Second try'],
      ['closed', 'Outlook password prompts'],
    ]);
    expect(fieldsOf(h.up.directly.questions[1]!).subject).toBe('Second try');
  });

  test("another contact's ticket is refused as DeskDirector refuses it, with no history", async () => {
    expect((await h.escalate(5008, 'member:9001')).status).toBe(201);
    const res = await h.call('GET', '/api/tickets/5008', { as: 'contact:101' });
    expect([403, 404]).toContain(res.status);
    expect(res.json).not.toHaveProperty('escalations');
    expect(res.text).not.toContain('Need access to shared mailbox');
  });

  test('a ticket number that is not a positive whole number is a 400 before any upstream call', async () => {
    for (const id of ['0', '-3', 'abc', '9007199254740993']) {
      const res = await h.call('GET', `/api/tickets/${id}`, { as: 'contact:101' });
      expect(res.status, id).toBe(400);
    }
    expect(ddCalls()).toEqual([]);
  });
});

describe('GET /api/tickets and DeskDirector', () => {
  test('a verified caller over the per-user limit is refused before anything is read', async () => {
    const limited = await createTestProxy({ db: h.db, config: testConfig({ RATE_LIMIT_PER_MINUTE: '2' }) });
    const token = h.up.dd.mint('contact:101');
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await limited.app.request('/api/tickets', { headers: { authorization: `DdAccessToken ${token}`, 'x-dd-host': DD_HOST } })).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(h.sent.filter((s) => s.url.pathname === endpointPath(DD_PROFILE, 'portalTicketsFind'))).toHaveLength(2);
  });

  test.each([
    [403, 403, 'forbidden'],
    [404, 502, 'deskdirector_unavailable'],
  ] as const)('a search DeskDirector answers %i is a %i %s, not an ended session', async (ddStatus, status, code) => {
    h.server.use(http.post(`${DD_HOST}${endpointPath(DD_PROFILE, 'portalTicketsFind')}`, () => new HttpResponse(null, { status: ddStatus })));
    const res = await h.call('GET', '/api/tickets', { as: 'contact:101' });
    expect(res.status).toBe(status);
    expect(errorOf(res).error.code).toBe(code);
  });
});
