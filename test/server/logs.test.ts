// Structured logs: one JSON line per event, every request's line carrying the request
// id the caller got in X-Request-Id and in any error body, and no credential anywhere:
// not the callers' DeskDirector tokens, the Directly token, the DeskDirector API key or
// the webhook secret. Error bodies stay generic: no stack, no upstream body.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger, REDACTED } from '../../server/log.ts';
import { createOutboxWorker } from '../../server/jobs/outbox-worker.ts';
import { createLedger } from '../../server/ledger/index.ts';
import { testConfig } from '../support/proxy.ts';
import { DD_HOST, DIRECTLY_URL, PROXY_URL, TEST_DD_API_KEY, TEST_DIRECTLY_TOKEN, TEST_WEBHOOK_SECRET } from '../support/upstreams.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy({
  config: () => testConfig({ DESKDIRECTOR_API_KEYS: `${DD_HOST}=${TEST_DD_API_KEY}`, DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }),
});

/** What Directly might put in an error body: it must never reach a caller or a log line. */
const UPSTREAM_SECRET = 'sk_live_51HcanaryUPSTREAMbodySecret0123456789';

const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('logs', () => {
  test('a full flow (escalate, close, webhook, outbox, failures) logs no token, key or secret, and every request by its id', async () => {
    const alice = h.up.dd.mint('contact:101');
    const tess = h.up.dd.mint('member:9001');
    const expired = h.up.dd.mint('contact:102', -30);
    const outboxLines: string[] = [];
    const outbox = createOutboxWorker({
      ledger: createLedger(h.db),
      config: h.config,
      log: createLogger((l) => outboxLines.push(l)),
      now: () => Date.now() + 3_600_000,
    });
    h.server.use(http.all(`${PROXY_URL}/*`, ({ request }) => h.app.fetch(request)));

    // Escalate (Portal and TECH), a conflict, reads.
    expect(
      (await h.call('POST', '/api/escalations/5001', { token: alice, json: { subject: 'Outlook', text: 'Outlook keeps asking for my password.' } })).status,
    ).toBe(201);
    expect(
      (await h.call('POST', '/api/escalations/5001', { token: alice, json: { subject: 'Again', text: 'Outlook keeps asking for my password.' } })).status,
    ).toBe(409);
    expect(
      (
        await h.call('POST', '/api/escalations/5003', {
          token: tess,
          app: 'tech',
          json: h.escalationBody(5003, 'member:9001', { subject: 'Pivot', text: 'The pivot table does not refresh at all.' }),
        })
      ).status,
    ).toBe(201);
    await h.call('GET', '/api/escalations?ticketIds=5001,5003', { token: alice });
    await h.call('GET', '/api/admin/escalations', { token: tess, app: 'tech' });
    await h.call('PUT', '/api/drafts/5002', { token: alice, json: { subject: 's', text: 'draft text' } });
    // The notes go out through the outbox (with the API key).
    expect((await outbox.runDue()).done).toBe(2);
    // Close by a technician, and by DeskDirector's signed webhook.
    expect((await h.close(5001, 'member:9001')).status).toBe(200);
    const delivered = await h.up.dd.setTicketStatus(5003, 'Resolved');
    expect(delivered?.delivery?.status).toBe(200);
    // Failures: Directly answers 500 with a secret-looking body, a bad signature, an expired token, a wrong body.
    h.server.use(
      http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => new HttpResponse(`error: ${UPSTREAM_SECRET} token=${TEST_DIRECTLY_TOKEN}`, { status: 500 }), {
        once: true,
      }),
    );
    expect(
      (
        await h.call('POST', '/api/escalations/5002', {
          token: alice,
          json: { subject: 'Calendar', text: 'How do I share my calendar with the team?' },
        })
      ).status,
    ).toBe(502);
    expect(
      (await h.call('POST', '/api/webhooks/deskdirector', { host: null, body: '{"ticketId":5001}', headers: { 'x-dd-signature': `sha256=${'0'.repeat(64)}` } }))
        .status,
    ).toBe(401);
    expect((await h.call('GET', '/api/escalations', { token: expired })).status).toBe(401);
    expect((await h.call('POST', '/api/escalations/5002', { token: alice, json: { subject: 'x', text: 'short', apiToken: TEST_DIRECTLY_TOKEN } })).status).toBe(
      400,
    );
    expect((await h.call('GET', '/api/escalations', { headers: { authorization: `DdApi ${TEST_DD_API_KEY}` } })).status).toBe(401);

    const lines = [...h.logLines, ...outboxLines];
    expect(lines.length).toBeGreaterThanOrEqual(h.replies.length + 2);
    const everything = lines.join('\n');
    for (const secret of [alice, tess, expired, TEST_DIRECTLY_TOKEN, TEST_DD_API_KEY, TEST_WEBHOOK_SECRET, UPSTREAM_SECRET]) {
      expect(everything).not.toContain(secret);
      // Not even the signature part of a caller's token.
      if (secret.includes('.')) expect(everything).not.toContain(secret.split('.')[2]);
    }
    expect(everything).not.toMatch(/DdAccessToken|DdApi |ApiToken/i);

    // Every line is one JSON object with a level, an ISO time and a message.
    for (const line of lines) {
      const entry = parse(line);
      expect(entry.level).toMatch(/^(info|warn|error)$/);
      expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
      expect(typeof entry.msg).toBe('string');
    }
    // Every reply's X-Request-Id names a request line with its status.
    const requestLines = h.logLines.map(parse).filter((e) => e.msg === 'request');
    for (const reply of h.replies) {
      const id = reply.headers.get('x-request-id');
      expect(requestLines.find((e) => e.requestId === id)).toMatchObject({ status: reply.status });
      if (reply.status >= 400) expect(errorOf(reply).error.requestId).toBe(id);
    }
    // The failure is logged under the same request id as the 502 it answered.
    const failed = h.replies.find((r) => r.status === 502)!;
    expect(h.logLines.map(parse).find((e) => e.msg === 'saveQuestion not done')).toMatchObject({ requestId: failed.headers.get('x-request-id'), status: 500 });
  });

  test('the logger blanks credential fields and scrubs credentials out of text, should a caller ever pass them', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    log.error(
      {
        authorization: `DdAccessToken ${h.up.dd.mint('contact:101')}`,
        headers: { Authorization: 'DdApi k', apitoken: TEST_DIRECTLY_TOKEN, ApiToken: TEST_DIRECTLY_TOKEN },
        apiKey: TEST_DD_API_KEY,
        webhookSecret: TEST_WEBHOOK_SECRET,
        nested: { config: { secret: TEST_WEBHOOK_SECRET, token: 'x' } },
        note: `sent with DdApi ${TEST_DD_API_KEY} and ApiToken: ${TEST_DIRECTLY_TOKEN}`,
        url: 'postgres://proxy:hunter2hunter2@db.internal:5432/ledger',
        jwt: h.up.dd.mint('member:9001'),
      },
      `failed for DdAccessToken ${h.up.dd.mint('contact:102')}`,
    );
    const entry = parse(lines[0]!);
    expect(entry.authorization).toBe(REDACTED);
    expect(entry.headers).toEqual({ Authorization: REDACTED, apitoken: REDACTED, ApiToken: REDACTED });
    expect(entry.apiKey).toBe(REDACTED);
    expect(entry.webhookSecret).toBe(REDACTED);
    expect(entry.nested).toEqual({ config: { secret: REDACTED, token: REDACTED } });
    expect(entry.note).toBe(`sent with DdApi ${REDACTED} and ApiToken: ${REDACTED}`);
    expect(entry.url).toBe(`postgres://proxy:${REDACTED}@db.internal:5432/ledger`);
    expect(entry.jwt).toBe(REDACTED);
    expect(entry.msg).toBe(`failed for DdAccessToken ${REDACTED}`);
    for (const secret of [TEST_DIRECTLY_TOKEN, TEST_DD_API_KEY, TEST_WEBHOOK_SECRET, 'hunter2']) expect(lines[0]).not.toContain(secret);
  });

  test('credentials are scrubbed out of text in any letter case', () => {
    const lines: string[] = [];
    createLogger((l) => lines.push(l)).warn({ note: 'BEARER abc123, apitoken=xyz, HTTPS://u:pw@host/' }, 'sent with ddapi k1');
    const entry = parse(lines[0]!);
    expect(entry.note).toBe(`BEARER ${REDACTED}, apitoken=${REDACTED}, HTTPS://u:${REDACTED}@host/`);
    expect(entry.msg).toBe(`sent with ddapi ${REDACTED}`);
  });

  test('a value with line breaks cannot forge a log line (log injection)', () => {
    const lines: string[] = [];
    const forged = '"}\n{"level":"error","msg":"forged","requestId":"x"}\r\n';
    createLogger((l) => lines.push(l)).warn({ host: forged, keys: [forged] }, 'deskdirector webhook');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\r\n]/);
    const entry = parse(lines[0]!);
    expect(entry.host).toBe(forged);
    expect(entry.msg).toBe('deskdirector webhook');
  });

  test('levels: silent writes nothing, warn drops info', () => {
    const silent: string[] = [];
    createLogger((l) => silent.push(l), 'silent').error({}, 'x');
    expect(silent).toEqual([]);
    const warn: string[] = [];
    const log = createLogger((l) => warn.push(l), 'warn');
    log.info({}, 'dropped');
    log.warn({ a: 1 }, 'kept');
    expect(warn.map(parse).map((e) => [e.level, e.msg, e.a])).toEqual([['warn', 'kept', 1]]);
  });
});

