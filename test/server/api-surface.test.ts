// The edges of the API that the threat model (docs/SECURITY.md) relies on: no CORS on
// /api (the page calls its own origin), credentials accepted only in the Authorization
// header, answers never cached, and Idempotency-Key replays that never send a question twice.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { endpointPath } from '../../server/profile/profile.ts';
import { DD_PROFILE, DIRECTLY_URL } from '../support/upstreams.ts';
import { errorOf, escalationOf, sampleDraft, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

describe('no CORS on /api', () => {
  test('a preflight from another origin gets no Access-Control-Allow-* header, so browsers refuse the call', async () => {
    const res = await h.call('OPTIONS', '/api/escalations', {
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-dd-host,content-type',
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    expect(h.sent).toEqual([]);
  });

  test('a cross-origin request, even with a valid token, gets an answer the browser will not let the other origin read', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://dd.test']) {
      const res = await h.call('GET', '/api/escalations?ticketIds=5001', { as: 'contact:101', headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('caching', () => {
  test('every /api answer, success or error, is Cache-Control: no-store', async () => {
    const replies = [
      await h.call('GET', '/api/escalations?ticketIds=5001', { as: 'contact:101' }),
      await h.call('GET', '/api/drafts/latest', { as: 'contact:101' }),
      await h.call('GET', '/api/admin/escalations.csv', { as: 'member:9001' }),
      await h.call('GET', '/api/config'),
      await h.escalate(5001, 'contact:101'),
      await h.call('GET', '/api/escalations', {}),
      await h.call('GET', '/api/nothing-here', { as: 'contact:101' }),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 201, 401, 404]);
    for (const res of replies) expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('credentials only in the Authorization header', () => {
  test('a token in the query string, a cookie or the body is not a credential: 401, nothing sent', async () => {
    const token = h.up.dd.mint('contact:101');
    const replies = [
      await h.call('GET', `/api/escalations?ticketIds=5001&access_token=${token}`, {}),
      await h.call('GET', '/api/escalations?ticketIds=5001', { headers: { cookie: `access_token=${token}; DdAccessToken=${token}` } }),
      await h.call('POST', '/api/escalations/5001', { json: { ...sampleDraft, access_token: token, token } }),
      await h.call('GET', '/api/escalations?ticketIds=5001', { headers: { 'x-dd-token': token, 'x-access-token': token } }),
      await h.call('GET', '/api/escalations?ticketIds=5001', { headers: { authorization: `Bearer ${token}` } }),
    ];
    for (const res of replies) {
      expect(res.status).toBe(401);
      expect(errorOf(res).error.code).toBe('unauthenticated');
    }
    expect(h.sent).toEqual([]);
  });
});

describe('Idempotency-Key', () => {
  const send = (key: string, as = 'contact:101', draft: Partial<typeof sampleDraft> = {}, ticketId = 5001) =>
    h.call('POST', `/api/escalations/${ticketId}`, { as, json: h.escalationBody(ticketId, as, draft), headers: { 'idempotency-key': key } });

  test('a retry with the same key and body gets the first answer back, marked replayed; one saveQuestion', async () => {
    const first = await send('retry-key-0001');
    expect(first.status).toBe(201);
    const again = await send('retry-key-0001');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(escalationOf(again)).toMatchObject({ state: 'open', questionUrl: h.up.directly.questions[0]!.url });
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('the same key with another body: 422 idempotency_conflict, nothing sent', async () => {
    expect((await send('retry-key-0002')).status).toBe(201);
    const other = await send('retry-key-0002', 'contact:101', { text: 'A different question text entirely, same key.' });
    expect(other.status).toBe(422);
    expect(errorOf(other).error.code).toBe('idempotency_conflict');
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('the same key and body for another ticket in the path: 422 idempotency_conflict, not a replay', async () => {
    expect((await send('retry-key-0006', 'contact:101', {}, 5001)).status).toBe(201);
    const other = await send('retry-key-0006', 'contact:101', {}, 5002);
    expect(other.status).toBe(422);
    expect(errorOf(other).error.code).toBe('idempotency_conflict');
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test("keys belong to their caller: another user's same key is not a replay of Alice's answer", async () => {
    expect((await send('shared-key-0003', 'contact:101')).status).toBe(201);
    const bob = await send('shared-key-0003', 'contact:102', {}, 5008);
    expect(bob.headers.get('idempotent-replayed')).toBeNull();
    expect(escalationOf(bob).ticketId).toBe(5008);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(2);
  });

  test('a definite failure frees the key, so the retry sends again; an unknown outcome holds the ticket', async () => {
    h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => new HttpResponse(null, { status: 500 }), { once: true }));
    expect((await send('retry-key-0004')).status).toBe(502);
    expect((await send('retry-key-0004')).status).toBe(201);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(2);

    h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => HttpResponse.error(), { once: true }));
    expect((await send('retry-key-0005', 'member:9001', {}, 5003)).status).toBe(502);
    const retry = await send('retry-key-0005', 'member:9001', {}, 5003);
    expect(retry.status).toBe(409);
    expect(errorOf(retry).escalation?.state).toBe('unknown');
    expect(h.directlyCalls('saveQuestion')).toHaveLength(3);
  });

  test('a malformed key: 400 with the field named', async () => {
    for (const key of ['short', 'x'.repeat(201), 'has space inside it']) {
      const res = await send(key);
      expect(res.status).toBe(400);
      expect(errorOf(res).error.fields).toHaveProperty('Idempotency-Key');
    }
    // Refused before the ticket read starts: only the caller check reached DeskDirector
    // (a read started and left running would be seen within a moment).
    await new Promise((r) => setTimeout(r, 50));
    expect(h.sent.filter((s) => s.url.pathname !== endpointPath(DD_PROFILE, 'portalMe'))).toEqual([]);
  });
});

describe('ticket numbers past the safe-integer range', () => {
  // Found by test/server/property.test.ts: 99999999999999999999 passed Number.isInteger and reached the ledger as a 500.
  test.each([
    ['GET', '/api/drafts/99999999999999999999'],
    ['PUT', '/api/drafts/99999999999999999999'],
    ['GET', '/api/escalations?ticketIds=5001,99999999999999999999'],
    ['GET', '/api/escalations/9007199254740993/history'],
    ['POST', '/api/escalations/1e300/close'],
  ])('%s %s: 400 invalid_request, nothing sent upstream', async (method, path) => {
    const before = h.sent.length;
    const res = await h.call(method, path, { as: 'member:9001', ...(method === 'PUT' ? { json: { subject: 's', text: 't' } } : {}) });
    expect(res.status).toBe(400);
    expect(errorOf(res).error.code).toBe('invalid_request');
    // Only the caller check (a GET of the current member) may have left the proxy.
    expect(h.sent.slice(before).filter((s) => s.url.pathname !== endpointPath(DD_PROFILE, 'techMe'))).toEqual([]);
  });
});

describe('data another caller may not see', () => {
  test('the escalation report and its CSV are for technicians only: a Portal user gets 403', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    for (const path of ['/api/admin/escalations', '/api/admin/escalations.csv']) {
      const res = await h.call('GET', path, { as: 'contact:101' });
      expect(res.status).toBe(403);
      expect(errorOf(res).error.code).toBe('forbidden');
      expect(res.text).not.toContain('Outlook');
    }
    expect((await h.call('GET', '/api/admin/escalations', { as: 'member:9001' })).status).toBe(200);
  });

  test('drafts are private to their author: another user, or the same person as TECH, reads none', async () => {
    const draft = { subject: 'Private draft', text: 'Something only Alice should read back.' };
    expect((await h.call('PUT', '/api/drafts/5002', { as: 'contact:101', json: draft })).status).toBe(204);
    expect(((await h.call('GET', '/api/drafts/5002', { as: 'contact:101' })).json as { draft: { subject: string } }).draft.subject).toBe('Private draft');
    for (const as of ['contact:102', 'member:9001']) {
      expect((await h.call('GET', '/api/drafts/5002', { as })).json).toEqual({ draft: null });
      expect((await h.call('GET', '/api/drafts/latest', { as })).json).toEqual({ draft: null });
    }
  });
});
