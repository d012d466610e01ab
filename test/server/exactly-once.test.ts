// "Never sent twice" on every recovery path (issue 12, item 2): an unknown outcome stays
// held until someone decides with knowledge; a stale pending row turns unknown on its own
// clock; concurrent closes make one closeQuestion and tell every caller the true state.
import { createHmac } from 'node:crypto';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { createLogger } from '../../server/log.ts';
import { createTestProxy, testConfig } from '../support/proxy.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';
import { DD_HOST, DIRECTLY_URL, TEST_WEBHOOK_SECRET } from '../support/upstreams.ts';

const h = useProxy({ config: () => testConfig({ DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }) });
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** An escalation whose saveQuestion answer was lost: Directly holds the question, the record says unknown. */
async function unknownEscalation(ticketId = 5001) {
  expect((await h.escalate(ticketId, 'member:9001')).status).toBe(201);
  await h.db.query(`update escalations set state = 'unknown', question_id = null, question_url = null, last_error = 'timed out' where ticket_id = $1`, [
    ticketId,
  ]);
}
const closeAnswers = (status: number, ms = 0) =>
  h.server.use(
    http.post(`${DIRECTLY_URL}/helpDesk/closeQuestion`, async () => {
      if (ms) await delay(ms);
      if (status === 200) return HttpResponse.json({ question: { id: 1, url: `${DIRECTLY_URL}/p/q-1`, status: 'CLOSED' } });
      return new HttpResponse(null, { status });
    }),
  );
const latest = async (ticketId = 5001) => (await h.history(ticketId))[0]!;

let seq = 0;
/** Delivers a Closed event, then lets the outbox worker run once, which closes what it queued. */
async function deliverClosed(ticketId: number) {
  const body = JSON.stringify({ id: `evt-x-${++seq}`, ticket: { id: ticketId, status: { name: 'Closed' } } });
  const signature = `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET).update(body).digest('hex')}`;
  const res = await h.call('POST', `/api/webhooks/deskdirector?host=${encodeURIComponent(DD_HOST)}`, {
    body,
    host: null,
    headers: { 'content-type': 'application/json', 'x-dd-signature': signature },
  });
  await createOutboxWorker({ ledger: createLedger(h.db), config: h.config, log: createLogger(() => {}, 'silent') }).runDue();
  return res;
}

