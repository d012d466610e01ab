// What the proxy accepts as an escalation request: the ticket's number in the path, and a
// JSON body of subject and text within the shared limits, at most 32 KiB. Anything else is a
// 400 (or 413) that names the field, and nothing reaches Directly.
import { afterEach, describe, expect, test } from 'vitest';
import { limits } from '../../common/question.ts';
import { DRAFT_BODY_LIMIT_BYTES } from '../../server/routes/drafts.ts';
import { ESCALATION_BODY_LIMIT_BYTES as BODY_LIMIT_BYTES } from '../../server/routes/escalations.ts';
import { errorOf, sampleDraft, useProxy } from '../support/proxy-harness.ts';
import { DD_HOST } from '../support/upstreams.ts';

const h = useProxy();

let refusalExpected = true;
afterEach(() => {
  // A refused request must leave Directly alone, whatever the test sent.
  if (refusalExpected) expect(h.directlyCalls('saveQuestion')).toEqual([]);
  refusalExpected = true;
});

const post = (json: unknown) => h.call('POST', '/api/escalations/5001', { as: 'contact:101', json });

describe('field validation: 400 invalid_request with `fields`', () => {
  test.each([
    ['text', 'missing', { subject: sampleDraft.subject }],
    ['text', 'too short', { subject: sampleDraft.subject, text: 'Help me please' }],
    ['text', 'long enough only with padding', { subject: sampleDraft.subject, text: `   ${'x'.repeat(limits.textMin - 1)}\n\n\t  ` }],
    ['text', 'too long', { subject: sampleDraft.subject, text: 'x'.repeat(limits.textMax + 1) }],
    ['text', 'not a string', { subject: sampleDraft.subject, text: 1234567890 }],
    ['subject', 'too long', { subject: 's'.repeat(limits.subjectMax + 1), text: sampleDraft.text }],
    ['subject', 'blank', { subject: '   ', text: sampleDraft.text }],
    ['subject', 'missing', { text: sampleDraft.text }],
    ['ticketId', 'in the body (the path names the ticket)', { ticketId: 5001, ...sampleDraft }],
  ])('%s %s', async (field, _case, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const { error } = errorOf(res);
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields ?? {})).toContain(field);
    expect(error.fields![field]).toMatch(/\w/);
  });

  test('several bad fields are all reported at once', async () => {
    const res = await post({ subject: '', text: 'short', contactEmail: 'not an address' });
    expect(res.status).toBe(400);
    expect(Object.keys(errorOf(res).error.fields ?? {}).sort()).toEqual(['contactEmail', 'subject', 'text']);
  });

  test('the limits are inclusive: a subject of exactly subjectMax and text of exactly textMax pass', async () => {
    refusalExpected = false;
    const res = await post({ subject: 's'.repeat(limits.subjectMax), text: 'x'.repeat(limits.textMax) });
    expect(res.status).toBe(201);
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });

  test('the messages are the ones the page shows', async () => {
    const res = await post({ subject: 's'.repeat(limits.subjectMax + 1), text: 'too short' });
    expect(errorOf(res).error.fields).toEqual({
      subject: `At most ${limits.subjectMax} characters`,
      text: `Describe the question in at least ${limits.textMin} characters`,
    });
  });
});

