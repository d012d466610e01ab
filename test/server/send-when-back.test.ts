// "Send it when Directly is back" (issue 14, item 1): the question waits in the proxy's
// own queue, is sent once Directly answers again, and is never sent twice.
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../server/log.ts';
import { createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { testConfig } from '../support/proxy.ts';
import { DD_HOST, DIRECTLY_URL, TEST_DD_API_KEY } from '../support/upstreams.ts';
import { errorOf, escalationOf, sampleDraft, useProxy } from '../support/proxy-harness.ts';

const h = useProxy({ config: () => testConfig({ DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}`, DIRECTLY_BREAKER_FAILURES: '3' }) });

const SAVE = `${DIRECTLY_URL}/helpDesk/saveQuestion`;
const directlyDown = (status = 500) => h.server.use(http.post(SAVE, () => new HttpResponse(null, { status })));
const directlyBack = () => h.server.resetHandlers(...h.up.handlers);
const saves = () => h.directlyCalls('saveQuestion').length;
const whenBack = (ticketId: number, as = 'contact:101', draft: Partial<typeof sampleDraft> = {}) =>
  h.call('POST', `/api/escalations/${ticketId}`, { as, json: { ...h.escalationBody(ticketId, as, draft), sendWhenDirectlyIsBack: true } });

function worker() {
  const lines: string[] = [];
  const outbox = createOutboxWorker({ ledger: createLedger(h.db), config: h.config, log: createLogger((l) => lines.push(l)), random: () => 0.5 });
  return { outbox, lines };
}
/** The queue's next try is due now, as if its wait had passed. */
const dueNow = () => h.db.query(`update escalations set attempt_at = $1 where state = 'queued'`, [new Date(Date.now() - 1000).toISOString()]);
const draftOf = async (ticketId: number, as = 'contact:101') =>
  (await h.call('GET', `/api/drafts/${ticketId}`, { as })).json as { draft: { subject: string; text: string } | null };

describe('send it when Directly is back', () => {
  test('Directly refuses: 202 queued with the refused attempt; the queue sends it once Directly is back, and the note follows', async () => {
    await h.call('PUT', '/api/drafts/5001', { as: 'contact:101', json: { subject: 'Outlook asks again', text: 'Still asking for my password.' } });
    directlyDown();
    const res = await whenBack(5001);
    expect(res.status).toBe(202);
    const queued = escalationOf(res);
    expect(queued).toMatchObject({ ticketId: 5001, state: 'queued', questionId: null });
    expect(queued.attempts.map((a) => a.outcome)).toEqual(['refused']);
    // The ledger holds the text now: the draft is done with.
    expect((await draftOf(5001)).draft).toBeNull();
    // It holds the ticket: a second send is refused, not queued twice.
    expect((await h.escalate(5001, 'contact:101')).status).toBe(409);

    // Still down at its next try: queued again, one more attempt, nothing made.
    await dueNow();
    const w = worker();
    await w.outbox.runDue();
    let [now] = await h.history(5001);
    expect(now).toMatchObject({ id: queued.id, state: 'queued' });
    expect(now!.attempts.map((a) => a.outcome)).toEqual(['refused', 'refused']);

    directlyBack();
    // Not due yet: nothing is sent before its time.
    await w.outbox.runDue();
    expect(saves()).toBe(2);
    await dueNow();
    await w.outbox.runDue();
    [now] = await h.history(5001);
    expect(now).toMatchObject({ id: queued.id, state: 'open', questionId: expect.any(Number), lastError: null });
    expect(now!.attempts.map((a) => a.outcome)).toEqual(['refused', 'refused', 'sent']);
    expect(h.up.directly.questions).toHaveLength(1);
    expect(w.lines.some((l) => l.includes('queued question sent'))).toBe(true);

    // The ticket's note is written by the next pass, like any other.
    await w.outbox.runDue();
    expect(h.up.dd.notes.get(5001)?.length).toBe(1);
    // And nothing is sent again, however many passes follow.
    await dueNow();
    await w.outbox.runDue();
    expect(h.up.directly.questions).toHaveLength(1);
    expect(saves()).toBe(3);
  });

  test('the circuit breaker holds calls back: queued at once with a held attempt, and no call reached Directly', async () => {
    directlyDown();
    for (const ticketId of [5002, 5003, 5004]) expect((await h.escalate(ticketId, 'member:9001')).status).toBe(502);
    expect(saves()).toBe(3);
    const res = await whenBack(5001);
    expect(res.status).toBe(202);
    expect(escalationOf(res).attempts).toEqual([{ at: expect.any(String), outcome: 'held', error: expect.stringMatching(/not sent/) }]);
    expect(saves()).toBe(3);
  });

  test('no answer from Directly: the outcome is unknown, so it is held and never queued for a resend', async () => {
    h.server.use(
      http.post(SAVE, async () => {
        await delay(1500);
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const res = await whenBack(5001);
    expect(res.status).toBe(502);
    expect(errorOf(res).escalation).toMatchObject({ state: 'unknown' });
    directlyBack();
    await dueNow();
    await worker().outbox.runDue();
    expect(saves()).toBe(1);
    expect((await h.history(5001))[0]!.state).toBe('unknown');
  });

  test.each([400, 502, 504])('Directly answers %i: not queued (a resend would repeat a refusal, or a gateway may have passed it on)', async (status) => {
    directlyDown(status);
    const res = await whenBack(5001);
    expect(res.status).toBe(502);
    const body = errorOf(res);
    expect(body.escalation).toMatchObject({ state: 'failed' });
    // No countdown: trying again is not what helps here.
    expect(body.error.retryAfterSeconds).toBeUndefined();
    expect(body.error.message).toMatch(/refused the question \(Directly saveQuestion answered \d+\)/);
  });

  test('the queue gives up on a question Directly refuses as such: left not sent, and its text is the draft again', async () => {
    directlyDown();
    expect((await whenBack(5001, 'contact:101', { subject: 'VPN drops', text: 'The VPN drops every ten minutes at home.' })).status).toBe(202);
    expect((await draftOf(5001)).draft).toBeNull();
    directlyDown(400);
    await dueNow();
    await worker().outbox.runDue();
    const [after] = await h.history(5001);
    expect(after).toMatchObject({ state: 'failed', closedBy: null });
    expect(after!.lastError).toMatch(/Directly refused it; send it again from the ticket/);
    expect((await draftOf(5001)).draft).toMatchObject({ subject: 'VPN drops', text: 'The VPN drops every ten minutes at home.' });
  });

  test('a lost answer to a queued send, tried again with the same key as a plain send: the first answer comes back', async () => {
    directlyDown();
    const json = h.escalationBody(5001, 'contact:101');
    const headers = { 'idempotency-key': 'queue-once-0001' };
    const first = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', json: { ...json, sendWhenDirectlyIsBack: true }, headers });
    expect(first.status).toBe(202);
    const again = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', json, headers });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(escalationOf(again).id).toBe(escalationOf(first).id);
    expect(saves()).toBe(1);
  });

  test('two workers at once (two instances): one of them sends it, once', async () => {
    directlyDown();
    expect((await whenBack(5001)).status).toBe(202);
    directlyBack();
    await dueNow();
    await Promise.all([worker().outbox.runDue(), worker().outbox.runDue(), worker().outbox.runDue()]);
    expect(h.up.directly.questions).toHaveLength(1);
    expect((await h.history(5001))[0]!.attempts.map((a) => a.outcome)).toEqual(['refused', 'sent']);
  });

  test('a worker that stopped after taking it from the queue: held as unknown, never sent again', async () => {
    directlyDown();
    expect((await whenBack(5001)).status).toBe(202);
    // Taken (pending) three minutes ago by an instance that never came back.
    await h.db.query(`update escalations set state = 'pending', attempt_at = $1`, [new Date(Date.now() - 180_000).toISOString()]);
    directlyBack();
    await worker().outbox.runDue();
    const res = await h.escalate(5001, 'contact:101');
    expect(res.status).toBe(409);
    expect(errorOf(res).escalation).toMatchObject({ state: 'unknown' });
    expect(saves()).toBe(1);
  });
});

describe('taking a question out of the queue', () => {
  test("a Portal user withdraws their queued question: nothing was made at Directly, and their text comes back as the ticket's draft", async () => {
    directlyDown();
    const queued = escalationOf(await whenBack(5001, 'contact:101', { subject: 'Mail rule', text: 'How do I forward only invoices to accounts?' }));
    const res = await h.call('POST', '/api/escalations/5001/withdraw', { as: 'contact:101' });
    expect(res.status).toBe(200);
    expect(escalationOf(res)).toMatchObject({ id: queued.id, state: 'failed', closedBy: { app: 'portal', id: 101 } });
    expect(h.directlyCalls('closeQuestion')).toHaveLength(0);
    expect((await draftOf(5001)).draft).toMatchObject({ subject: 'Mail rule', text: 'How do I forward only invoices to accounts?' });
    directlyBack();
    await dueNow();
    await worker().outbox.runDue();
    expect(saves()).toBe(1);
    // Withdrawn is not "failed to send": the next send is a new escalation.
    const again = await h.escalate(5001, 'contact:101');
    expect(again.status).toBe(201);
    expect(escalationOf(again).id).not.toBe(queued.id);
  });

  test('a technician closes a queued question: taken out of the queue, no closeQuestion', async () => {
    directlyDown();
    expect((await whenBack(5001)).status).toBe(202);
    const res = await h.close(5001);
    expect(res.status).toBe(200);
    expect(escalationOf(res)).toMatchObject({ state: 'failed', closedBy: { app: 'tech', id: 9001 } });
    expect(escalationOf(res).lastError).toMatch(/out of the queue by Tess Tech/);
    expect(h.directlyCalls('closeQuestion')).toHaveLength(0);
  });
});
