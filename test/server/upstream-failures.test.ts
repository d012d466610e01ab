// When Directly or DeskDirector fail: the caller gets a clear 502, saveQuestion is never
// sent twice, and the ledger says what happened.
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { DD_HOST, ddUrl, DIRECTLY_URL } from '../support/upstreams.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();

const SAVE = `${DIRECTLY_URL}/helpDesk/saveQuestion`;
const CLOSE = `${DIRECTLY_URL}/helpDesk/closeQuestion`;

function expectDirectlyUnavailable(res: Awaited<ReturnType<typeof h.call>>) {
  expect(res.status).toBe(502);
  const body = errorOf(res);
  expect(body.error.code).toBe('directly_unavailable');
  return body;
}

describe('saveQuestion fails', () => {
  test('Directly answers 500 twice: 502s, one call each, then the retry opens the same record, with its three attempts', async () => {
    h.server.use(http.post(SAVE, () => new HttpResponse(null, { status: 500 }), { once: true }));
    const res = await h.escalate(5001, 'contact:101');
    const body = expectDirectlyUnavailable(res);
    expect(body.escalation).toMatchObject({ ticketId: 5001, state: 'failed', questionId: null });
    expect(body.escalation!.lastError).toMatch(/500/);
    expect(body.error.retryAfterSeconds).toBe(30);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);

    const [failed, ...rest] = await h.history(5001);
    expect(rest).toEqual([]);
    expect(failed).toMatchObject({ id: body.escalation!.id, state: 'failed' });
    expect(failed!.attempts).toEqual([{ at: expect.any(String), outcome: 'refused', error: 'Directly saveQuestion answered 500' }]);

    h.server.use(http.post(SAVE, () => new HttpResponse(null, { status: 503 }), { once: true }));
    const second = expectDirectlyUnavailable(await h.escalate(5001, 'contact:101', { text: 'The same question, edited between the tries.' }));
    expect(second.escalation!.id).toBe(failed!.id);

    const retry = await h.escalate(5001, 'contact:101');
    expect(retry.status).toBe(201);
    const opened = escalationOf(retry);
    expect(opened).toMatchObject({ id: failed!.id, state: 'open', lastError: null });
    expect(opened.attempts.map((a) => a.outcome)).toEqual(['refused', 'refused', 'sent']);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(3);
    expect(h.up.directly.questions).toHaveLength(1);
    // One escalation for the ticket, with the same helpDeskId every try: nothing was made by the refused ones.
    expect((await h.history(5001)).map((e) => [e.id, e.state])).toEqual([[opened.id, 'open']]);
    const ids = await Promise.all(h.directlyCalls('saveQuestion').map(async (c) => new URLSearchParams(await c.body).get('helpDeskId')));
    expect(ids).toEqual(['5001', '5001', '5001']);
    // The report counts it once, its tries in a column of their own.
    const report = await h.call('GET', '/api/admin/escalations', { as: 'member:9001' });
    expect((report.json as { counts: { total: number } }).counts.total).toBe(1);
    const csv = (await h.call('GET', '/api/admin/escalations.csv', { as: 'member:9001' })).text.trim().split('\r\n');
    expect(csv[0]).toMatch(/^escalation id,ticket,company,state,tries,/);
    expect(csv.slice(1)).toEqual([expect.stringMatching(/^[\w-]+,5001,[^,]*,With experts,3,/)]);
  });

  test("the simulator's own outage (bare 500): 502 and exactly one call reached it", async () => {
    const res = await h.escalate(5002, 'contact:101', { text: 'Please simulate directly outage for this question.' });
    expectDirectlyUnavailable(res);
    expect(h.up.directly.saveCalls()).toBe(1);
    expect(h.up.directly.questions).toEqual([]);
  });

  test('Directly does not answer in time: 502 after the timeout, one call, an unknown record that warns of a possible question', async () => {
    h.server.use(
      http.post(SAVE, async () => {
        await delay(2000);
        return HttpResponse.json({ question: { id: 1, url: `${DIRECTLY_URL}/p/late-1`, status: '0 answers' } });
      }),
    );
    const started = performance.now();
    const res = await h.escalate(5001, 'contact:101');
    const elapsed = performance.now() - started;
    const body = expectDirectlyUnavailable(res);
    // It waited for the configured timeout (500 ms), not for Directly's answer: that one would have been a 201.
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
    expect(body.escalation!.state).toBe('unknown');
    expect(body.escalation!.lastError).toMatch(/may or may not exist/);
    // The unknown record holds the ticket: a retry is refused instead of sent blindly.
    h.server.resetHandlers();
    const again = await h.escalate(5001, 'contact:101');
    expect(again.status).toBe(409);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('an unknown outcome stays held when closing fails (a 500 says nothing); a technician releases it, then it is sent again', async () => {
    h.server.use(http.post(SAVE, () => HttpResponse.error()));
    expect((await h.escalate(5002, 'contact:101')).status).toBe(502);
    h.server.resetHandlers();
    const closed = await h.close(5002, 'member:9001');
    expect(closed.status).toBe(502);
    expect(errorOf(closed).escalation).toMatchObject({ state: 'unknown', lastError: expect.stringContaining('closeQuestion') });
    expect((await h.escalate(5002, 'contact:101')).status).toBe(409);
    const released = await h.call('POST', '/api/escalations/5002/release', { as: 'member:9001' });
    expect(escalationOf(released)).toMatchObject({ state: 'failed', closedBy: { app: 'tech', id: 9001 } });
    const retry = await h.escalate(5002, 'contact:101');
    expect(retry.status).toBe(201);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(2);
  });

  test('an unknown outcome where Directly did create the question: closing closes it there', async () => {
    // Directly stores the question, but its answer never arrives in time.
    h.server.use(
      http.post(SAVE, async ({ request }) => {
        await h.up.directly.app.fetch(request);
        await delay(2000);
        return new HttpResponse(null, { status: 500 });
      }),
    );
    expect((await h.escalate(5003, 'contact:101')).status).toBe(502);
    expect(h.up.directly.questions).toHaveLength(1);
    h.server.resetHandlers();
    const closed = await h.close(5003, 'member:9001');
    expect(closed.status).toBe(200);
    expect(escalationOf(closed).state).toBe('closed');
    expect(h.up.directly.questions[0]!.status).toBe('CLOSED');
  });

  test.each([
    ['a body that is not JSON', () => new HttpResponse('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['an empty body', () => new HttpResponse(null, { status: 200 })],
    ['JSON of the wrong shape', () => HttpResponse.json({ ok: true })],
    ['a question without an id', () => HttpResponse.json({ question: { url: `${DIRECTLY_URL}/p/x`, status: '0 answers' } })],
    ['a question whose url is not a URL', () => HttpResponse.json({ question: { id: 5, url: 'nope', status: '0 answers' } })],
  ])('Directly answers 200 with %s: 502, one call, a record whose outcome is unknown', async (_name, resolver) => {
    h.server.use(http.post(SAVE, resolver));
    const res = await h.escalate(5001, 'contact:101');
    const body = expectDirectlyUnavailable(res);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
    // A 200 means Directly may well have created it, even if we cannot read the answer.
    expect(body.escalation!.state).toBe('unknown');
    expect(body.escalation!.questionId).toBeNull();
    expect((await h.history(5001))[0]!.state).toBe('unknown');
  });

  test.each([[400], [401], [404], [503]])('Directly answers %i: 502 and one call', async (status) => {
    h.server.use(http.post(SAVE, () => new HttpResponse(null, { status })));
    expectDirectlyUnavailable(await h.escalate(5001, 'contact:101'));
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('Directly redirects: 502, the redirect is not followed', async () => {
    h.server.use(http.post(SAVE, () => new HttpResponse(null, { status: 302, headers: { location: 'http://elsewhere.test/helpDesk/saveQuestion' } })));
    expectDirectlyUnavailable(await h.escalate(5001, 'contact:101'));
    expect(h.callsOutside(DD_HOST).map((s) => s.url.origin)).toEqual([DIRECTLY_URL]);
  });

  test('the connection to Directly fails: 502, and the record is unknown (the request may have arrived)', async () => {
    h.server.use(http.post(SAVE, () => HttpResponse.error()));
    const body = expectDirectlyUnavailable(await h.escalate(5001, 'contact:101'));
    expect(body.escalation!.state).toBe('unknown');
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });
});

describe('closeQuestion fails', () => {
  test('Directly answers 500 on close: 502, the record stays open with lastError; a later close works and clears it', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    h.server.use(http.post(CLOSE, () => new HttpResponse(null, { status: 500 }), { once: true }));
    const res = await h.close(5001);
    const body = expectDirectlyUnavailable(res);
    expect(body.escalation).toMatchObject({ state: 'open', closedBy: null, closedAt: null });
    expect(body.escalation!.lastError).toMatch(/closeQuestion/);
    expect(h.up.directly.questions[0]!.status).toBe('0 answers');
    const [record] = await h.history(5001);
    expect(record).toMatchObject({ state: 'open' });
    expect(record!.lastError).toMatch(/closeQuestion.*500/);

    const again = await h.close(5001);
    expect(again.status).toBe(200);
    expect(escalationOf(again)).toMatchObject({ state: 'closed', lastError: null });
    expect(h.up.directly.questions[0]!.status).toBe('CLOSED');
  });

  test('Directly times out on close: 502, still open', async () => {
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    h.server.use(
      http.post(CLOSE, async () => {
        await delay(2000);
        return HttpResponse.json({ question: { id: 1, url: `${DIRECTLY_URL}/p/x-1`, status: 'CLOSED' } });
      }),
    );
    const body = expectDirectlyUnavailable(await h.close(5001));
    expect(body.escalation!.state).toBe('open');
    expect((await h.history(5001))[0]!.state).toBe('open');
  });
});

describe('DeskDirector fails', () => {
  test('ticket read answers 500: 502 deskdirector_unavailable naming the endpoint, nothing sent to Directly', async () => {
    h.server.use(http.get(ddUrl('portalTicket'), () => new HttpResponse(null, { status: 500 })));
    const res = await h.escalate(5001, 'contact:101');
    expect(res.status).toBe(502);
    const { error } = errorOf(res);
    expect(error.code).toBe('deskdirector_unavailable');
    expect(error.message).toContain('Portal ticket details');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
    expect(await h.history(5001)).toEqual([]);
  });

  test('reads from DeskDirector are retried, a bounded number of times: a passing 503 is ridden out, a lasting 500 gives up after 3 tries', async () => {
    let reads = 0;
    h.server.use(
      http.get(ddUrl('portalTicket'), ({ request }) => {
        reads += 1;
        return reads === 1 ? new HttpResponse(null, { status: 503 }) : h.up.dd.app.fetch(request);
      }),
    );
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
    expect(reads).toBe(2);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);

    reads = 0;
    h.server.use(http.get(ddUrl('portalTicket'), () => ((reads += 1), new HttpResponse(null, { status: 500 }))));
    expect((await h.escalate(5002, 'contact:101')).status).toBe(502);
    expect(reads).toBe(3);
  });

  test('writes are never retried: a 500 from saveQuestion is one call', async () => {
    h.server.use(http.post(SAVE, () => new HttpResponse(null, { status: 503 })));
    expect((await h.escalate(5001, 'contact:101')).status).toBe(502);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('ticket of an unexpected shape: 502, nothing sent to Directly', async () => {
    h.server.use(http.get(ddUrl('techTicket'), () => HttpResponse.json({ Id: 5001, Summary: 'PascalCase' })));
    const res = await h.escalate(5001, 'member:9001');
    expect(res.status).toBe(502);
    expect(errorOf(res).error.code).toBe('deskdirector_unavailable');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });

  test('DeskDirector does not answer in time: 502, nothing sent to Directly', async () => {
    h.server.use(
      http.get(ddUrl('portalMe'), async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    const res = await h.escalate(5001, 'contact:101');
    expect(res.status).toBe(502);
    expect(errorOf(res).error.code).toBe('deskdirector_unavailable');
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });
});