describe('the body itself', () => {
  test.each([
    ['not JSON', '{"ticketId": 5001, "subject": '],
    ['plain text', 'ticketId=5001&subject=x&text=y'],
    ['empty', ''],
  ])('%s: 400 invalid_request', async (_name, body) => {
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(errorOf(res).error.code).toBe('invalid_request');
  });

  test.each([['null'], ['[]'], ['"a string"'], ['42']])('JSON that is not an object (%s): 400 invalid_request', async (body) => {
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(errorOf(res).error.code).toBe('invalid_request');
  });

  const big = JSON.stringify({ subject: 'Big', text: 'x'.repeat(BODY_LIMIT_BYTES) });

  test('larger than 32 KiB, with Content-Length: 413 payload_too_large', async () => {
    expect(BODY_LIMIT_BYTES).toBe(32 * 1024);
    const res = await h.call('POST', '/api/escalations/5001', {
      as: 'contact:101',
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    });
    expect(res.status).toBe(413);
    expect(errorOf(res).error.code).toBe('payload_too_large');
  });

  test('larger than 32 KiB, streamed without Content-Length: 413 payload_too_large', async () => {
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', body: big, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(errorOf(res).error.code).toBe('payload_too_large');
  });

  test('each 413 names the limit that applied: 32 KiB for an escalation, 64 KiB for a draft', async () => {
    const escalation = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', body: big, headers: { 'content-type': 'application/json' } });
    expect(errorOf(escalation).error.message).toBe(`The request is larger than ${BODY_LIMIT_BYTES} bytes.`);
    expect(DRAFT_BODY_LIMIT_BYTES).toBe(64 * 1024);
    const draft = JSON.stringify({ subject: 'Big', text: 'x'.repeat(DRAFT_BODY_LIMIT_BYTES) });
    const res = await h.call('PUT', '/api/drafts/5001', { as: 'contact:101', body: draft, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(errorOf(res).error).toMatchObject({ code: 'payload_too_large', message: `The request is larger than ${DRAFT_BODY_LIMIT_BYTES} bytes.` });
    // Between the two limits, a draft is not refused for its size.
    const mid = JSON.stringify({ subject: 'Mid', text: 'x'.repeat(BODY_LIMIT_BYTES + 1) });
    expect((await h.call('PUT', '/api/drafts/5001', { as: 'contact:101', body: mid, headers: { 'content-type': 'application/json' } })).status).not.toBe(413);
  });

  test('exactly at the limit is not refused for its size', async () => {
    const filler = 'x'.repeat(BODY_LIMIT_BYTES);
    const shell = JSON.stringify({ subject: 'Exact', text: '' });
    const body = JSON.stringify({ subject: 'Exact', text: filler.slice(0, BODY_LIMIT_BYTES - shell.length) });
    expect(body.length).toBe(BODY_LIMIT_BYTES);
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', body, headers: { 'content-type': 'application/json' } });
    // Too long for Directly's text limit, but that is a field error, not a size error.
    expect(res.status).toBe(400);
    expect(errorOf(res).error.fields).toHaveProperty('text');
  });

  test.each([['abc'], ['5001.5'], ['-5001'], ['0'], ['99999999999999999999']])(
    'a ticket number in the path that is not one (%s): 400 naming ticketId, and DeskDirector is not asked',
    async (id) => {
      const res = await h.call('POST', `/api/escalations/${id}`, { as: 'contact:101', json: sampleDraft });
      expect(res.status).toBe(400);
      expect(errorOf(res).error.fields).toEqual({ ticketId: 'must be a positive whole number' });
      expect(h.sent.filter((s) => s.url.pathname.includes('/tickets/'))).toEqual([]);
    },
  );

  test('the old path without a ticket number, from a page loaded before the change: 404 asking for a reload, nothing sent', async () => {
    const res = await h.call('POST', '/api/escalations', { as: 'contact:101', json: { ticketId: 5001, ...sampleDraft } });
    expect(res.status).toBe(404);
    expect(errorOf(res).error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/reload it, then send again/) });
    // Only the caller check (a GET of who they are) may have left the proxy.
    expect(h.sent.filter((s) => s.url.origin !== DD_HOST || s.url.pathname.includes('/tickets'))).toEqual([]);
  });

  test('a close path with a ticket id that is not a number: 400', async () => {
    const res = await h.call('POST', '/api/escalations/abc/close', { as: 'member:9001' });
    expect(res.status).toBe(400);
    expect(errorOf(res).error.fields).toHaveProperty('ticketId');
    expect(h.directlyCalls('closeQuestion')).toEqual([]);
  });

  test('an unknown API route: 404 in the error shape', async () => {
    const res = await h.call('GET', '/api/nothing-here', { as: 'contact:101' });
    expect(res.status).toBe(404);
    expect(errorOf(res).error.code).toBe('invalid_request');
  });
});

// The ticket read starts before the body is read, so a refused body may leave one abandoned
// GET behind; nothing else: no write anywhere, no ledger row, no warning in the logs.
describe('a body refused while DeskDirector is being asked', () => {
  const rows = async () => {
    const tables = ['escalations', 'send_intents', 'idempotency_keys', 'outbox'];
    const { rows } = await h.db.query<{ n: number | string }>(tables.map((t) => `select count(*) as n from ${t}`).join(' union all '));
    return rows.map((r) => Number(r.n));
  };

  test.each([
    ['not JSON', '{"subject": "Printer'],
    ['a field error', JSON.stringify({ subject: sampleDraft.subject, text: 'too short' })],
    ['the ticket in the body', JSON.stringify({ ticketId: 5002, ...sampleDraft })],
  ])('%s: 400; at most one ticket read, nothing written, no warning', async (_case, body) => {
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'refused-body-0001' };
    const res = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', body, headers });
    expect(res.status).toBe(400);
    // The abandoned read settles after the answer; give it a moment to log, if it would.
    await new Promise((r) => setTimeout(r, 50));
    const upstream = h.sent.filter((s) => s.url.origin !== DD_HOST || s.url.pathname.includes('/tickets'));
    expect(upstream.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(upstream.length ? [expect.stringMatching(/^GET .*\/tickets\/5001$/)] : []);
    expect(await rows()).toEqual([0, 0, 0, 0]);
    const levels = h.logLines.map((l) => (JSON.parse(l) as { level: string }).level);
    expect(levels.filter((l) => l !== 'info')).toEqual([]);
  });

  test('a refused body does not use up its Idempotency-Key: the corrected send with the same key goes through', async () => {
    refusalExpected = false;
    const headers = { 'idempotency-key': 'refused-body-0002' };
    expect((await h.call('POST', '/api/escalations/5001', { as: 'contact:101', json: { ...sampleDraft, text: 'too short' }, headers })).status).toBe(400);
    const fixed = await h.call('POST', '/api/escalations/5001', { as: 'contact:101', json: sampleDraft, headers });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
  });
});
