// The ticket's slot is claimed only once DeskDirector has said the caller may send the
// ticket. A caller DeskDirector refuses leaves no trace, learns nothing of the ticket's
// escalations, and never changes someone else's record.
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { SIMULATE_OUTAGE } from '../../sim/directly/app.ts';
import { ddUrl } from '../support/upstreams.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();
const rows = async () => (await h.db.query<{ id: string; ticket_id: number; state: string }>(`select id, ticket_id, state from escalations`)).rows;

test('a ticket the caller may not see: 403, nothing recorded, and the ticket is free for its owner', async () => {
  const res = await h.escalate(5008, 'contact:101');
  expect(res.status).toBe(403);
  expect(await rows()).toEqual([]);
  expect((await h.escalate(5008, 'contact:102')).status).toBe(201);
});

test("another person's open question is not revealed: 403, not 409 with the escalation", async () => {
  const open = escalationOf(await h.escalate(5008, 'contact:102'));
  const res = await h.escalate(5008, 'contact:101');
  expect(res.status).toBe(403);
  expect(errorOf(res).escalation).toBeUndefined();
  expect(res.text).not.toContain(open.id);
  expect((await h.history(5008)).map((e) => [e.id, e.state])).toEqual([[open.id, 'open']]);
});

test("another person's failed send is left exactly as it was: not taken over, not shown as theirs", async () => {
  const failed = errorOf(await h.escalate(5008, 'contact:102', { text: `Sync stuck again. ${SIMULATE_OUTAGE}` })).escalation!;
  h.up.directly.outage(0);
  expect((await h.escalate(5008, 'contact:101')).status).toBe(403);
  const [after] = await h.history(5008);
  expect(after).toEqual(failed);
  expect(((await h.call('GET', '/api/escalations/past', { as: 'contact:101' })).json as { questions: unknown[] }).questions).toEqual([]);
  // Its owner's next send is still the same escalation.
  const retried = escalationOf(await h.escalate(5008, 'contact:102'));
  expect(retried).toMatchObject({ id: failed.id, state: 'open' });
});

test('a closed ticket, a missing one, or DeskDirector failing: nothing recorded', async () => {
  await h.up.dd.setTicketStatus(5010, 'Closed');
  expect((await h.escalate(5010, 'member:9001')).status).toBe(409);
  expect((await h.escalate(99999, 'contact:101')).status).toBe(404);
  h.server.use(http.get(ddUrl('portalTicket'), () => new HttpResponse(null, { status: 503 })));
  const down = await h.escalate(5001, 'contact:101');
  expect(down.status).toBeGreaterThanOrEqual(500);
  expect(await rows()).toEqual([]);
});

test('two sends of one ticket at once: one question, the other told it is already with the experts', async () => {
  const [a, b] = await Promise.all([h.escalate(5001, 'contact:101'), h.escalate(5001, 'member:9001')]);
  expect([a.status, b.status].sort()).toEqual([201, 409]);
  expect(h.up.directly.questions).toHaveLength(1);
  expect((await rows()).map((r) => r.state)).toEqual(['open']);
});
