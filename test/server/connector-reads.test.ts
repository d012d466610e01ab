// `ticketReads: "connector"`: tickets are read with the instance's API key through the
// documented connector endpoints, so the proxy itself decides what a caller may see. The
// caller's identity still comes from their own token.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { endpointPath } from '../../server/profile/profile.ts';
import { testConfig } from '../support/proxy.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';
import { DD_HOST, DD_PROFILE, TEST_DD_API_KEY } from '../support/upstreams.ts';
import { tempDir } from '../support/temp-dir.ts';

function connectorConfig(contactsSeeCompanyTickets: boolean) {
  const file = join(tempDir('dd-profile-'), 'profile.json');
  writeFileSync(file, JSON.stringify({ ...DD_PROFILE, ticketReads: 'connector', contactsSeeCompanyTickets }));
  return testConfig({ DESKDIRECTOR_PROFILE_FILE: file, DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}` });
}

const ownTickets = (as: string, h: ReturnType<typeof useProxy>) =>
  h.call('GET', '/api/tickets', { as }).then((r) => r.json as { tickets: { results: Array<{ id: number }> } });
/** Anything sent anywhere but a read of DeskDirector. */
const writes = (h: ReturnType<typeof useProxy>) =>
  h.sent.filter((s) => !(s.url.origin === DD_HOST && (s.method === 'GET' || s.url.pathname === endpointPath(DD_PROFILE, 'connectorTicketsFind'))));

describe('connector reads, contacts see only their own tickets', () => {
  const h = useProxy({ config: () => connectorConfig(false) });

  test('the list is the caller’s own tickets, asked for with the API key and the caller’s contact id', async () => {
    const { tickets } = await ownTickets('contact:102', h);
    expect(tickets.results.map((t) => t.id).sort()).toEqual([5008, 5009]);
    const find = h.sent.find((s) => s.url.pathname === endpointPath(DD_PROFILE, 'connectorTicketsFind'))!;
    expect(find.headers.get('authorization')).toBe(`DdApi ${TEST_DD_API_KEY}`);
    expect(JSON.parse(await find.body)).toMatchObject({ [DD_PROFILE.requests.connectorFindTickets.contactId]: 102 });
    // Who the caller is comes from their own token, never from the key.
    const me = h.sent.find((s) => s.url.pathname === endpointPath(DD_PROFILE, 'portalMe'))!;
    expect(me.headers.get('authorization')).toMatch(/^DdAccessToken /);
  });

  test.each([
    ['another contact’s ticket in the same company', 5001, 403],
    ['another company’s ticket', 5010, 403],
    ['a ticket that does not exist', 9999, 404],
  ])('%s is refused, and nothing is written anywhere', async (_what, ticketId, status) => {
    const read = await h.call('GET', `/api/tickets/${ticketId}`, { as: 'contact:102' });
    expect(read.status).toBe(status);
    const send = await h.escalate(ticketId, 'contact:102');
    expect(send.status).toBe(status);
    expect(errorOf(send).error.code).toBe(status === 404 ? 'ticket_not_found' : 'forbidden');
    const history = await h.call('GET', `/api/escalations/${ticketId}/history`, { as: 'contact:102' });
    expect(history.status).toBe(status);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
    expect(writes(h)).toEqual([]);
  });

  test('the caller’s own ticket is read and sent as usual', async () => {
    expect((await h.call('GET', '/api/tickets/5008', { as: 'contact:102' })).status).toBe(200);
    expect((await h.escalate(5008, 'contact:102')).status).toBe(201);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('a technician sees every ticket', async () => {
    const { tickets } = await ownTickets('member:9001', h);
    expect(tickets.results.length).toBe(10);
    expect((await h.call('GET', '/api/tickets/5010', { as: 'member:9001' })).status).toBe(200);
  });

  test('a token DeskDirector refuses reads nothing with the key', async () => {
    const res = await h.call('GET', '/api/tickets/5008', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(res.status).toBe(401);
    expect(h.sent.filter((s) => s.headers.get('authorization')?.startsWith('DdApi'))).toEqual([]);
  });
});

describe('connector reads, contacts share their company’s tickets', () => {
  const h = useProxy({ config: () => connectorConfig(true) });

  test('a contact sees and sends a colleague’s ticket, but never another company’s', async () => {
    const { tickets } = await ownTickets('contact:102', h);
    expect(tickets.results.map((t) => t.id)).toContain(5001);
    expect(tickets.results.every((t) => t.id < 5010)).toBe(true);
    expect((await h.call('GET', '/api/tickets/5001', { as: 'contact:102' })).status).toBe(200);
    expect((await h.call('GET', '/api/tickets/5010', { as: 'contact:102' })).status).toBe(403);
    expect((await h.escalate(5010, 'contact:102')).status).toBe(403);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
  });
});