describe('an unknown outcome stays held until someone decides with knowledge', () => {
  test("a technician's close that Directly answers 500 leaves it unknown with the error shown, and no second saveQuestion", async () => {
    await unknownEscalation();
    closeAnswers(500);
    const res = await h.close(5001);
    expect(res.status).toBe(502);
    expect(errorOf(res).error.message).toMatch(/still unknown/);
    expect(errorOf(res).escalation).toMatchObject({ state: 'unknown', lastError: expect.stringContaining('500') });
    const again = await h.escalate(5001, 'contact:101');
    expect(again.status).toBe(409);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('the webhook applies the same rule: a 500 leaves it unknown', async () => {
    await unknownEscalation();
    closeAnswers(500);
    expect((await deliverClosed(5001)).status).toBe(200);
    expect(await latest()).toMatchObject({ state: 'unknown', lastError: expect.stringContaining('500') });
    expect((await h.escalate(5001, 'contact:101')).status).toBe(409);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('a successful closeQuestion closes it', async () => {
    await unknownEscalation();
    const res = await h.close(5001);
    expect(res.status).toBe(200);
    expect(escalationOf(res)).toMatchObject({ state: 'closed', lastError: null, closedBy: { app: 'tech', id: 9001 } });
  });

  test('a technician may release it: recorded with who and when; the ticket can be sent again', async () => {
    await unknownEscalation();
    expect((await h.call('POST', '/api/escalations/5001/release', { as: 'contact:101' })).status).toBe(403);
    const before = Date.now();
    const res = await h.call('POST', '/api/escalations/5001/release', { as: 'member:9001' });
    expect(res.status).toBe(200);
    const released = escalationOf(res);
    expect(released).toMatchObject({ state: 'failed', closedBy: { app: 'tech', id: 9001 }, lastError: expect.stringMatching(/Released by .*may still exist/) });
    expect(Date.parse(released.closedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(h.directlyCalls('closeQuestion')).toHaveLength(0);
    expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
  });

  test('an open question is not released (it is closed instead), and a ticket without one is 404', async () => {
    expect((await h.escalate(5001, 'member:9001')).status).toBe(201);
    const res = await h.call('POST', '/api/escalations/5001/release', { as: 'member:9001' });
    expect(res.status).toBe(409);
    expect(errorOf(res).escalation?.state).toBe('open');
    expect((await h.call('POST', '/api/escalations/5002/release', { as: 'member:9001' })).status).toBe(404);
  });
});

describe('a pending row left by a proxy that stopped mid-call', () => {
  /** Created three minutes ago; `touched` is when something last wrote to it (e.g. a webhook's error). */
  async function stalePending(touched: string) {
    expect((await h.escalate(5004, 'member:9001')).status).toBe(201);
    await h.db.query(
      `update escalations set state = 'pending', question_id = null, question_url = null, created_at = $1, attempt_at = $1, updated_at = $2 where ticket_id = 5004`,
      [ago(3 * 60_000), touched],
    );
  }

  test("turns unknown on its own clock: a webhook attempt's note does not restart it", async () => {
    await stalePending(new Date().toISOString());
    const again = await h.escalate(5004, 'contact:101');
    expect(again.status).toBe(409);
    expect(errorOf(again).escalation).toMatchObject({ state: 'unknown' });
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test("a technician's close settles it like any unknown", async () => {
    await stalePending(new Date().toISOString());
    const res = await h.close(5004);
    expect(res.status).toBe(200);
    expect(escalationOf(res).state).toBe('closed');
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
  });

  test('the webhook settles it too', async () => {
    await stalePending(new Date().toISOString());
    expect((await deliverClosed(5004)).json).toEqual({ ok: true, outcome: 'queued' });
    expect((await latest(5004)).state).toBe('closed');
  });
});

describe('concurrent closes', () => {
  test('five at once make one closeQuestion; every caller gets the closed record', async () => {
    expect((await h.escalate(5001, 'member:9001')).status).toBe(201);
    const replies = await Promise.all(Array.from({ length: 5 }, () => h.close(5001)));
    // A close that starts after the first finished finds nothing open: 404, with the record as it stands.
    for (const r of replies) {
      expect([200, 404]).toContain(r.status);
      expect(r.status === 200 ? escalationOf(r) : errorOf(r).escalation).toMatchObject({ state: 'closed', lastError: null });
    }
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
  });

  test('on two instances sharing the ledger: one closeQuestion, both told it is closed', async () => {
    expect((await h.escalate(5001, 'member:9001')).status).toBe(201);
    const other = (await createTestProxy({ db: h.db, config: h.config })).app;
    const viaOther = h.app;
    closeAnswers(200, 300);
    const first = h.close(5001);
    await delay(50);
    h.app = other;
    const second = h.close(5001);
    h.app = viaOther;
    const replies = await Promise.all([first, second]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => escalationOf(r).state)).toEqual(['closed', 'closed']);
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
  });

  test('when Directly fails, one call, and the record keeps one true error until a later close succeeds', async () => {
    expect((await h.escalate(5001, 'member:9001')).status).toBe(201);
    closeAnswers(500, 100);
    const replies = await Promise.all(Array.from({ length: 3 }, () => h.close(5001)));
    expect(replies.map((r) => r.status)).toEqual([502, 502, 502]);
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
    expect(await latest()).toMatchObject({ state: 'open', lastError: expect.stringContaining('500') });
    h.server.resetHandlers(...h.up.handlers);
    expect(escalationOf(await h.close(5001))).toMatchObject({ state: 'closed', lastError: null });
  });
});
