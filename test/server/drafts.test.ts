// Drafts (issue 12, item 7): the endpoint answers the same for an unknown, a foreign and
// an escalated ticket, so it tells nobody which tickets have an open question; and each
// caller has a quota (count and characters) with a clear 413.
import { expect, test } from 'vitest';
import { DRAFT_QUOTA } from '../../server/routes/drafts.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();
const draft = { subject: 'Pivot', text: 'typing…' };
const save = (ticketId: number, as = 'contact:101', body = draft) => h.call('PUT', `/api/drafts/${ticketId}`, { as, json: body });
const read = async (ticketId: number, as = 'contact:101') => (await h.call('GET', `/api/drafts/${ticketId}`, { as })).json as { draft: unknown };

test('an unknown ticket, a ticket someone else escalated, and one nobody did: the same answer, the draft kept', async () => {
  expect((await h.escalate(5002, 'member:9001')).status).toBe(201);
  for (const ticketId of [987_654, 5002, 5003]) {
    expect((await save(ticketId)).status).toBe(204);
    expect(await read(ticketId)).toMatchObject({ draft: { ticketId, ...{ subject: draft.subject, text: draft.text } } });
  }
});

test("the caller's own sent ticket is still not revived by a late save", async () => {
  expect((await h.escalate(5003, 'contact:101')).status).toBe(201);
  expect((await save(5003)).status).toBe(204);
  expect(await read(5003)).toEqual({ draft: null });
});

test('past the count quota: 413 saying why; an existing draft can still be saved', async () => {
  for (let i = 0; i < DRAFT_QUOTA.count; i++)
    await h.db.query(`insert into drafts (dd_host, caller, ticket_id, subject, body, updated_at) values ($1, 'portal:101', $2, 's', 't', $3)`, [
      h.config.deskDirectorHosts[0],
      10_000 + i,
      new Date().toISOString(),
    ]);
  const res = await save(5001);
  expect(res.status).toBe(413);
  expect(errorOf(res).error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/unsent drafts/) });
  expect((await save(10_000)).status).toBe(204);
  // Another person's quota is their own.
  expect((await save(5001, 'contact:102')).status).toBe(204);
});

test('past the characters quota, all drafts together: 413', async () => {
  await h.db.query(`insert into drafts (dd_host, caller, ticket_id, subject, body, updated_at) values ($1, 'portal:101', 20000, 's', $2, $3)`, [
    h.config.deskDirectorHosts[0],
    'x'.repeat(DRAFT_QUOTA.chars - 10),
    new Date().toISOString(),
  ]);
  const res = await save(5001, 'contact:101', { subject: 'Pivot', text: 'twenty characters!!' });
  expect(res.status).toBe(413);
  expect(errorOf(res).error.message).toMatch(/characters/);
});
