// "Past questions": a Portal user finds the questions asked by or for them that are over,
// with how each ended, once their ticket list may no longer show the ticket.
import { parse } from 'valibot';
import { expect, test } from 'vitest';
import { PAST_QUESTIONS_MAX, pastQuestionsReplySchema } from '../../common/past-questions.ts';
import { SIMULATE_OUTAGE } from '../../sim/directly/app.ts';
import { errorOf, escalationOf, useProxy } from '../support/proxy-harness.ts';

const h = useProxy();
const past = async (as: string) => {
  const res = await h.call('GET', '/api/escalations/past', { as });
  expect(res.status).toBe(200);
  return parse(pastQuestionsReplySchema, res.json);
};
/** What the webhook's close leaves behind, written directly: its outbox job is another file's subject. */
const closeAsDeskDirector = (id: string) =>
  h.db.query(`update escalations set state = 'closed', closed_by = $2, closed_at = updated_at where id = $1`, [
    id,
    JSON.stringify({ app: 'webhook', id: 0, name: 'DeskDirector (status Resolved)' }),
  ]);

test('each ended question of theirs, newest first, with how it ended; open ones and other people’s are not listed', async () => {
  const withdrawn = escalationOf(await h.escalate(5001, 'contact:101'));
  expect((await h.call('POST', '/api/escalations/5001/withdraw', { as: 'contact:101' })).status).toBe(200);
  // Asked for Alice by a technician, then closed by them.
  const closed = escalationOf(await h.escalate(5002, 'member:9001'));
  expect((await h.close(5002, 'member:9001')).status).toBe(200);
  const withTicket = escalationOf(await h.escalate(5003, 'contact:101'));
  await closeAsDeskDirector(withTicket.id);
  const notSent = await h.escalate(5004, 'contact:101', { text: `Please help. ${SIMULATE_OUTAGE}` });
  expect(notSent.status).toBeGreaterThanOrEqual(500);
  h.up.directly.outage(0); // the simulated outage would otherwise last a minute
  await h.escalate(5005, 'contact:101'); // still with the experts
  await h.escalate(5008, 'contact:102'); // Bob's
  await h.close(5008, 'member:9001');

  const { questions, more } = await past('contact:101');
  expect(more).toBe(false);
  expect(questions.map((q) => [q.ticketId, q.outcome, q.closedBy])).toEqual([
    [5004, 'not_sent', null],
    [5003, 'closed_with_ticket', null],
    [5002, 'closed', { name: 'Tess Tech', isYou: false }],
    [5001, 'withdrawn', { name: 'Alice Nguyen', isYou: true }],
  ]);
  const first = questions[3]!;
  expect(first).toMatchObject({
    id: withdrawn.id,
    subject: withdrawn.subject,
    text: withdrawn.text,
    questionUrl: withdrawn.questionUrl,
    createdAt: withdrawn.createdAt,
  });
  expect(first.closedAt).not.toBeNull();
  expect(questions[2]!.id).toBe(closed.id);
  expect(questions[0]!.closedAt).toBeNull();
  expect((await past('contact:102')).questions.map((q) => q.ticketId)).toEqual([5008]);
  expect((await past('contact:201')).questions).toEqual([]);
});

test('a send that failed drops out once the ticket is asked again; one cleared by IT says so', async () => {
  await h.escalate(5001, 'contact:101', { text: `First try. ${SIMULATE_OUTAGE}` });
  expect((await past('contact:101')).questions.map((q) => q.outcome)).toEqual(['not_sent']);
  h.up.directly.outage(0);
  expect((await h.escalate(5001, 'contact:101')).status).toBe(201);
  expect((await past('contact:101')).questions).toEqual([]);

  const unsure = escalationOf(await h.escalate(5002, 'contact:101'));
  await h.db.query(`update escalations set state = 'unknown' where id = $1`, [unsure.id]);
  expect((await h.call('POST', '/api/escalations/5002/release', { as: 'member:9001' })).status).toBe(200);
  expect((await past('contact:101')).questions.map((q) => [q.ticketId, q.outcome, q.closedBy?.name])).toEqual([[5002, 'cleared', 'Tess Tech']]);
});

test('a question taken out of the queue before it was sent: withdrawn when they did it, not sent when their IT team did', async () => {
  h.up.directly.outage(60_000);
  const queue = (ticketId: number) =>
    h.call('POST', `/api/escalations/${ticketId}`, { as: 'contact:101', json: { ...h.escalationBody(ticketId, 'contact:101'), sendWhenDirectlyIsBack: true } });
  expect((await queue(5001)).status).toBe(202);
  expect((await queue(5002)).status).toBe(202);
  expect((await h.call('POST', '/api/escalations/5001/withdraw', { as: 'contact:101' })).status).toBe(200);
  expect((await h.close(5002, 'member:9001')).status).toBe(200);
  expect((await past('contact:101')).questions.map((q) => [q.ticketId, q.outcome])).toEqual([
    [5002, 'not_sent'],
    [5001, 'withdrawn'],
  ]);
});

test('the email matches whatever its case, and only the latest 100 are listed, saying there are more', async () => {
  const first = escalationOf(await h.escalate(5010, 'member:9001'));
  await h.db.query(`update escalations set asked_for_email = 'CARMEN@Contoso.Example', state = 'closed' where id = $1`, [first.id]);
  expect((await past('contact:201')).questions.map((q) => q.id)).toEqual([first.id]);

  // Closed rows copied from the first, each a millisecond newer.
  for (let i = 1; i <= PAST_QUESTIONS_MAX; i++)
    await h.db.query(
      `insert into escalations (id, dd_host, ticket_id, company_name, state, subject, body, asked_for_name, asked_for_email, escalated_by, help_desk_id, created_at, updated_at)
       select $2, dd_host, ticket_id, company_name, state, subject, body, asked_for_name, asked_for_email, escalated_by, help_desk_id, $3, $3 from escalations where id = $1`,
      [first.id, `copy-${i}`, new Date(Date.parse(first.createdAt) + i).toISOString()],
    );
  const { questions, more } = await past('contact:201');
  expect(questions).toHaveLength(PAST_QUESTIONS_MAX);
  expect(questions[0]!.id).toBe(`copy-${PAST_QUESTIONS_MAX}`);
  expect(more).toBe(true);
});

test('technicians are pointed to the report instead', async () => {
  const res = await h.call('GET', '/api/escalations/past', { as: 'member:9001' });
  expect(res.status).toBe(403);
  expect(errorOf(res).error.message).toMatch(/Escalations report/);
});
