// "Closing follows the ticket": DeskDirector's signed webhook closes the ticket's open
// Directly question when the ticket reaches a closed status, once, and nothing else.
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, test } from 'vitest';
import { MAX_CLOSE_ATTEMPTS } from '../../server/escalations/close-question.ts';
import { createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { createLogger } from '../../server/log.ts';
import { readTicketEvent } from '../../server/escalations/ticket-events.ts';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../../server/routes/webhook.ts';
import { createTestProxy, testConfig } from '../support/proxy.ts';
import { DD_HOST, DIRECTLY_URL, OTHER_DD_HOST, PROXY_URL, TEST_WEBHOOK_SECRET } from '../support/upstreams.ts';
import { useProxy, type CallOptions } from '../support/proxy-harness.ts';

const h = useProxy({ config: () => testConfig({ DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }) });

beforeEach(async () => {
  await h.db.query('delete from webhook_deliveries');
});

type Encoding = 'hex' | 'base64' | 'base64url';
const sign = (body: string, encoding: Encoding = 'hex', secret = TEST_WEBHOOK_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest(encoding)}`;

let seq = 0;
/** A plausible status-change event; each call is a distinct event (its own id and time). */
const statusEvent = (ticketId: number, status: string) =>
  JSON.stringify({
    id: `evt-${++seq}`,
    event: 'ticket.status_changed',
    occurredOn: new Date().toISOString(),
    ticket: { id: ticketId, status: { id: 9, name: status } },
  });

/** The outbox worker with a clock the test moves: it closes what the webhook queued. */
let clock = Date.now();
const worker = () => createOutboxWorker({ ledger: createLedger(h.db), config: h.config, log: createLogger(() => {}, 'silent'), now: () => clock });
beforeEach(() => {
  clock = Date.now() + 1_000;
});

/** Delivers an event, then lets the outbox worker run once, as it does every two seconds. */
async function deliver(body: string, o: { signature?: string | null; query?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  const signature = o.signature === undefined ? sign(body) : o.signature;
  if (signature !== null) headers['x-dd-signature'] = signature;
  const query = o.query ?? `?host=${encodeURIComponent(DD_HOST)}`;
  const opts: CallOptions = { body, headers, host: null };
  const res = await h.call('POST', `/api/webhooks/deskdirector${query}`, opts);
  await worker().runDue();
  return res;
}

async function openQuestion(ticketId = 5001) {
  const res = await h.escalate(ticketId, 'member:9001');
  expect(res.status).toBe(201);
}

const latest = async (ticketId = 5001) => (await h.history(ticketId))[0]!;

describe('a correctly signed status change to a closed status', () => {
  test.each<Encoding>(['hex', 'base64', 'base64url'])('(digest in %s) closes the open question and records who and when', async (encoding) => {
    await openQuestion();
    const before = Date.now();
    const body = statusEvent(5001, 'Closed');
    const res = await deliver(body, { signature: sign(body, encoding) });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, outcome: 'queued' });
    const closes = h.directlyCalls('closeQuestion');
    expect(closes).toHaveLength(1);
    expect(new URLSearchParams(await closes[0]!.body).get('helpDeskId')).toBe('5001');
    expect(h.up.directly.questions[0]!.status).toBe('CLOSED');
    const escalation = await latest();
    expect(escalation.state).toBe('closed');
    expect(escalation.closedBy).toEqual({ app: 'webhook', id: 0, name: 'DeskDirector (status Closed)' });
    expect(Date.parse(escalation.closedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(escalation.closedAt!)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  test('takes a question still waiting for Directly out of the queue: it is never sent, and nothing is closed at Directly', async () => {
    h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => new HttpResponse(null, { status: 500 })));
    const queued = await h.call('POST', '/api/escalations/5001', {
      as: 'member:9001',
      json: { ...h.escalationBody(5001, 'member:9001'), sendWhenDirectlyIsBack: true },
    });
    expect(queued.status).toBe(202);
    h.server.resetHandlers(...h.up.handlers);
    expect((await deliver(statusEvent(5001, 'Closed'))).json).toEqual({ ok: true, outcome: 'queued' });
    expect(await latest()).toMatchObject({ state: 'failed', closedBy: { app: 'webhook' } });
    await h.db.query(`update escalations set attempt_at = $1`, [new Date(Date.now() - 1000).toISOString()]);
    await worker().runDue();
    expect(h.up.directly.questions).toEqual([]);
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
  });

  test('needs no DeskDirector token: nothing is asked of DeskDirector', async () => {
    await openQuestion();
    h.sent.length = 0;
    expect((await deliver(statusEvent(5001, 'Closed'))).status).toBe(200);
    expect(h.sent.filter((s) => s.url.origin === DD_HOST)).toEqual([]);
  });

  test.each([
    ['ticketId and statusName', { ticketId: '5001', statusName: 'Closed' }],
    ['entityId and a status string', { entityId: 5001, status: 'resolved' }],
    ['PascalCase inside data', { Data: { Ticket: { Id: 5001, Status: { Name: 'COMPLETED' } } } }],
    ['id and status.name', { id: 5001, status: { name: 'Closed' } }],
    ['a payload wrapper', { payload: { ticket: { id: 5001, statusName: 'Closed' } } }],
    ['an array of ticket entities', [{ id: 5001, summary: 'x', status: { id: 9, name: 'Closed' } }]],
  ])('is read tolerantly: %s', async (_, payload) => {
    await openQuestion();
    const res = await deliver(JSON.stringify(payload));
    expect(res.json).toEqual({ ok: true, outcome: 'queued' });
    expect((await latest()).state).toBe('closed');
  });

  test('an array of several tickets: each one is handled, and a redelivery changes nothing', async () => {
    await openQuestion(5001);
    await openQuestion(5002);
    const body = JSON.stringify([
      { id: 5001, status: { name: 'Closed' } },
      { id: 5002, status: { name: 'In Progress' } },
      { id: 5003, status: { name: 'Closed' } },
      'noise',
    ]);
    const res = await deliver(body);
    expect(res.json).toEqual({
      ok: true,
      outcome: 'several',
      results: [
        { ticketId: 5001, outcome: 'queued' },
        { ticketId: 5002, outcome: 'ignored-status' },
        { ticketId: 5003, outcome: 'nothing-open' },
      ],
    });
    expect((await latest(5001)).state).toBe('closed');
    expect((await latest(5002)).state).toBe('open');
    await deliver(body);
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
  });

  test('status names come from DESKDIRECTOR_CLOSED_STATUSES, case-insensitive', async () => {
    h.app = (
      await createTestProxy({
        db: h.db,
        config: testConfig({ DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, DESKDIRECTOR_CLOSED_STATUSES: 'Done, Archived' }),
      })
    ).app;
    await openQuestion();
    expect((await deliver(statusEvent(5001, 'Closed'))).json).toEqual({ ok: true, outcome: 'ignored-status' });
    expect((await latest()).state).toBe('open');
    expect((await deliver(statusEvent(5001, 'DONE'))).json).toEqual({ ok: true, outcome: 'queued' });
    expect((await latest()).closedBy!.name).toBe('DeskDirector (status DONE)');
  });

  test('from the simulated portal: a technician sets the status, the simulator signs and delivers', async () => {
    h.server.use(http.all(`${PROXY_URL}/*`, ({ request }) => h.app.fetch(request)));
    await openQuestion(5003);
    const result = await h.up.dd.setTicketStatus(5003, 'Resolved');
    expect(result!.delivery!.status).toBe(200);
    expect(Array.isArray(JSON.parse(result!.delivery!.body))).toBe(true);
    await worker().runDue();
    expect((await latest(5003)).closedBy).toEqual({ app: 'webhook', id: 0, name: 'DeskDirector (status Resolved)' });
  });
});

describe('nothing changes', () => {
  test.each([
    ['no signature', null],
    ['an empty signature', ''],
    ['another algorithm', `sha1=${createHmac('sha1', TEST_WEBHOOK_SECRET).update('x').digest('hex')}`],
    ['no sha256= prefix', createHmac('sha256', TEST_WEBHOOK_SECRET).update('x').digest('hex')],
    ['another secret', 'other'],
    ['a digest of another body', 'other-body'],
    ['a truncated digest', 'truncated'],
    ['garbage', 'sha256=!!!not-a-digest!!!'],
  ])('with %s: 401', async (_, signature) => {
    await openQuestion();
    const body = statusEvent(5001, 'Closed');
    const header =
      signature === 'other'
        ? sign(body, 'hex', 'another-secret')
        : signature === 'other-body'
          ? sign(`${body} `)
          : signature === 'truncated'
            ? sign(body).slice(0, -2)
            : signature;
    const res = await deliver(body, { signature: header });
    expect(res.status).toBe(401);
    expect((res.json as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
    expect((await latest()).state).toBe('open');
  });

  test('a redelivered event closes once; a redelivery after a new escalation leaves the new one open', async () => {
    await openQuestion();
    const body = statusEvent(5001, 'Closed');
    expect((await deliver(body)).json).toEqual({ ok: true, outcome: 'queued' });
    expect((await deliver(body)).json).toEqual({ ok: true, outcome: 'nothing-open' });
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);

    // The ticket is reopened and sent to experts again; the old event arrives once more.
    await openQuestion();
    expect((await deliver(body)).json).toEqual({ ok: true, outcome: 'duplicate' });
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);
    expect((await latest()).state).toBe('open');
  });

  test('a replayed signed body with a new delivery-id header is still a duplicate (the header is not signed)', async () => {
    await openQuestion();
    const body = statusEvent(5001, 'Closed');
    expect((await deliver(body, { headers: { 'x-dd-delivery-id': 'delivery-42' } })).json).toEqual({ ok: true, outcome: 'queued' });
    await openQuestion();
    expect((await deliver(body, { headers: { 'x-dd-delivery-id': 'forged-43' } })).json).toEqual({ ok: true, outcome: 'duplicate' });
    expect((await latest()).state).toBe('open');
  });

  test.each([
    ['an empty object', '{}'],
    ['an array', '[1,2,3]'],
    ['a string', '"Closed"'],
    ['null', 'null'],
    ['not JSON', 'ticket 5001 closed'],
    ['an empty body', ''],
    ['a chat session event', JSON.stringify({ event: 'chat_session.ended', chatSession: { id: 12, status: 'Closed' } })],
    // DeskDirector/docs docs/features/webhooks/chat_session_payload.md, abridged; "completed" is a closed status name.
    [
      'the documented chat session payload',
      JSON.stringify([
        {
          id: '1530162945-9852',
          name: 'Chat Request from Liam Tait',
          type: 'request',
          status: 'completed',
          reference: { type: 'ticket', id: '5001' },
          creator: { entityId: 11220, name: 'Liam Tait' },
        },
      ]),
    ],
    ['an array of nothing readable', JSON.stringify([null, 1, 'Closed', [5001, 'Closed']])],
    ['a ticket without a status', JSON.stringify({ ticket: { id: 5001 } })],
    ['a status without a ticket', JSON.stringify({ status: { name: 'Closed' } })],
    ['a ticket id that is not a number', JSON.stringify({ ticket: { id: 'abc', status: { name: 'Closed' } } })],
  ])('a well-signed event of unknown shape (%s): 200, logged, nothing changed', async (_, body) => {
    await openQuestion();
    const res = await deliver(body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, outcome: 'ignored-unknown-shape' });
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
    expect((await latest()).state).toBe('open');
    expect(h.logLines.some((l) => JSON.parse(l).outcome === 'ignored-unknown-shape')).toBe(true);
  });

  test('a status that does not close, or a ticket without an open question: 200, nothing sent', async () => {
    await openQuestion();
    expect((await deliver(statusEvent(5001, 'In Progress'))).json).toEqual({ ok: true, outcome: 'ignored-status' });
    expect((await deliver(statusEvent(5002, 'Closed'))).json).toEqual({ ok: true, outcome: 'nothing-open' });
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
  });

  test('random bodies, signed or not, never get a 5xx and never close anything', async () => {
    await openQuestion();
    let state = 12345;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const atoms = ['null', 'true', '0', '-1', '5001', '"5001"', '"Closed"', '1e309', '{}', '[]', '"\\u0000"', '"\\ud800"'];
    const keys = ['ticket', 'id', 'ticketId', 'entityId', 'status', 'name', 'statusName', 'data', '__proto__', 'constructor'];
    const value = (depth: number): string => {
      const r = rand(4);
      if (depth > 3 || r === 0) return atoms[rand(atoms.length)]!;
      if (r === 1) return `[${Array.from({ length: rand(3) }, () => value(depth + 1)).join(',')}]`;
      return `{${Array.from({ length: rand(4) }, () => `"${keys[rand(keys.length)]}":${value(depth + 1)}`).join(',')}}`;
    };
    const bodies = [
      ...Array.from({ length: 60 }, () => value(0)),
      ...Array.from({ length: 20 }, () => String.fromCharCode(...Array.from({ length: rand(200) }, () => rand(0x3000)))),
      '['.repeat(100_000),
      `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
      '{"ticket":{"id":5001,"status":{"name":"Closed"}}',
    ];
    for (const body of bodies) {
      for (const signature of [sign(body), sign(body, 'base64'), null, 'sha256=x']) {
        const res = await deliver(body, { signature });
        expect(res.status, body.slice(0, 80)).toBeLessThan(500);
        if (signature === null || signature === 'sha256=x') expect(res.status).toBe(401);
      }
    }
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
    expect((await latest()).state).toBe('open');
  });
});

describe('when Directly does not close the question', () => {
  const directlyDown = () => h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/closeQuestion`, () => new HttpResponse(null, { status: 500 })));

  test('the event is acknowledged at once; the proxy retries with backoff, the state shows on the escalation, and a later try closes it', async () => {
    await openQuestion();
    directlyDown();
    const res = await deliver(statusEvent(5001, 'Closed'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, outcome: 'queued' });
    let escalation = await latest();
    expect(escalation.state).toBe('open');
    expect(escalation.lastError).toMatch(
      /closeQuestion after DeskDirector status "Closed" \(attempt 1 of \d+\): Directly closeQuestion answered 500\. Retrying/,
    );
    // Not due again before its backoff.
    await worker().runDue();
    expect(h.directlyCalls('closeQuestion')).toHaveLength(1);

    h.server.resetHandlers(...h.up.handlers);
    clock += 10 * 60_000;
    await worker().runDue();
    escalation = await latest();
    expect(escalation.state).toBe('closed');
    expect(escalation.lastError).toBeNull();
    expect(h.directlyCalls('closeQuestion')).toHaveLength(2);
  });

  test(`after ${MAX_CLOSE_ATTEMPTS} failed attempts it is left to a technician, and says so`, async () => {
    await openQuestion();
    directlyDown();
    expect((await deliver(statusEvent(5001, 'Closed'))).json).toEqual({ ok: true, outcome: 'queued' });
    for (let i = 0; i < MAX_CLOSE_ATTEMPTS + 2; i++) {
      clock += 11 * 60_000;
      await worker().runDue();
    }
    expect(h.directlyCalls('closeQuestion')).toHaveLength(MAX_CLOSE_ATTEMPTS);
    const escalation = await latest();
    expect(escalation.state).toBe('open');
    expect(escalation.lastError).toMatch(/Needs a technician/);
    const { rows } = await h.db.query<{ done_at: unknown }>(`select done_at from outbox where kind = 'close-question'`);
    expect(rows.map((r) => r.done_at !== null)).toEqual([true]);
  });
});

describe('the endpoint', () => {
  test('answers 404 when DESKDIRECTOR_WEBHOOK_SECRET is not set', async () => {
    h.app = (await createTestProxy({ db: h.db, config: testConfig() })).app;
    await openQuestion();
    const res = await deliver(statusEvent(5001, 'Closed'));
    expect(res.status).toBe(404);
    expect((await latest()).state).toBe('open');
  });

  test('takes the only configured instance when ?host= is left out, and refuses an unknown one', async () => {
    await openQuestion();
    expect((await deliver(statusEvent(5001, 'Closed'), { query: `?host=${encodeURIComponent(OTHER_DD_HOST)}` })).status).toBe(400);
    expect((await deliver(statusEvent(5001, 'Closed'), { query: '?host=not a url' })).status).toBe(400);
    expect((await latest()).state).toBe('open');
    expect((await deliver(statusEvent(5001, 'Closed'), { query: '' })).json).toEqual({ ok: true, outcome: 'queued' });
  });

  test('one secret is never shared by several instances: such a configuration does not start', () => {
    // Only the body is signed, so `?host=` could replay one instance's event against another.
    expect(() => testConfig({ DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, DESKDIRECTOR_HOSTS: `${DD_HOST},${OTHER_DD_HOST}` })).toThrow(
      /one DeskDirector instance per proxy/,
    );
  });

  test('refuses a body over the limit with 413', async () => {
    const body = JSON.stringify({ ticket: { id: 5001, status: { name: 'Closed' } }, pad: 'x'.repeat(WEBHOOK_BODY_LIMIT_BYTES) });
    const res = await deliver(body);
    expect(res.status).toBe(413);
  });

  test('never shows the secret', async () => {
    await openQuestion();
    await deliver(statusEvent(5001, 'Closed'));
    await deliver('junk', { signature: 'sha256=junk' });
    expect([...h.logLines, ...h.replies.map((r) => r.text)].join('\n')).not.toContain(TEST_WEBHOOK_SECRET);
  });

  test('readTicketEvent ignores inherited and non-plain values', () => {
    expect(readTicketEvent(JSON.parse('{"__proto__":{"ticketId":5001,"status":"Closed"}}'))).toBeNull();
    expect(readTicketEvent({ ticket: { id: 5001.5, status: 'Closed' } })).toBeNull();
    expect(readTicketEvent({ ticket: { id: 5001, status: '\u202eClosed ' } })).toEqual({ ticketId: 5001, status: 'Closed' });
  });
});
