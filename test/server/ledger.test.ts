// One active question per ticket, under any timing; closing a question; asking again
// after a close.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createHousekeeping } from '../../server/ledger/housekeeping.ts';
import { DIRECTLY_URL } from '../support/upstreams.ts';
import { errorOf, escalationOf, fieldsOf, useProxy } from '../support/proxy-harness.ts';
import { escalationListSchema } from '../../common/contract.ts';
import { parse } from 'valibot';

const h = useProxy();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A time in the past as the ledger writes times (ISO text), for rows a test plants. */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('one active question per ticket', () => {
  test('10 concurrent escalations of one ticket: one saveQuestion, one 201, nine 409 with the existing escalation', async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.escalate(5001, i % 2 ? 'member:9001' : 'contact:101', { subject: `Attempt ${i}` })),
    );
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
    expect(h.up.directly.saveCalls()).toBe(1);
    const created = replies.filter((r) => r.status === 201);
    const conflicts = replies.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    const winner = escalationOf(created[0]!);
    for (const reply of conflicts) {
      const body = errorOf(reply);
      expect(body.error.code).toBe('already_escalated');
      expect(body.escalation).toBeDefined();
      expect(body.escalation!.id).toBe(winner.id);
      expect(['pending', 'open']).toContain(body.escalation!.state);
    }
    const history = await h.history(5001);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: winner.id, state: 'open', subject: winner.subject });
  });

  test('a second escalation after the first is open: 409 with the open escalation, no call', async () => {
    const first = escalationOf(await h.escalate(5003, 'contact:101'));
    const second = await h.escalate(5003, 'member:9002', { subject: 'Another try' });
    expect(second.status).toBe(409);
    const body = errorOf(second);
    expect(body.error.code).toBe('already_escalated');
    expect(body.escalation).toMatchObject({ id: first.id, state: 'open', questionUrl: first.questionUrl });
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('escalations of different tickets do not block each other', async () => {
    const replies = await Promise.all([5001, 5002, 5003, 5004].map((id) => h.escalate(id, 'contact:101')));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(h.up.directly.questions.map((q) => q.helpDeskId).sort()).toEqual(['5001', '5002', '5003', '5004']);
  });

  test('a closed question does not block: the ticket can be escalated again as a new record', async () => {
    const first = escalationOf(await h.escalate(5001, 'contact:101'));
    expect((await h.close(5001)).status).toBe(200);
    const again = await h.escalate(5001, 'contact:101', { subject: 'Still happening' });
    expect(again.status).toBe(201);
    const second = escalationOf(again);
    expect(second.id).not.toBe(first.id);
    expect(second.state).toBe('open');
    expect(second.questionId).not.toBe(first.questionId);
    expect(h.up.directly.questions.map((q) => [q.helpDeskId, q.status])).toEqual([
      ['5001', 'CLOSED'],
      ['5001-2', '0 answers'],
    ]);
    expect((await h.history(5001)).map((e) => [e.id, e.state])).toEqual([
      [second.id, 'open'],
      [first.id, 'closed'],
    ]);
    const list = parse(escalationListSchema, (await h.call('GET', '/api/escalations?ticketIds=5001', { as: 'contact:101' })).json);
    expect(list.escalations.map((e) => e.id)).toEqual([second.id]);
  });
});

describe('a proxy that stopped between the Directly call and the record write', () => {
  test('its pending record turns unknown: the ticket stays held, nothing is sent twice, and the record says so', async () => {
    const first = await h.escalate(5004, 'contact:101');
    expect(first.status).toBe(201);
    // Make it look as if the proxy died mid-call three minutes ago.
    await h.db.query(
      `update escalations set state = 'pending', question_id = null, question_url = null, created_at = $1, attempt_at = $1 where ticket_id = 5004`,
      [ago(3 * MINUTE)],
    );
    const calls = h.directlyCalls('saveQuestion').length;

    const again = await h.escalate(5004, 'contact:101');
    expect(again.status).toBe(409);
    expect(errorOf(again).escalation).toMatchObject({ ticketId: 5004, state: 'unknown' });
    expect(errorOf(again).escalation!.lastError).toMatch(/stopped before it recorded/);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(calls);
  });

  test('a pending record that is still fresh is left alone (another request is mid-call)', async () => {
    expect((await h.escalate(5005, 'contact:101')).status).toBe(201);
    await h.db.query(`update escalations set state = 'pending' where ticket_id = 5005`);
    const again = await h.escalate(5005, 'contact:101');
    expect(again.status).toBe(409);
    expect(errorOf(again).escalation).toMatchObject({ state: 'pending' });
  });
});