describe('error bodies', () => {
  test('Directly answering 500 with a secret-looking body: the reply is generic and does not echo it', async () => {
    h.server.use(
      http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () =>
        HttpResponse.json({ error: UPSTREAM_SECRET, trace: 'at Directly.save (app.php:42)' }, { status: 500 }),
      ),
    );
    const res = await h.escalate(5001, 'contact:101');
    expect(res.status).toBe(502);
    const body = errorOf(res);
    expect(body.error).toEqual({
      code: 'directly_unavailable',
      message: expect.any(String),
      requestId: res.headers.get('x-request-id'),
      retryAfterSeconds: 30,
    });
    expect(res.text).not.toContain(UPSTREAM_SECRET);
    expect(res.text).not.toContain('app.php');
    // The ledger's note for technicians names the status only, not Directly's body.
    expect(body.escalation?.lastError).toBe('Directly saveQuestion answered 500');
    expect(h.logLines.join('\n')).not.toContain(UPSTREAM_SECRET);
  });

  test('an unexpected error: 500 internal with a generic message and the request id, no message or stack of the error', async () => {
    const lines: string[] = [];
    const ledger = createLedger(h.db);
    ledger.escalations.latestFor = () => Promise.reject(new Error('connect ECONNREFUSED postgres://proxy:hunter2hunter2@db.internal:5432/ledger'));
    const app = createApp({ config: h.config, ledger, log: createLogger((l) => lines.push(l)) });
    const res = await app.request('/api/escalations?ticketIds=5001', {
      headers: { authorization: `DdAccessToken ${h.up.dd.mint('contact:101')}`, 'x-dd-host': DD_HOST },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    const requestId = res.headers.get('x-request-id');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String), requestId } });
    for (const leak of ['ECONNREFUSED', 'hunter2', 'postgres://', 'Error', '    at ', '.ts:']) expect(text).not.toContain(leak);
    // The log keeps what an operator needs (the error's name and message), without the password.
    const logged = lines.map(parse).find((e) => e.msg === 'unhandled error')!;
    expect(logged).toMatchObject({ requestId, err: { name: 'Error' } });
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});