describe('left behind by a proxy that stopped', () => {
  test('an Idempotency-Key left in flight is free again after two minutes, so the retry runs', async () => {
    await h.db.query(`insert into idempotency_keys (dd_host, caller, key, request_hash, created_at) values ($1, 'portal:101', 'stuck-key-0001', 'old', $2)`, [
      h.config.deskDirectorHosts[0],
      ago(3 * MINUTE),
    ]);
    const res = await h.call('POST', '/api/escalations/5006', {
      as: 'contact:101',
      json: { subject: 'Printer', text: 'The printer prints blank pages from Word only.' },
      headers: { 'idempotency-key': 'stuck-key-0001' },
    });
    expect(res.status).toBe(201);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('an Idempotency-Key in flight for less than that is still refused as in flight', async () => {
    const hash = createHash('sha256')
      .update(JSON.stringify([5006, 'Printer', 'The printer prints blank pages from Word only.']))
      .digest('hex');
    await h.db.query(`insert into idempotency_keys (dd_host, caller, key, request_hash) values ($1, 'portal:101', 'busy-key-0001', $2)`, [
      h.config.deskDirectorHosts[0],
      hash,
    ]);
    const res = await h.call('POST', '/api/escalations/5006', {
      as: 'contact:101',
      json: { subject: 'Printer', text: 'The printer prints blank pages from Word only.' },
      headers: { 'idempotency-key': 'busy-key-0001' },
    });
    expect(res.status).toBe(409);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(0);
  });
});

describe('housekeeping', () => {
  test('sweeps keys after 48 hours, drafts after 14 days and webhook deliveries after 30 days, at most every 10 minutes', async () => {
    const host = h.config.deskDirectorHosts[0];
    await h.db.query(
      `insert into idempotency_keys (dd_host, caller, key, request_hash, created_at) values ($1, 'portal:101', 'old-key-0001', 'x', $2), ($1, 'portal:101', 'new-key-0001', 'x', $3)`,
      [host, ago(49 * HOUR), ago(47 * HOUR)],
    );
    await h.db.query(
      `insert into drafts (dd_host, caller, ticket_id, subject, body, updated_at) values ($1, 'portal:101', 5001, 's', 't', $2), ($1, 'portal:101', 5002, 's', 't', $3)`,
      [host, ago(15 * DAY), ago(13 * DAY)],
    );
    await h.db.query(`insert into webhook_deliveries (delivery_key, outcome, received_at) values ('old', 'closed', $1), ('new', 'closed', $2)`, [
      ago(31 * DAY),
      ago(29 * DAY),
    ]);
    let now = Date.now();
    const sweep = createHousekeeping(h.db, () => now);
    expect(await sweep.sweepIfDue()).toBe(true);
    expect((await h.db.query<{ key: string }>(`select key from idempotency_keys`)).rows.map((r) => r.key)).toEqual(['new-key-0001']);
    expect((await h.db.query<{ ticket_id: number }>(`select ticket_id from drafts`)).rows.map((r) => Number(r.ticket_id))).toEqual([5002]);
    expect((await h.db.query<{ delivery_key: string }>(`select delivery_key from webhook_deliveries`)).rows.map((r) => r.delivery_key)).toEqual(['new']);
    now += 9 * 60_000;
    expect(await sweep.sweepIfDue()).toBe(false);
    now += 60_000;
    expect(await sweep.sweepIfDue()).toBe(true);
  });
});

describe('drafts and sent tickets', () => {
  test('a draft save that arrives after the ticket was sent does not bring the draft back', async () => {
    expect((await h.call('PUT', '/api/drafts/5003', { as: 'contact:101', json: { subject: 'Pivot', text: 'typing…' } })).status).toBe(204);
    expect((await h.escalate(5003, 'contact:101')).status).toBe(201);
    expect((await h.call('GET', '/api/drafts/5003', { as: 'contact:101' })).json).toEqual({ draft: null });
    // A debounced keystroke lands afterwards.
    expect((await h.call('PUT', '/api/drafts/5003', { as: 'contact:101', json: { subject: 'Pivot', text: 'typing… more' } })).status).toBe(204);
    expect((await h.call('GET', '/api/drafts/5003', { as: 'contact:101' })).json).toEqual({ draft: null });
  });
});

describe('closing a question', () => {
  test('a technician closes an open question: 200 closed, closed by them, CLOSED in Directly', async () => {
    const opened = escalationOf(await h.escalate(5002, 'contact:101'));
    const res = await h.close(5002, 'member:9002');
    expect(res.status).toBe(200);
    const closed = escalationOf(res);
    expect(closed).toMatchObject({
      id: opened.id,
      state: 'closed',
      closedBy: { app: 'tech', id: 9002, name: 'Omar Ops' },
      escalatedBy: { app: 'portal', id: 101, name: 'Alice Nguyen' },
      lastError: null,
    });
    expect(Date.parse(closed.closedAt!)).toBeGreaterThanOrEqual(Date.parse(opened.createdAt));
    expect(h.up.directly.questions[0]!.status).toBe('CLOSED');
    const [close] = h.directlyCalls('closeQuestion');
    expect([...new URLSearchParams(await close!.body)]).toEqual([['helpDeskId', '5002']]);
    expect((await h.history(5002))[0]).toMatchObject({ state: 'closed', closedBy: { id: 9002 } });
  });

  test('a ticket that was never escalated: 404 not_escalated, no closeQuestion', async () => {
    const res = await h.close(5005);
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('not_escalated');
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
  });

  test('a question already closed: 404 not_escalated, no second closeQuestion', async () => {
    await h.escalate(5005, 'contact:101');
    expect((await h.close(5005)).status).toBe(200);
    const res = await h.close(5005);
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('not_escalated');
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
  });

  test('a ticket whose escalation failed: 404 not_escalated, no closeQuestion', async () => {
    await h.escalate(5006, 'contact:101', { text: 'Printer issue, simulate directly outage please.' });
    expect((await h.history(5006))[0]!.state).toBe('failed');
    const res = await h.close(5006);
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('not_escalated');
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
  });

  test('a ticket that does not exist: 404 ticket_not_found', async () => {
    const res = await h.close(99999);
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('ticket_not_found');
  });

  test('closes the question of the ticket named in the path, and only that one', async () => {
    await h.escalate(5001, 'contact:101');
    await h.escalate(5008, 'member:9001');
    expect((await h.close(5008)).status).toBe(200);
    const status = Object.fromEntries(h.up.directly.questions.map((q) => [q.helpDeskId, q.status]));
    expect(status).toEqual({ '5001': '0 answers', '5008': 'CLOSED' });
    expect((await h.history(5001))[0]!.state).toBe('open');
    expect(fieldsOf(h.up.directly.questions[1]!).emailAddress).toBe('bob@northwind.example');
    expect(h.directlyCalls('closeQuestion').map((s) => s.url.origin)).toEqual([DIRECTLY_URL]);
  });
});

describe('a question Directly creates only after its escalation was settled', () => {
  test('is kept on that escalation, not reopened; the caller gets 409 and a retry gets the same', async () => {
    const { http } = await import('msw');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const saving = new Promise<void>((resolve) => (arrived = resolve));
    h.server.use(
      http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, async ({ request }) => {
        arrived();
        await gate;
        return h.up.directly.app.fetch(request);
      }),
    );
    const send = () =>
      h.call('POST', '/api/escalations/5004', {
        as: 'contact:101',
        json: { subject: 'Camera', text: 'The Teams camera is black in every meeting.' },
        headers: { 'idempotency-key': 'late-answer-0001' },
      });
    const sent = send();
    await saving;
    // Meanwhile the pending record was taken for a stopped call and settled as not sent.
    await h.db.query(`update escalations set state = 'failed', last_error = 'settled by a technician' where ticket_id = 5004`);
    release();
    const res = await sent;
    expect(res.status).toBe(409);
    expect(errorOf(res).error.code).toBe('already_escalated');
    const question = h.up.directly.questions[0]!;
    expect(escalationOf(res)).toMatchObject({ state: 'failed', questionId: question.id, questionUrl: question.url });
    expect(escalationOf(res).lastError).toContain(`Directly created question ${question.id} only after this escalation had been settled`);
    const again = await send();
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });
});
